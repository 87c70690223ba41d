/** Only same-app paths: a `next` parameter must never send the user to another site. */
export function safeNext(next: string | null | undefined, fallback = '/endpoints'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  return next;
}

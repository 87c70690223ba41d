/**
 * The admin's session cookie and the names a scenario must never see or set.
 *
 * The admin UI and the public route share one origin, so a cookie the admin's browser holds
 * could reach scenario code (as `request.cookies`), and a `Set-Cookie` from a scenario could
 * replace the admin's session. The cookie is scoped to `/api/admin`, and on top of that every
 * name below is stripped from what a scenario receives and from what it may set.
 */
export const ADMIN_COOKIE = 'sg_session';

/** The path the session cookie is scoped to: the admin API (socket.io lives under it too). */
export const ADMIN_COOKIE_PATH = '/api/admin';

/**
 * True for the admin cookie and for every name a browser could treat as it: any case,
 * surrounding whitespace, and the `__Host-`/`__Secure-` prefixed forms of any `sg…` name.
 */
export function isAdminCookieName(name: string): boolean {
  const lower = name.trim().toLowerCase();
  if (lower === ADMIN_COOKIE) return true;
  return lower.startsWith('__host-sg') || lower.startsWith('__secure-sg');
}

/**
 * The name a browser files a `Set-Cookie` value under. A value without `=` before its first
 * `;`, or with an empty name (`=sg_session=x`), makes a *nameless* cookie, which browsers send
 * back as its bare value — `sg_session=x` — so for those the name is taken from the value.
 */
export function setCookieName(setCookie: string): string {
  const pair = setCookie.split(';', 1)[0] ?? '';
  const eq = pair.indexOf('=');
  if (eq === -1) return pair.trim();
  const name = pair.slice(0, eq).trim();
  if (name !== '') return name;
  const value = pair.slice(eq + 1);
  const inner = value.indexOf('=');
  return (inner === -1 ? value : value.slice(0, inner)).trim();
}

/** A `Set-Cookie` a scenario may not send: one that sets (or shadows) an admin cookie, or a nameless one. */
export function isForbiddenSetCookie(setCookie: string): boolean {
  const pair = setCookie.split(';', 1)[0] ?? '';
  const eq = pair.indexOf('=');
  // Nameless cookies are refused outright: browsers disagree on how they are sent back.
  if (eq <= 0 || pair.slice(0, eq).trim() === '') return true;
  return isAdminCookieName(setCookieName(setCookie));
}

/**
 * A `Cookie` request header without the admin's cookies (and without nameless pairs whose
 * bare value looks like one). Returns `null` when nothing is left.
 */
export function stripAdminCookies(cookieHeader: string): string | null {
  const kept: string[] = [];
  for (const part of cookieHeader.split(';')) {
    const pair = part.trim();
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (isAdminCookieName(name)) continue;
    kept.push(pair);
  }
  return kept.length > 0 ? kept.join('; ') : null;
}

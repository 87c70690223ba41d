/**
 * The `q` filter matches a case-insensitive substring of slug, request url, error message
 * or process id. Both adapters keep a lower-cased copy of those texts on the record so the
 * filter never has to parse the stored request.
 *
 * Layout: `<slug> <url> <id>` + SEPARATOR + `<error message>`. The error part changes when
 * a run fails; the separator lets an update replace it without knowing the url.
 */
export const SEARCH_SEPARATOR = '\u001f';

export function searchBase(process: { id: string; slug: string; request: { url: string } }): string {
  const url = typeof process.request.url === 'string' ? process.request.url : '';
  return `${process.slug} ${url} ${process.id}`.toLowerCase().replaceAll(SEARCH_SEPARATOR, ' ');
}

export function searchError(error: { message?: unknown } | null | undefined): string {
  return typeof error?.message === 'string' ? error.message.toLowerCase() : '';
}

export function searchText(base: string, error: { message?: unknown } | null | undefined): string {
  return base + SEARCH_SEPARATOR + searchError(error);
}

const REDACTED = '[redacted]';
const SECRET = '[secret]';

/** Secret values as they may appear in a URL: as is and percent-encoded. */
function secretSpellings(secrets: readonly string[]): string[] {
  const spellings = new Set<string>();
  for (const secret of secrets) {
    // Very short values would mask ordinary words (the log collector draws the same line).
    if (secret.length < 4) continue;
    spellings.add(secret);
    spellings.add(encodeURIComponent(secret));
  }
  return [...spellings].sort((a, b) => b.length - a.length);
}

/** Replaces every given secret value (and its URL-encoded form) in `text` with `[secret]`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const spelling of secretSpellings(secrets)) if (out.includes(spelling)) out = out.split(spelling).join(SECRET);
  return out;
}

/**
 * The URL as a record may keep it: user info and every query value replaced by `[redacted]`
 * (`?token=abc&page=2` → `?token=[redacted]&page=[redacted]`), the fragment dropped, and any
 * secret value left in the path (`/bot<token>/sendMessage`) masked. Query names stay, so the
 * record still says what was asked.
 */
export function redactUrl(input: string, secrets: readonly string[] = []): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return maskSecrets(input.replace(/[?#].*$/s, ''), secrets).slice(0, 2048);
  }
  const userinfo = url.username || url.password ? `${REDACTED}@` : '';
  const query = url.search
    ? '?' +
      url.search
        .slice(1)
        .split('&')
        .map((pair) => {
          const eq = pair.indexOf('=');
          return eq === -1 || eq === pair.length - 1 ? pair : `${pair.slice(0, eq)}=${REDACTED}`;
        })
        .join('&')
    : '';
  const origin =
    url.protocol === 'http:' || url.protocol === 'https:' ? `${url.protocol}//${userinfo}${url.host}` : url.protocol;
  return maskSecrets(`${origin}${url.pathname}${query}`, secrets).slice(0, 2048);
}

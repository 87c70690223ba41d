/**
 * The `q` filter matches a case-insensitive substring of slug, request url, error message
 * or process id — or words of the recorded request body and the log text (below). Both adapters keep a lower-cased copy of those texts on the record so the
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

/**
 * Words of the request body and the log text, for MongoDB (the embedded store has an FTS5
 * index instead, schema.ts). `$text` is not used: it cannot match a prefix of a word, and the
 * test stand-in (mongomock) does not implement it. Instead a document keeps its words,
 * normalised as SQLite's unicode61 tokenizer does (lower case, accents removed, anything
 * but letters and digits separates), each preceded by a space; a search is then the regex
 * ` word word wor` — the same "these words in a row, the last one a prefix" as FTS5's phrase.
 * Capped: a search reads this field of every candidate document.
 */
const SEARCH_WORDS_LIMIT = 16 * 1024;

export function searchWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** ` w1 w2 …` of the body's string and number values (not its keys), capped. */
export function searchBody(body: unknown): string {
  const parts: string[] = [];
  let length = 0;
  const visit = (value: unknown): void => {
    if (length > SEARCH_WORDS_LIMIT) return;
    if (typeof value === 'string' || typeof value === 'number') {
      const words = searchWords(String(value).slice(0, SEARCH_WORDS_LIMIT));
      for (const word of words) parts.push(word);
      length += words.join(' ').length;
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (value !== null && typeof value === 'object') {
      for (const item of Object.values(value)) visit(item);
    }
  };
  visit(body);
  return phraseText(parts).slice(0, SEARCH_WORDS_LIMIT);
}

/** ` w1 w2 …` of one log line's text. */
export function searchLogLine(line: { text?: unknown }): string {
  return typeof line.text === 'string' ? phraseText(searchWords(line.text.slice(0, SEARCH_WORDS_LIMIT))) : '';
}

/** The words of the user's text as they must appear in a row; null when it has none. */
export function searchPhrase(q: string): string | null {
  const words = searchWords(q);
  return words.length === 0 ? null : phraseText(words);
}

function phraseText(words: string[]): string {
  return words.length === 0 ? '' : ` ${words.join(' ')}`;
}

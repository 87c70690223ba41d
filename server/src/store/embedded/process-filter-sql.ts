import type { NormalizedFilter } from '../process-query.js';

/** Newest first: ids are time-ordered, so this is creation order reversed. */
export const LIST_ORDER = 'ORDER BY id DESC';

/**
 * The WHERE clause of the process list, from validated values only. The SQL text depends
 * only on which filters are present (and how many statuses), so it doubles as the key of
 * the statement cache; every value is a bound parameter.
 */
export function buildWhere(
  filter: NormalizedFilter,
  afterId: string | null,
): { sql: string; params: Record<string, unknown> } {
  const terms: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.endpointId !== null) {
    terms.push('endpoint_id = @endpointId');
    params.endpointId = filter.endpointId;
  }
  if (filter.statuses !== null) {
    const names = filter.statuses.map((status, index) => {
      params[`status${index}`] = status;
      return `@status${index}`;
    });
    terms.push(names.length === 1 ? `status = ${names[0]}` : `status IN (${names.join(', ')})`);
  }
  if (filter.mode !== null) {
    terms.push('mode = @mode');
    params.mode = filter.mode;
  }
  if (filter.from !== null) {
    terms.push('queued_at >= @from');
    params.from = filter.from;
  }
  if (filter.to !== null) {
    terms.push('queued_at < @to');
    params.to = filter.to;
  }
  if (filter.idempotencyKey !== null) {
    // Exact (keys are case-sensitive), on the partial index of the processes that have a key.
    terms.push('idempotency_key = @idempotencyKey');
    params.idempotencyKey = filter.idempotencyKey;
  }
  if (filter.q !== null) {
    // GLOB is case-sensitive (both sides are already lower-cased) and about twice as fast as
    // instr() on a scan; its wildcards in the user's text are made literal by brackets.
    params.q = `*${filter.q.replace(/[*?[]/g, (c) => `[${c}]`)}*`;
    const words = ftsPhrase(filter.q);
    if (words === null) {
      terms.push('search_text GLOB @q');
    } else {
      // Or words of the request body and the log text, on the FTS5 index (schema.ts).
      terms.push(
        '(search_text GLOB @q OR rowid IN (SELECT rowid FROM processes_fts WHERE processes_fts MATCH @words))',
      );
      params.words = words;
    }
  }
  if (afterId !== null) {
    terms.push('id < @afterId');
    params.afterId = afterId;
  }
  return { sql: terms.length === 0 ? '' : `WHERE ${terms.join(' AND ')}`, params };
}

/**
 * The user's text as one FTS5 phrase whose last word is a prefix: `jane@example.com` is the
 * words jane, example, com* in a row, as the index's tokenizer splits both the text and the
 * query (case and Latin accents folded). Quotes are doubled, so nothing the user types is
 * FTS5 syntax. Null when the text has no word at all (`@`, `--`): there is nothing to look up.
 */
export function ftsPhrase(q: string): string | null {
  if (!/[\p{L}\p{N}]/u.test(q)) return null;
  return `"${q.replaceAll('"', '""')}"*`;
}

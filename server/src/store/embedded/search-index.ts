import type { SqlDatabase } from './sql.js';

/**
 * Keeps the content-search index (`processes_fts`, schema.ts) in step with `processes`, off
 * the request path: recording a run writes nothing more than the run. Rows are indexed here,
 * many per statement —
 *
 * - in the background, a batch at a time, a moment after writes (embedded-store.ts), so
 *   little waits under steady load;
 * - before any search (`catchUp`), so a `q` always sees every recorded run — a search never
 *   answers from a stale index.
 *
 * What waits: the rows above the mark `indexed_upto` (new runs) and the rows noted in
 * `processes_fts_pending` (indexed before; their logs or request changed since). Both passes
 * are writes and run through the group commit.
 */
export interface SearchIndexer {
  /**
   * Indexes up to `limit` waiting rows (new ones, then changed ones, each up to `limit`);
   * returns how many. A write: run it in the batcher.
   */
  indexPending(limit: number): number;
  /** Whether any row waits to be indexed (a read, two index seeks). */
  hasPending(): boolean;
}

/**
 * Rows indexed per write turn: under half a millisecond of work (~4 µs a row), so that the runs
 * recorded meanwhile — all other writes, and every answer waiting for its record — wait at most
 * that long. 500 rows (~2 ms a turn) showed in the sync echo's p99 under load: 16–18 ms against
 * 14–15 ms with 100 (`npm run bench`, alternating pairs); 50 was no better than 100.
 */
export const SEARCH_INDEX_BATCH = 100;

/** The body's indexed text is its string and number values (not its keys: every form has "email"). */
const BODY_TEXT = `(SELECT group_concat(value, ' ') FROM json_tree(p.request, '$.body') WHERE type IN ('text', 'integer', 'real'))`;
/** The logs' indexed text is each line's text. */
const LOGS_TEXT = `(SELECT group_concat(json_extract(value, '$.text'), ' ') FROM json_each(p.logs))`;
const MARK = '(SELECT indexed_upto FROM processes_fts_state)';

/** The indexer's statements (exported for the test of their query plans). */
export const SEARCH_INDEX_SQL = {
  waiting: `SELECT EXISTS (SELECT 1 FROM processes WHERE rowid > ${MARK})
           OR EXISTS (SELECT 1 FROM processes_fts_pending) AS waiting`,
  // The first new run. A batch is the rowids from it to `limit` later: rowids only grow, and a
  // gap (runs deleted before they were indexed) just makes a smaller batch. Walking `limit`
  // rows to find the batch's end read every one of them whole (~2.5 µs a row).
  newFirst: `SELECT rowid FROM processes WHERE rowid > ${MARK} ORDER BY rowid LIMIT 1`,
  indexNew: `INSERT OR REPLACE INTO processes_fts (rowid, body, logs)
       SELECT p.rowid, ${BODY_TEXT}, ${LOGS_TEXT} FROM processes AS p
       WHERE p.rowid > ${MARK} AND p.rowid <= @upTo`,
  mark: `UPDATE processes_fts_state SET indexed_upto = min(@upTo, (SELECT coalesce(max(rowid), 0) FROM processes))`,
  changedAny: 'SELECT rowid FROM processes_fts_pending LIMIT 1',
  // The last rowid of the next batch of changed runs (none: fewer than `limit` wait, take all).
  changedEnd: 'SELECT rowid FROM processes_fts_pending ORDER BY rowid LIMIT 1 OFFSET ?',
  // INSERT OR REPLACE: the row indexed before is replaced by rowid. CROSS JOIN keeps the
  // (short) list of changed rows the outer loop: the planner otherwise walked all of
  // `processes`, probing the list for each — 11 ms a batch at 20,000 runs, growing with history.
  indexChanged: `INSERT OR REPLACE INTO processes_fts (rowid, body, logs)
       SELECT p.rowid, ${BODY_TEXT}, ${LOGS_TEXT}
       FROM processes_fts_pending AS pending CROSS JOIN processes AS p ON p.rowid = pending.rowid
       WHERE pending.rowid <= @upTo`,
  changedDone: 'DELETE FROM processes_fts_pending WHERE rowid <= @upTo',
} as const;

export function createSearchIndexer(db: SqlDatabase): SearchIndexer {
  const statements = {
    waiting: db.prepare<[], { waiting: number }>(SEARCH_INDEX_SQL.waiting),
    newFirst: db.prepare<[], { rowid: number }>(SEARCH_INDEX_SQL.newFirst),
    indexNew: db.prepare<{ upTo: number }>(SEARCH_INDEX_SQL.indexNew),
    mark: db.prepare<{ upTo: number }>(SEARCH_INDEX_SQL.mark),
    changedAny: db.prepare<[], { rowid: number }>(SEARCH_INDEX_SQL.changedAny),
    changedEnd: db.prepare<[number], { rowid: number }>(SEARCH_INDEX_SQL.changedEnd),
    indexChanged: db.prepare<{ upTo: number }>(SEARCH_INDEX_SQL.indexChanged),
    changedDone: db.prepare<{ upTo: number }>(SEARCH_INDEX_SQL.changedDone),
  };
  return {
    indexPending(limit) {
      const count = Math.max(1, Math.min(limit, Number.MAX_SAFE_INTEGER));
      let indexed = 0;
      const first = statements.newFirst.get();
      if (first) {
        const upTo = Math.min(first.rowid + count - 1, Number.MAX_SAFE_INTEGER);
        indexed += statements.indexNew.run({ upTo }).changes;
        statements.mark.run({ upTo });
      }
      if (statements.changedAny.get()) {
        const end = statements.changedEnd.get(count - 1);
        const upTo = end ? end.rowid : Number.MAX_SAFE_INTEGER;
        indexed += statements.indexChanged.run({ upTo }).changes;
        statements.changedDone.run({ upTo });
      }
      return indexed;
    },
    hasPending() {
      return statements.waiting.get()?.waiting === 1;
    },
  };
}

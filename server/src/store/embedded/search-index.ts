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
  /** Indexes up to `limit` waiting rows. A write: run it in the batcher. */
  indexPending(limit: number): void;
  /** Whether any row waits to be indexed (a read, two index seeks). */
  hasPending(): boolean;
}

/** Rows per background pass: tens of ms of work, short enough not to hold up a request's write for long. */
export const SEARCH_INDEX_BATCH = 2_000;

/** The body's indexed text is its string and number values (not its keys: every form has "email"). */
const BODY_TEXT = `(SELECT group_concat(value, ' ') FROM json_tree(p.request, '$.body') WHERE type IN ('text', 'integer', 'real'))`;
/** The logs' indexed text is each line's text. */
const LOGS_TEXT = `(SELECT group_concat(json_extract(value, '$.text'), ' ') FROM json_each(p.logs))`;
const MARK = '(SELECT indexed_upto FROM processes_fts_state)';

export function createSearchIndexer(db: SqlDatabase): SearchIndexer {
  const statements = {
    waiting: db.prepare<[], { waiting: number }>(
      `SELECT EXISTS (SELECT 1 FROM processes WHERE rowid > ${MARK})
           OR EXISTS (SELECT 1 FROM processes_fts_pending) AS waiting`,
    ),
    // The last rowid of the next batch of new runs (none: fewer than `limit` wait, take all).
    newEnd: db.prepare<[number], { rowid: number }>(
      `SELECT rowid FROM processes WHERE rowid > ${MARK} ORDER BY rowid LIMIT 1 OFFSET ?`,
    ),
    indexNew: db.prepare<{ upTo: number }>(
      `INSERT OR REPLACE INTO processes_fts (rowid, body, logs)
       SELECT p.rowid, ${BODY_TEXT}, ${LOGS_TEXT} FROM processes AS p
       WHERE p.rowid > ${MARK} AND p.rowid <= @upTo`,
    ),
    mark: db.prepare<{ upTo: number }>(
      `UPDATE processes_fts_state SET indexed_upto = min(@upTo, (SELECT coalesce(max(rowid), 0) FROM processes))`,
    ),
    changedEnd: db.prepare<[number], { rowid: number }>(
      'SELECT rowid FROM processes_fts_pending ORDER BY rowid LIMIT 1 OFFSET ?',
    ),
    // INSERT OR REPLACE: the row indexed before is replaced by rowid.
    indexChanged: db.prepare<{ upTo: number }>(
      `INSERT OR REPLACE INTO processes_fts (rowid, body, logs)
       SELECT p.rowid, ${BODY_TEXT}, ${LOGS_TEXT}
       FROM processes_fts_pending AS pending JOIN processes AS p ON p.rowid = pending.rowid
       WHERE pending.rowid <= @upTo`,
    ),
    changedDone: db.prepare<{ upTo: number }>('DELETE FROM processes_fts_pending WHERE rowid <= @upTo'),
  };
  const batchEnd = (row: { rowid: number } | undefined) => (row ? row.rowid : Number.MAX_SAFE_INTEGER);
  return {
    indexPending(limit) {
      const offset = Math.min(limit, Number.MAX_SAFE_INTEGER) - 1;
      const newUpTo = batchEnd(statements.newEnd.get(offset));
      statements.indexNew.run({ upTo: newUpTo });
      statements.mark.run({ upTo: newUpTo });
      const changedUpTo = batchEnd(statements.changedEnd.get(offset));
      statements.indexChanged.run({ upTo: changedUpTo });
      statements.changedDone.run({ upTo: changedUpTo });
    },
    hasPending() {
      return statements.waiting.get()?.waiting === 1;
    },
  };
}

import { setImmediate as nextTurn } from 'node:timers/promises';
import { refreshPlannerStatistics } from './database.js';
import type { SqlDatabase } from './sql.js';

/** Rows per DELETE: small enough that one statement never holds the event loop for long. */
const PURGE_BATCH = 1000;
/** Pages handed back to the OS per `incremental_vacuum` step. */
const VACUUM_PAGES = 2000;

export function createRetention(db: SqlDatabase) {
  const statements = {
    // By finish time alone: a callback still pending (a receiver down for longer than the
    // retention) does not keep its process forever; the delivery goes with it.
    processes: db.prepare<{ before: string; batch: number }>(
      `DELETE FROM processes WHERE rowid IN (
         SELECT rowid FROM processes
         WHERE finished_at < @before AND status NOT IN ('queued', 'running')
         LIMIT @batch)`,
    ),
    sessions: db.prepare<{ now: string; batch: number }>(
      'DELETE FROM sessions WHERE rowid IN (SELECT rowid FROM sessions WHERE expires_at <= @now LIMIT @batch)',
    ),
    idempotency: db.prepare<{ now: string; batch: number }>(
      'DELETE FROM idempotency WHERE rowid IN (SELECT rowid FROM idempotency WHERE expires_at <= @now LIMIT @batch)',
    ),
    // WITHOUT ROWID: batched by primary key.
    rateCounters: db.prepare<{ now: number; batch: number }>(
      `DELETE FROM rate_counters WHERE bucket IN (
         SELECT bucket FROM rate_counters WHERE expires_at <= @now LIMIT @batch)`,
    ),
    freePages: db.prepare<[], { freelist_count: number }>('PRAGMA freelist_count'),
  };

  /** Deletes in batches, yielding to the event loop between them; returns the rows deleted. */
  async function deleteInBatches(run: () => number): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = run();
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
      await nextTurn();
    }
  }

  /** Returns freed pages to the file system and truncates the WAL, so the file does not only grow. */
  async function compact(): Promise<void> {
    while ((statements.freePages.get()?.freelist_count ?? 0) > 0) {
      db.exec(`PRAGMA incremental_vacuum(${VACUUM_PAGES})`);
      await nextTurn();
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  }

  return {
    async purgeExpired(before: string, now?: string): Promise<{ processes: number }> {
      const cutoff = new Date(before).toISOString();
      const at = new Date(now ?? Date.now()).toISOString();
      const processes = await deleteInBatches(
        () => statements.processes.run({ before: cutoff, batch: PURGE_BATCH }).changes,
      );
      await deleteInBatches(() => statements.sessions.run({ now: at, batch: PURGE_BATCH }).changes);
      await deleteInBatches(() => statements.idempotency.run({ now: at, batch: PURGE_BATCH }).changes);
      // Rate counters past their window go; audit entries are never purged (small, rare, and
      // an audit trail must outlive the history it explains).
      const nowMs = new Date(at).getTime();
      await deleteInBatches(() => statements.rateCounters.run({ now: nowMs, batch: PURGE_BATCH }).changes);
      // Retention runs periodically: a good moment to let the planner re-measure the tables.
      refreshPlannerStatistics(db);
      await compact();
      return { processes };
    },
  };
}

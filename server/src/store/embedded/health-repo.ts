import { statfsSync } from 'node:fs';
import { storeUnavailable } from '../store-errors.js';
import type { SqlDatabase } from './sql.js';

/**
 * Less free space than this on the file system of DATA_DIR and the store is reported unable
 * to record: one run's record (request, run input, response, logs) can take about a megabyte.
 */
export const MIN_FREE_BYTES = 1024 * 1024;

/**
 * The readiness write probe (`Store.checkWritable`): one row rewritten in the `health` table,
 * inside the write batch's transaction, so it fails when a commit fails (read-only file system,
 * I/O error, closed database). The free-space check comes first because a write this small can
 * still succeed on a full disk: in WAL mode it lands in WAL space a checkpoint already freed,
 * while the next run's record, which grows the WAL or the file, fails.
 */
export function createHealthRepo(db: SqlDatabase, dataDir: string) {
  const touch = db.prepare<[string]>(
    `INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`,
  );
  return {
    checkWritable(): void {
      const free = freeBytes(dataDir);
      if (free < MIN_FREE_BYTES) {
        throw storeUnavailable(`The disk of DATA_DIR is full: ${free} bytes free, a run needs up to ${MIN_FREE_BYTES}`);
      }
      touch.run(new Date().toISOString());
    },
  };
}

/** Bytes this process may still write: root may use the blocks reserved for it, others not. */
function freeBytes(dir: string): number {
  const stats = statfsSync(dir);
  const blocks = process.getuid?.() === 0 ? stats.bfree : stats.bavail;
  return blocks * stats.bsize;
}

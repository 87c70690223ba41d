import { counterExpiryMs } from '../rate-counter-input.js';
import type { SqlDatabase } from './sql.js';

/**
 * Rate-limit counters: one row per bucket. The increment is one UPSERT … RETURNING, so it is
 * atomic whatever runs beside it: of two requests racing at the limit, exactly one sees it. A
 * bucket whose expiry has passed but that retention has not removed yet starts again at 1.
 */
export function createRateCounterRepo(db: SqlDatabase) {
  const s = {
    increment: db.prepare<{ bucket: string; expires_at: number; now: number }, { count: number }>(
      `INSERT INTO rate_counters (bucket, count, expires_at) VALUES (@bucket, 1, @expires_at)
       ON CONFLICT (bucket) DO UPDATE SET
         count = CASE WHEN expires_at <= @now THEN 1 ELSE count + 1 END,
         expires_at = CASE WHEN expires_at <= @now THEN excluded.expires_at ELSE expires_at END
       RETURNING count`,
    ),
    get: db.prepare<[string, number], { count: number }>(
      'SELECT count FROM rate_counters WHERE bucket = ? AND expires_at > ?',
    ),
  };

  return {
    incrementRateCounter(bucket: string, expiresAt: string): number {
      const row = s.increment.get({ bucket: String(bucket), expires_at: counterExpiryMs(expiresAt), now: Date.now() });
      if (!row) throw new Error('The rate counter upsert returned no row');
      return row.count;
    },
    getRateCounter: (bucket: string) => s.get.get(String(bucket), Date.now())?.count ?? 0,
  };
}

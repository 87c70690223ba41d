import { describe, expect, it } from 'vitest';
import { TRANSFER_KINDS } from '../types.js';
import { isoAt, type GetStore } from './fixtures.js';

const inAnHour = () => isoAt(Date.now(), 3_600_000);
/** Short enough to wait for, long enough that the calls before it ends finish in time. */
const WINDOW_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function rateCounterContract(store: GetStore): void {
  describe('rate-limit counters', () => {
    it('counts a bucket from 1 up and answers 0 for one never counted', async () => {
      const expiresAt = inAnHour();
      expect(await store().getRateCounter('orders:ip:203.0.113.7:1000')).toBe(0);
      expect(await store().incrementRateCounter('orders:ip:203.0.113.7:1000', expiresAt)).toBe(1);
      expect(await store().incrementRateCounter('orders:ip:203.0.113.7:1000', expiresAt)).toBe(2);
      expect(await store().incrementRateCounter('orders:ip:203.0.113.7:1000', expiresAt)).toBe(3);
      expect(await store().getRateCounter('orders:ip:203.0.113.7:1000')).toBe(3);
    });

    it('gives 20 increments racing on one bucket the counts 1 to 20, each exactly once', async () => {
      const expiresAt = inAnHour();
      const counts = await Promise.all(
        Array.from({ length: 20 }, () => store().incrementRateCounter('race:ip:198.51.100.1:7', expiresAt)),
      );
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, n) => n + 1));
      expect(await store().getRateCounter('race:ip:198.51.100.1:7')).toBe(20);
    });

    it('lets exactly one of two requests racing at the limit through', async () => {
      const expiresAt = inAnHour();
      const limit = 5;
      for (let n = 1; n < limit; n += 1) await store().incrementRateCounter('limit:principal:key-1:3', expiresAt);
      const [a, b] = await Promise.all([
        store().incrementRateCounter('limit:principal:key-1:3', expiresAt),
        store().incrementRateCounter('limit:principal:key-1:3', expiresAt),
      ]);
      expect([a, b].filter((count) => count <= limit)).toHaveLength(1);
    });

    it('keeps buckets apart, also buckets whose names differ only in case or by a suffix', async () => {
      const expiresAt = inAnHour();
      await Promise.all([
        store().incrementRateCounter('ep:ip:a', expiresAt),
        store().incrementRateCounter('ep:ip:a', expiresAt),
        store().incrementRateCounter('ep:ip:A', expiresAt),
        store().incrementRateCounter('ep:ip:a:2', expiresAt),
      ]);
      expect(await store().getRateCounter('ep:ip:a')).toBe(2);
      expect(await store().getRateCounter('ep:ip:A')).toBe(1);
      expect(await store().getRateCounter('ep:ip:a:2')).toBe(1);
      expect(await store().getRateCounter('ep:ip')).toBe(0);
    });

    it('counts 0 once a bucket’s window is over, never stretching it, and then starts it again at 1', async () => {
      const windowEnd = Date.now() + WINDOW_MS;
      expect(await store().incrementRateCounter('window:ip:x', new Date(windowEnd).toISOString())).toBe(1);
      // A later call naming a later expiry still counts in the window the bucket was made for.
      expect(await store().incrementRateCounter('window:ip:x', isoAt(Date.now(), 7_200_000))).toBe(2);
      await sleep(windowEnd + 100 - Date.now());
      expect(await store().getRateCounter('window:ip:x')).toBe(0);
      const next = inAnHour();
      expect(await store().incrementRateCounter('window:ip:x', next)).toBe(1);
      expect(await store().incrementRateCounter('window:ip:x', next)).toBe(2);
      expect(await store().getRateCounter('window:ip:x')).toBe(2);
    });

    it('keeps live counters through retention, and the count of an expired one stays 0', async () => {
      const windowEnd = Date.now() + WINDOW_MS;
      await store().incrementRateCounter('over:ip:x', new Date(windowEnd).toISOString());
      await store().incrementRateCounter('live:ip:x', inAnHour());
      await sleep(windowEnd + 100 - Date.now());
      await store().purgeExpired(isoAt(Date.now(), -86_400_000));
      expect(await store().getRateCounter('live:ip:x')).toBe(1);
      expect(await store().getRateCounter('over:ip:x')).toBe(0);
      expect(await store().incrementRateCounter('over:ip:x', inAnHour())).toBe(1);
    });

    it('refuses an expiry that is not a time with validation_failed', async () => {
      await expect(store().incrementRateCounter('bad:ip:x', 'tomorrow')).rejects.toMatchObject({
        code: 'validation_failed',
      });
      expect(await store().getRateCounter('bad:ip:x')).toBe(0);
    });

    it('leaves counters out of backups', async () => {
      await store().incrementRateCounter('backup:ip:x', inAnHour());
      for (const kind of TRANSFER_KINDS) expect((await store().exportRecords(kind, null, 10)).records).toEqual([]);
    });
  });
}

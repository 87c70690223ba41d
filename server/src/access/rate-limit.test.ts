import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limit.js';

function memoryCounters() {
  const counts = new Map<string, number>();
  return {
    async incrementRateCounter(bucket: string) {
      const next = (counts.get(bucket) ?? 0) + 1;
      counts.set(bucket, next);
      return next;
    },
    async getRateCounter(bucket: string) {
      return counts.get(bucket) ?? 0;
    },
  };
}

const t0 = Date.parse('2030-01-01T00:00:00Z');

describe('rate limits', () => {
  it('fixed: allows `requests` per window, refuses the rest with Retry-After until the window ends, then starts over', async () => {
    const limiter = createRateLimiter(memoryCounters());
    const limit = { requests: 2, windowSeconds: 60, by: 'ip' as const, window: 'fixed' as const };
    await limiter.hit('e', 'ip:1', limit, t0 + 1_000);
    await limiter.hit('e', 'ip:1', limit, t0 + 2_000);
    await expect(limiter.hit('e', 'ip:1', limit, t0 + 50_000)).rejects.toMatchObject({
      code: 'rate_limited',
      headers: { 'Retry-After': '10' },
    });
    await limiter.hit('e', 'ip:2', limit, t0 + 50_000); // another caller has its own count
    await limiter.hit('e', 'ip:1', limit, t0 + 61_000); // the next window
  });

  it('sliding: weighs the previous window by how much of it still overlaps', async () => {
    const limiter = createRateLimiter(memoryCounters());
    const limit = { requests: 10, windowSeconds: 60, by: 'ip' as const, window: 'sliding' as const };
    for (let i = 0; i < 10; i++) await limiter.hit('e', 'ip:1', limit, t0 + 59_000);
    // 15 s into the next window, 75 % of the previous 10 still count: 7 + 1 ≤ 10, 7 + 4 > 10.
    for (let i = 0; i < 3; i++) await limiter.hit('e', 'ip:1', limit, t0 + 75_000);
    await expect(limiter.hit('e', 'ip:1', limit, t0 + 75_000)).rejects.toMatchObject({ code: 'rate_limited' });
    // A fixed window would have let all of them through at once.
  });
});

import type { RateLimitSettings } from '../contract/index.js';
import { AppError } from '../core/app-error.js';
import type { Store } from '../store/types.js';

/**
 * Per-endpoint rate limits with counters in the store, so every instance on one database
 * counts the same calls. `fixed` counts calls in the current window; `sliding` also weighs the
 * previous window by how much of it still overlaps the last `windowSeconds` (Cloudflare's
 * approximation: smooth at window edges, two counters per caller).
 */
export function createRateLimiter(store: Pick<Store, 'incrementRateCounter' | 'getRateCounter'>) {
  return {
    /** Counts this call; throws `429 rate_limited` with `Retry-After` when it is over the limit. */
    async hit(endpointId: string, subject: string, limit: RateLimitSettings, now = Date.now()): Promise<void> {
      const windowMs = limit.windowSeconds * 1000;
      const index = Math.floor(now / windowMs);
      const bucket = (i: number) => `${endpointId}|${subject}|${limit.windowSeconds}|${i}`;
      // Kept while it can still weigh in: this window and the next one.
      const expiresAt = new Date((index + 2) * windowMs).toISOString();
      const current = await store.incrementRateCounter(bucket(index), expiresAt);
      let count = current;
      if (limit.window === 'sliding') {
        const previous = await store.getRateCounter(bucket(index - 1));
        const overlap = 1 - (now - index * windowMs) / windowMs;
        count = current + Math.floor(previous * overlap);
      }
      if (count <= limit.requests) return;
      const retryAfter = Math.max(1, Math.ceil(((index + 1) * windowMs - now) / 1000));
      throw new AppError('rate_limited', `More than ${limit.requests} calls in ${limit.windowSeconds} s; retry later`, {
        headers: { 'Retry-After': String(retryAfter) },
      });
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

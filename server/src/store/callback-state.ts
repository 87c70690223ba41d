import type { ProcessCallback } from '../contract/index.js';

/**
 * When a callback is next due, in epoch ms, as both adapters index it: only a `pending`
 * callback is due; one without a (valid) `nextAttemptAt` is due at `now`. Kept beside the
 * callback itself so that a claim finds due deliveries on an index, never by reading records.
 */
export function callbackDueAt(callback: ProcessCallback | null | undefined, now: number): number | null {
  if (!callback || callback.status !== 'pending') return null;
  const due = callback.nextAttemptAt === null ? Number.NaN : Date.parse(callback.nextAttemptAt);
  return Number.isNaN(due) ? now : due;
}

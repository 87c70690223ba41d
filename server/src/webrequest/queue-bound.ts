import type { Store } from '../store/types.js';
import { endpointBusy } from './admission.js';

/** How long a count of an endpoint's queued runs is trusted before it is read again. */
const FRESH_MS = 1_000;
/** Callers of a full queue are told to come back after this long. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Bounds the async queue per endpoint: past `max` queued runs, new async calls of that
 * endpoint get `503 endpoint_busy` instead of growing the store without limit (other
 * endpoints keep queueing). The count is read from the store — so it holds across
 * instances — at most once a second per endpoint while this instance's own enqueues since
 * that reading keep it under the bound.
 */
export function createQueueBound(deps: { store: Store; max: number }) {
  const counts = new Map<string, { at: number; count: number }>();

  return {
    async check(endpointId: string): Promise<void> {
      const now = Date.now();
      let known = counts.get(endpointId);
      if (!known || now - known.at > FRESH_MS || known.count >= deps.max) {
        known = { at: now, count: await deps.store.countProcesses({ endpointId, status: 'queued' }) };
        counts.set(endpointId, known);
        if (counts.size > 10_000) counts.delete(counts.keys().next().value as string);
      }
      if (known.count >= deps.max) {
        throw endpointBusy(`This endpoint already has ${deps.max} queued runs; retry later`, RETRY_AFTER_SECONDS);
      }
      known.count++;
    },
  };
}

export type QueueBound = ReturnType<typeof createQueueBound>;

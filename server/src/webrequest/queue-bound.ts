import type { Store } from '../store/types.js';
import { endpointBusy } from './admission.js';

/** How long a count of an endpoint's queued runs is trusted before it is read again. */
const FRESH_MS = 1_000;
/**
 * How long a full queue is believed full. Calls refused meanwhile cost no read: a count reads
 * every queued run of the endpoint (10,000 by default), and a flood of calls at a full queue
 * re-counting each time cost ~2 ms of the server's CPU per refused call.
 */
const FULL_FRESH_MS = 100;
/** Callers of a full queue are told to come back after this long. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Bounds the async queue per endpoint: past `max` queued runs, new async calls of that
 * endpoint get `503 endpoint_busy` instead of growing the store without limit (other
 * endpoints keep queueing). The count is read from the store — so it holds across
 * instances — at most once a second per endpoint while this instance's own enqueues since
 * that reading keep it under the bound, and at most every FULL_FRESH_MS while it is full.
 */
export function createQueueBound(deps: { store: Pick<Store, 'countProcesses'>; max: number; now?: () => number }) {
  const counts = new Map<string, { at: number; count: number }>();
  /** A reading in progress per endpoint: a burst of calls waits for one count, not one each. */
  const reading = new Map<string, Promise<{ at: number; count: number }>>();
  const clock = deps.now ?? Date.now;

  async function read(endpointId: string, now: number) {
    let pending = reading.get(endpointId);
    if (!pending) {
      pending = deps.store
        .countProcesses({ endpointId, status: 'queued' })
        .then((count) => {
          const known = { at: now, count };
          counts.set(endpointId, known);
          if (counts.size > 10_000) counts.delete(counts.keys().next().value as string);
          return known;
        })
        .finally(() => reading.delete(endpointId));
      reading.set(endpointId, pending);
    }
    await pending;
    // This instance's enqueues since the reading are counted on the cached entry.
    return counts.get(endpointId) ?? (await pending);
  }

  return {
    async check(endpointId: string): Promise<void> {
      const now = clock();
      let known = counts.get(endpointId);
      const age = known ? now - known.at : Infinity;
      if (!known || age > FRESH_MS || (known.count >= deps.max && age > FULL_FRESH_MS)) {
        known = await read(endpointId, now);
      }
      if (known.count >= deps.max) {
        throw endpointBusy(`This endpoint already has ${deps.max} queued runs; retry later`, RETRY_AFTER_SECONDS);
      }
      known.count++;
    },
  };
}

export type QueueBound = ReturnType<typeof createQueueBound>;

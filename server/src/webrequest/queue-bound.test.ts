import { describe, expect, it } from 'vitest';
import { createQueueBound } from './queue-bound.js';

function fakeStore(queued: { n: number }) {
  const reads = { count: 0 };
  return {
    reads,
    store: {
      countProcesses: () => {
        reads.count += 1;
        return Promise.resolve(queued.n);
      },
    },
  };
}

describe('queue bound', () => {
  it('refuses past the bound, and a flood at a full queue costs the store one count per 100 ms, not one per call', async () => {
    const queued = { n: 5 };
    const { store, reads } = fakeStore(queued);
    let now = 1_000_000;
    const bound = createQueueBound({ store, max: 5, now: () => now });

    const outcomes = await Promise.allSettled(Array.from({ length: 1_000 }, () => bound.check('ep-1')));
    expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'endpoint_busy' });
    expect(reads.count).toBeLessThanOrEqual(2);
    // Calls one after another within 100 ms of the reading are refused without a read.
    const before = reads.count;
    now += 50;
    for (let i = 0; i < 100; i++) await expect(bound.check('ep-1')).rejects.toMatchObject({ code: 'endpoint_busy' });
    expect(reads.count).toBe(before);

    // The queue drains: within 100 ms the next call sees the room and is accepted.
    queued.n = 2;
    now += 101;
    await expect(bound.check('ep-1')).resolves.toBeUndefined();
    // Counted from the reading plus this instance's own enqueues: 2 + 1, 2 + 2, then full.
    await expect(bound.check('ep-1')).resolves.toBeUndefined();
    await expect(bound.check('ep-1')).resolves.toBeUndefined();
    await expect(bound.check('ep-1')).rejects.toMatchObject({ code: 'endpoint_busy' });
  });

  it('keeps other endpoints queueing while one is full', async () => {
    const { store } = fakeStore({ n: 5 });
    const bound = createQueueBound({
      store: { countProcesses: (f) => (f.endpointId === 'full' ? store.countProcesses() : Promise.resolve(0)) },
      max: 5,
    });
    await expect(bound.check('full')).rejects.toMatchObject({ code: 'endpoint_busy' });
    await expect(bound.check('other')).resolves.toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createAdmission } from './admission.js';

const settled = async <T>(promise: Promise<T>) => {
  let state = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((r) => setImmediate(r));
  return state;
};

describe('per-endpoint admission', () => {
  it('admits up to maxInFlight at once, queues up to maxWaiting in order, refuses the rest with endpoint_busy', async () => {
    const admission = createAdmission({ maxInFlight: 2, maxWaiting: 1 });
    const first = await admission.acquire('a');
    await admission.acquire('a');
    const waiting = admission.acquire('a');
    expect(await settled(waiting)).toBe('pending');
    await expect(admission.acquire('a')).rejects.toMatchObject({
      code: 'endpoint_busy',
      headers: { 'Retry-After': '1' },
    });
    // Another endpoint is not affected by the full lane.
    expect(await settled(admission.acquire('b'))).toBe('resolved');
    first.release();
    first.release(); // twice is harmless
    expect(await settled(waiting)).toBe('resolved');
    expect(admission.snapshot().a).toEqual({ inFlight: 2, waiting: 0 });
  });

  it('takes a caller whose client went away out of line, freeing its place', async () => {
    const admission = createAdmission({ maxInFlight: 1, maxWaiting: 1 });
    const running = await admission.acquire('a');
    const controller = new AbortController();
    const gone = admission.acquire('a', () => controller.signal);
    controller.abort();
    await expect(gone).rejects.toMatchObject({ code: 'cancelled' });
    const next = admission.acquire('a');
    expect(await settled(next)).toBe('pending');
    running.release();
    expect(await settled(next)).toBe('resolved');
  });

  it('forgets an endpoint whose lane is empty', async () => {
    const admission = createAdmission({ maxInFlight: 1, maxWaiting: 0 });
    (await admission.acquire('a')).release();
    expect(admission.snapshot()).toEqual({});
  });
});

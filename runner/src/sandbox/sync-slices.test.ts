import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerPool } from '../api.js';
import { createRunnerPool } from '../pool.js';
import type { RunOutcome } from '../protocol.js';
import { errorCodeOf, jsonOf, makeJob, type JobOptions } from '../testing/jobs.js';
import { json, startReceiver, type Receiver } from '../testing/receiver.js';

// Runs first tried on the worker's own thread (sandbox/host/sync-slices.ts), in one real worker
// (forked from runner/dist: build first), against a real receiver on 127.0.0.1.
let pool: RunnerPool;
let receiver: Receiver;

const run = (code: string, options?: JobOptions): Promise<RunOutcome> => pool.run(makeJob(code, options));

/** Busy for `ms` of wall time: longer than a slice (20 ms). */
const BUSY = `function busy(ms) { const end = Date.now() + ms; let x = 0; while (Date.now() < end) x++; return x; }`;

beforeAll(async () => {
  receiver = await startReceiver();
  receiver.route('/hook', (request, response) => json(response, 200, { got: request.body }));
  pool = createRunnerPool({ workers: 1, outboundAllow: [`127.0.0.1:${receiver.port}`] });
  await pool.ready();
});

afterAll(async () => {
  await pool?.close();
  await receiver?.close();
});

describe('synchronous slices', () => {
  it('runs a scenario that outgrows its slice again from the start, so that what it did happens once', async () => {
    const before = receiver.received.length;
    // The request is made before the long computation: in the abandoned slice it never left.
    const outcome = await run(
      `${BUSY}
      let runsOfThisIsolate = 0;
      export default async (request) => {
        runsOfThisIsolate++;
        console.log('started');
        const pending = fetch(request.body.url, { method: 'POST', body: 'once' });
        busy(80);
        const answer = await pending;
        return { runsOfThisIsolate, answer: await answer.json() };
      }`,
      { body: { url: `${receiver.origin}/hook` } },
    );
    expect(outcome.ok).toBe(true);
    // A fresh isolate: the abandoned attempt's module state went with its isolate.
    expect(jsonOf(outcome)).toEqual({ runsOfThisIsolate: 1, answer: { got: 'once' } });
    expect(outcome.logs.map((line) => line.text)).toEqual(['started']);
    expect(outcome.fetches).toHaveLength(1);
    expect(receiver.received.length - before).toBe(1);
  });

  it('keeps the worker answering other runs while one computes for long', async () => {
    const slow = run(`${BUSY} export default () => busy(1500)`, { limits: { timeoutMs: 10_000, cpuMs: 10_000 } });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const quick = await Promise.all([1, 2, 3].map((n) => run(`export default () => ({ n: ${n} })`)));
    const waited = Date.now() - started;
    expect(quick.map(jsonOf)).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    // Answered while the slow run computes on its isolate's thread (it has 1.4 s to go).
    expect(waited).toBeLessThan(1_000);
    expect((await slow).ok).toBe(true);
  });

  it('stops a run whose whole time limit fits in a slice as timed out, not as retried', async () => {
    const outcome = await run(`export default () => { while (true) {} }`, { limits: { timeoutMs: 15, cpuMs: 15 } });
    expect(errorCodeOf(outcome)).toBe('scenario_timeout');
  });

  it('never lets a slice outlast the CPU a run is allowed', async () => {
    const outcome = await run(`export default () => { while (true) {} }`, { limits: { timeoutMs: 5_000, cpuMs: 5 } });
    expect(errorCodeOf(outcome)).toBe('cpu_limit');
  });

  it('answers an async handler that awaits nothing within the slice, logs and all', async () => {
    const outcome = await run(
      `export default async (request) => {
        console.log('a');
        await null;
        queueMicrotask(() => console.log('b'));
        await Promise.resolve();
        return { echo: request.body };
      }`,
      { body: { x: 1 } },
    );
    expect(jsonOf(outcome)).toEqual({ echo: { x: 1 } });
    expect(outcome.logs.map((line) => line.text)).toEqual(['a', 'b']);
  });
});

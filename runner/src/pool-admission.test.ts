import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerPool } from './api.js';
import { createRunnerPool } from './pool.js';
import { errorCodeOf, makeJob, sleep } from './testing/jobs.js';

// Real worker processes (forked from runner/dist: build first). Two workers, as on this machine.
let pool: RunnerPool;
const LONG = { timeoutMs: 60_000, cpuMs: 60_000 };

beforeAll(async () => {
  pool = createRunnerPool({ workers: 2 });
  await pool.ready();
});
afterAll(async () => {
  await pool?.close();
});

/** Latencies (ms) of `count` trivial runs of one scenario, one after the other. */
async function quickLatencies(scenarioId: string, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const outcome = await pool.run(makeJob(`export default () => ({ quick: true })`, { scenarioId }));
    expect(errorCodeOf(outcome)).toBe('ok');
    latencies.push(performance.now() - started);
    await sleep(20);
  }
  return latencies;
}

/**
 * Prompt means not queued behind the flood: a run that waited its turn would take about as long
 * as the flood itself. The median says it on a loaded machine too; the slowest run may meet a
 * busy core once, but never the flood's wait.
 */
function expectPrompt(latencies: number[], floodMs: number): void {
  const sorted = [...latencies].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  expect(median, `latencies ${sorted.map(Math.round).join(', ')} ms`).toBeLessThan(500);
  expect(sorted.at(-1)!, `latencies ${sorted.map(Math.round).join(', ')} ms`).toBeLessThan(Math.max(500, floodMs / 3));
}

describe('fair admission', () => {
  it('runs a scenario promptly while another floods the pool with slow runs', async () => {
    const slow = `export default () => new Promise((resolve) => setTimeout(() => resolve('slow'), 200))`;
    const started = performance.now();
    const flood = Array.from({ length: 160 }, () =>
      pool.run(makeJob(slow, { scenarioId: 'slow-flood', limits: LONG })),
    );
    await sleep(100);
    expect(pool.stats().waiting).toBeGreaterThan(100);
    const latencies = await quickLatencies('quick-beside-slow', 15);
    const outcomes = await Promise.all(flood);
    const floodMs = performance.now() - started;
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    // The flood runs 4 at a time per worker (the worker's isolates per scenario): ~4 s.
    expect(floodMs).toBeGreaterThan(3_000);
    expectPrompt(latencies, performance.now() - started);
    expect(pool.stats().waiting).toBe(0);
  });

  it('runs a scenario promptly while another keeps every core busy', async () => {
    const spin = `export default () => { const end = Date.now() + 150; while (Date.now() < end) {} return 'spun' }`;
    const started = performance.now();
    const flood = Array.from({ length: 80 }, () => pool.run(makeJob(spin, { scenarioId: 'cpu-flood', limits: LONG })));
    await sleep(100);
    const latencies = await quickLatencies('quick-beside-cpu', 15);
    const outcomes = await Promise.all(flood);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(performance.now() - started).toBeGreaterThan(1_200);
    expectPrompt(latencies, performance.now() - started);
  });

  it('runs a scenario promptly while another floods the pool with quick runs', async () => {
    const quick = `export default (request) => ({ echo: request.body })`;
    const flood = Array.from({ length: 3000 }, (_, i) =>
      pool.run(makeJob(quick, { scenarioId: 'quick-flood', body: i, limits: LONG })),
    );
    const started = performance.now();
    await sleep(50);
    const latencies = await quickLatencies('quick-beside-quick', 10);
    const outcomes = await Promise.all(flood);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expectPrompt(latencies, performance.now() - started);
  });

  it('keeps each scenario first in, first out', async () => {
    const code = `export default (request) => new Promise((resolve) => setTimeout(() => resolve(request.body), 30))`;
    const finished: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        pool.run(makeJob(code, { scenarioId: 'ordered', body: i, limits: LONG })).then(() => finished.push(i)),
      ),
    );
    // Up to 8 run at once (4 per worker), so completions may swap within a window of about 8;
    // on a loaded machine timers of one batch fire a little out of step, hence twice that.
    // Last in, first out would put run 39 first: 39 places off.
    finished.forEach((value, position) => expect(Math.abs(value - position)).toBeLessThan(16));
  });

  it('tells a server how many runs of one scenario execute at once', () => {
    expect(pool.stats()).toMatchObject({ workers: 2, alive: 2, runsPerScenario: 8, waiting: 0 });
  });
});

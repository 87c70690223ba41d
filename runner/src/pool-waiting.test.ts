import { afterEach, describe, expect, it } from 'vitest';
import type { RunnerLogger, RunnerPool, RunnerPoolOptions } from './api.js';
import { createRunnerPool } from './pool.js';
import type { RunOutcome } from './protocol.js';
import { makeJob, sleep, type JobOptions } from './testing/jobs.js';

// Runs that wait for a worker, in real worker processes (forked from runner/dist: build first).

/** Answers `done` after `request.body` ms. */
const SLEEPS = `export default (request) => new Promise((resolve) => setTimeout(() => resolve('done'), request.body))`;
const LONG = { timeoutMs: 20_000, cpuMs: 20_000 };

let pool: RunnerPool | undefined;
const workerPids: number[] = [];

async function startPool(options: RunnerPoolOptions = {}): Promise<RunnerPool> {
  const logger: RunnerLogger = {
    info: (entry: { pid?: number }, message?: string) => {
      if (message === 'runner worker ready' && entry.pid) workerPids.push(entry.pid);
    },
    warn: () => {},
    error: () => {},
  };
  pool = createRunnerPool({ logger, ...options });
  await pool.ready();
  return pool;
}

afterEach(async () => {
  await pool?.close();
  pool = undefined;
  workerPids.length = 0;
});

/** Runs `SLEEPS` for `ms` and tells how long the caller waited for the outcome. */
async function timed(
  runner: RunnerPool,
  ms: number,
  options: JobOptions,
): Promise<{ outcome: RunOutcome; waitedMs: number }> {
  const started = Date.now();
  const outcome = await runner.run(makeJob(SLEEPS, { body: ms, ...options }));
  return { outcome, waitedMs: Date.now() - started };
}

describe('the time limit covers the wait for a worker', () => {
  it('answers a run that cannot start in time with scenario_timeout when its limit is reached', async () => {
    const runner = await startPool({ workers: 1, isolatesPerScenario: 1 });
    const occupying = timed(runner, 2_500, { scenarioId: 'one-lane', limits: LONG });
    await sleep(100);
    const late = await timed(runner, 0, { scenarioId: 'one-lane', limits: { timeoutMs: 500, cpuMs: 500 } });
    expect(late.outcome).toMatchObject({ ok: false, error: { code: 'scenario_timeout' } });
    if (!late.outcome.ok) {
      expect(late.outcome.error.message).toMatch(
        /^The time limit passed before the run could start: the only live runner worker is busy with this scenario/,
      );
    }
    // At its limit, not when the worker frees up 2.4 s later.
    expect(late.waitedMs).toBeGreaterThanOrEqual(450);
    expect(late.waitedMs).toBeLessThan(1_200);
    expect((await occupying).outcome).toMatchObject({ ok: true });
  });

  it('gives a run that starts late only what is left of its time', async () => {
    const runner = await startPool({ workers: 1, isolatesPerScenario: 1 });
    const limits = { timeoutMs: 1_200, cpuMs: 1_200 };
    void timed(runner, 700, { scenarioId: 'queue', limits: LONG });
    await sleep(50);
    // Both wait ~650 ms for the first run; then ~550 ms are left of their 1.2 s.
    const fits = timed(runner, 150, { scenarioId: 'queue', limits });
    const overruns = timed(runner, 1_000, { scenarioId: 'queue', limits });
    expect((await fits).outcome).toMatchObject({ ok: true });
    const late = await overruns;
    expect(late.outcome).toMatchObject({ ok: false, error: { code: 'scenario_timeout' } });
    if (!late.outcome.ok) expect(late.outcome.error.message).toMatch(/ran past its time limit/);
    // The full 1.2 s in the worker would have answered after ~2 s.
    expect(late.waitedMs).toBeLessThan(1_600);
    expect(late.outcome.durationMs).toBeLessThan(1_000);
  });

  it('counts the time before the pool from the deadline its caller gives', async () => {
    const runner = await startPool({ workers: 1 });
    const cut = await timed(runner, 2_000, { limits: { ...LONG, deadline: Date.now() + 400 } });
    expect(cut.outcome).toMatchObject({ ok: false, error: { code: 'scenario_timeout' } });
    expect(cut.waitedMs).toBeLessThan(1_000);
    const spent = await timed(runner, 0, { limits: { ...LONG, deadline: Date.now() - 1 } });
    expect(spent.outcome).toMatchObject({
      ok: false,
      error: { code: 'scenario_timeout', message: 'The time limit passed before the run reached the runner' },
    });
    expect(spent.waitedMs).toBeLessThan(100);
  });
});

describe('a run that finds no worker', () => {
  it('is told that all workers are busy when they are', async () => {
    const runner = await startPool({ workers: 2, isolatesPerScenario: 1, maxWaitMs: 300 });
    const occupying = [0, 1].map(() => timed(runner, 1_500, { scenarioId: 'busy', limits: LONG }));
    await sleep(100);
    const refused = await timed(runner, 0, { scenarioId: 'busy', limits: LONG });
    expect(refused.outcome).toMatchObject({ ok: false, error: { code: 'runner_unavailable' } });
    if (!refused.outcome.ok) {
      expect(refused.outcome.error.message).toMatch(
        /^All 2 runner workers are busy with this scenario: .*; the run waited 0\.\d s and did not start$/,
      );
    }
    expect(refused.waitedMs).toBeLessThan(1_000);
    for (const run of occupying) expect((await run).outcome).toMatchObject({ ok: true });
  });

  it('is told that no worker is alive while the workers restart', async () => {
    const runner = await startPool({ workers: 1, maxWaitMs: 50 });
    process.kill(workerPids[0]!, 'SIGKILL');
    for (let i = 0; i < 100 && runner.stats().alive > 0; i++) await sleep(10);
    const refused = await timed(runner, 0, { limits: LONG });
    expect(refused.outcome).toMatchObject({
      ok: false,
      error: {
        code: 'runner_unavailable',
        message: expect.stringMatching(/^No runner worker is alive \(the worker is restarting\); the run waited/),
      },
    });
    // The replacement serves the next run.
    for (let i = 0; i < 200 && runner.stats().alive < 1; i++) await sleep(25);
    expect((await timed(runner, 0, { limits: LONG })).outcome).toMatchObject({ ok: true });
  });
});

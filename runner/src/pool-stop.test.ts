import { afterEach, describe, expect, it } from 'vitest';
import type { RunnerLogger, RunnerPool, RunnerPoolOptions } from './api.js';
import { createRunnerPool } from './pool.js';
import { makeJob, sleep } from './testing/jobs.js';

// Real worker processes receiving real signals (forked from runner/dist: build first).

/** Logs `started`, then answers `done` after `request.body` ms (never, when the body is null). */
const SLOW = `export default (request, ctx) => {
  ctx.log.info('started');
  return new Promise((resolve) => { if (request.body !== null) setTimeout(() => resolve('done'), request.body) });
}`;
const LIMITS = { timeoutMs: 20_000, cpuMs: 20_000 };

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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('stopping the pool', () => {
  it('keeps running its runs to the end when SIGTERM, SIGINT or SIGHUP reaches the workers', async () => {
    const runner = await startPool({ workers: 2 });
    const runs = Array.from({ length: 6 }, (_, i) =>
      runner.run(makeJob(SLOW, { scenarioId: `slow-${i % 3}`, body: 1500, limits: LIMITS })),
    );
    await sleep(300);
    expect(workerPids).toHaveLength(2);
    // What systemd, a terminal's Ctrl-C or `docker stop` does: the whole process group is signalled.
    for (const pid of workerPids)
      for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.kill(pid, signal);
    const outcomes = await Promise.all(runs);
    expect(outcomes.map((outcome) => (outcome.ok ? outcome.result : outcome.error))).toEqual(
      Array(6).fill({ kind: 'text', text: 'done' }),
    );
    expect(runner.stats()).toMatchObject({ workers: 2, alive: 2, restarts: 0 });
    expect(workerPids.every(isAlive)).toBe(true);
  });

  it('stops its workers when it is closed, though they ignore stop signals', async () => {
    const runner = await startPool({ workers: 2 });
    expect(workerPids.every(isAlive)).toBe(true);
    await runner.close();
    expect(workerPids.filter(isAlive)).toEqual([]);
  });

  it('answers runs in progress and runs still waiting as interrupted when it closes', async () => {
    const runner = await startPool({ workers: 1, isolatesPerScenario: 1 });
    const running = runner.run(makeJob(SLOW, { scenarioId: 'hangs', body: null, limits: LIMITS }));
    const waiting = runner.run(makeJob(SLOW, { scenarioId: 'hangs', body: null, limits: LIMITS }));
    await sleep(400);
    expect(runner.stats().waiting).toBe(1);
    await runner.close();
    expect(await running).toMatchObject({
      ok: false,
      error: { code: 'interrupted', message: 'The server stopped before the run finished' },
      // What the run logged before the stop is kept.
      logs: [{ level: 'info', text: 'started' }],
    });
    expect(await waiting).toMatchObject({
      ok: false,
      error: { code: 'interrupted', message: 'The server stopped before the run started' },
    });
    expect(await runner.run(makeJob(SLOW, { body: 0 }))).toMatchObject({
      ok: false,
      error: { code: 'runner_unavailable' },
    });
  });

  it('answers a run cancelled while it waits for a worker as cancelled', async () => {
    const runner = await startPool({ workers: 1, isolatesPerScenario: 1 });
    const first = makeJob(SLOW, { scenarioId: 'one-at-a-time', body: 600, limits: LIMITS });
    const second = makeJob(SLOW, { scenarioId: 'one-at-a-time', body: 0, limits: LIMITS });
    const outcomes = [runner.run(first), runner.run(second)];
    await sleep(200);
    runner.cancel(second.runId);
    expect(await outcomes[1]).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await outcomes[0]).toMatchObject({ ok: true });
  });
});

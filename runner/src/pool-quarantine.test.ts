import { afterEach, describe, expect, it } from 'vitest';
import type { RunnerLogger, RunnerPool, RunnerPoolOptions } from './api.js';
import { createRunnerPool } from './pool.js';
import { errorCodeOf, makeJob, sleep } from './testing/jobs.js';

// Real worker processes that really crash (forked from runner/dist: build first).

/**
 * One scenario for every test: `crash` takes its worker down (isolated-vm reports a
 * catastrophic out-of-memory error for it — within a second on isolated-vm 5, after up to
 * 20 s on isolated-vm 7), `slow` answers after 1.5 s, `wait` after a minute (it only ever
 * ends by its worker's crash), anything else at once.
 */
const SCENARIO = `export default (request) => {
  if (request.body === 'crash') return new Array(1e9).fill(0);
  const ms = { slow: 1500, wait: 60000 }[request.body] ?? 0;
  return new Promise((resolve) => setTimeout(() => resolve('fine'), ms));
}`;
const LIMITS = { timeoutMs: 90_000, cpuMs: 90_000, memoryMb: 64 };

let pool: RunnerPool | undefined;
const workerPids: Array<{ kind: string; pid: number }> = [];

async function startPool(options: RunnerPoolOptions = {}): Promise<RunnerPool> {
  const logger: RunnerLogger = {
    info: (entry: { pid?: number; kind?: string }, message?: string) => {
      if (message === 'runner worker ready' && entry.pid) workerPids.push({ kind: entry.kind ?? '', pid: entry.pid });
    },
    warn: () => {},
    error: () => {},
  };
  pool = createRunnerPool({ workers: 1, maxIsolationWorkers: 2, logger, ...options });
  await pool.ready();
  return pool;
}

afterEach(async () => {
  await pool?.close();
  pool = undefined;
  workerPids.length = 0;
});

const send = (runner: RunnerPool, scenarioId: string, body: string) =>
  runner.run(makeJob(SCENARIO, { scenarioId, body, limits: LIMITS }));

async function waitUntil(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await sleep(25);
  expect(check()).toBe(true);
}

describe('quarantine after a worker crash', () => {
  it('quarantines the scenario that crashed its worker, and not the ones running beside it', async () => {
    const runner = await startPool();
    const beside = send(runner, 'beside', 'wait');
    await sleep(200);
    expect(errorCodeOf(await send(runner, 'culprit', 'crash'))).toBe('runner_crashed');
    // Runs in the same process die with it; their scenario is not blamed.
    expect(errorCodeOf(await beside)).toBe('runner_crashed');
    expect(runner.stats().quarantined).toBe(1);
    await waitUntil(() => runner.stats().alive >= 1);

    // The culprit now runs apart: its next crash fails none of the other scenario's runs.
    const others = Array.from({ length: 6 }, () => send(runner, 'beside', 'slow'));
    const again = send(runner, 'culprit', 'crash');
    expect(errorCodeOf(await again)).toBe('runner_crashed');
    expect((await Promise.all(others)).map(errorCodeOf)).toEqual(Array(6).fill('ok'));
    expect(runner.stats().quarantined).toBe(1);
  }, 60_000);

  it('runs each suspect alone when a crash names no scenario, and releases the others once the culprit is named', async () => {
    const runner = await startPool();
    const first = send(runner, 'suspect-a', 'wait');
    const second = send(runner, 'suspect-b', 'wait');
    await sleep(300);
    // A plain fatal error (no report from isolated-vm): the process just dies.
    const shared = workerPids.find((worker) => worker.kind === 'shared')!;
    process.kill(shared.pid, 'SIGKILL');
    expect([errorCodeOf(await first), errorCodeOf(await second)]).toEqual(['runner_crashed', 'runner_crashed']);
    expect(runner.stats().quarantined).toBe(2);

    // Each suspect has an isolation worker of its own: a's crash there does not touch b's run.
    const innocent = send(runner, 'suspect-b', 'slow');
    await sleep(300);
    expect(errorCodeOf(await send(runner, 'suspect-a', 'crash'))).toBe('runner_crashed');
    expect(errorCodeOf(await innocent)).toBe('ok');
    // The crash named a: b is released, a stays.
    expect(runner.stats().quarantined).toBe(1);
  }, 60_000);

  it('releases a suspect that keeps running alone without a crash', async () => {
    const runner = await startPool();
    const first = send(runner, 'suspect-c', 'wait');
    const second = send(runner, 'suspect-d', 'wait');
    await sleep(300);
    process.kill(workerPids.find((worker) => worker.kind === 'shared')!.pid, 'SIGKILL');
    await Promise.all([first, second]);
    expect(runner.stats().quarantined).toBe(2);
    for (let i = 0; i < 20; i++) expect(errorCodeOf(await send(runner, 'suspect-c', 'quick'))).toBe('ok');
    expect(runner.stats().quarantined).toBe(1);
  }, 60_000);

  it('keeps other scenarios prompt while a quarantined scenario is flooded', async () => {
    const runner = await startPool();
    expect(errorCodeOf(await send(runner, 'flooded', 'crash'))).toBe('runner_crashed');
    await waitUntil(() => runner.stats().alive >= 1);
    const flood = Array.from({ length: 66 }, () => send(runner, 'flooded', 'wait'));
    await sleep(300);
    expect(runner.stats().waiting).toBeGreaterThan(50);
    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      expect(errorCodeOf(await send(runner, `other-${i % 3}`, 'quick'))).toBe('ok');
      latencies.push(performance.now() - started);
    }
    expect(Math.max(...latencies)).toBeLessThan(500);
    await runner.close();
    expect((await Promise.all(flood)).every((outcome) => ['ok', 'interrupted'].includes(errorCodeOf(outcome)))).toBe(
      true,
    );
  }, 60_000);
});

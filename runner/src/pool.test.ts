import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerPool } from './api.js';
import { createRunnerPool } from './pool.js';
import type { RunOutcome } from './protocol.js';
import { jsonOf as json, makeJob as job, type JobOptions } from './testing/jobs.js';

// Runs real isolates in real worker processes (forked from runner/dist: `npm test` builds first).
let pool: RunnerPool;

const run = (code: string, options?: JobOptions): Promise<RunOutcome> => pool.run(job(code, options));

beforeAll(async () => {
  pool = createRunnerPool({ workers: 1 });
  await pool.ready();
});
afterAll(async () => {
  await pool?.close();
});

describe('the sandbox', () => {
  it('gives the scenario web globals but nothing of the host', async () => {
    const outcome = await run(`export default async () => ({
      host: [typeof process, typeof require, typeof fetch, typeof SharedArrayBuffer],
      url: new URL('/a?b=1', 'https://example.com/x').searchParams.get('b'),
      uuid: /^[0-9a-f-]{36}$/.test(crypto.randomUUID()),
      text: new TextDecoder().decode(new TextEncoder().encode('héllo ✓')),
      b64: atob(btoa('hi')),
      clone: structuredClone({ d: [1, { e: 2 }] }),
      timer: await new Promise((resolve) => setTimeout(() => resolve('fired'), 20)),
      ticks: await new Promise((resolve) => { let n = 0; const id = setInterval(() => { if (++n === 3) { clearInterval(id); resolve(n) } }, 5) }),
    })`);
    expect(json(outcome)).toEqual({
      host: ['undefined', 'undefined', 'function', 'undefined'],
      url: '1',
      uuid: true,
      text: 'héllo ✓',
      b64: 'hi',
      clone: { d: [1, { e: 2 }] },
      timer: 'fired',
      ticks: 3,
    });
  });

  it('keeps built-ins frozen so one run cannot change what the next one sees', async () => {
    const scenarioId = 'tamper';
    const code = `let runs = 0;
      export default () => {
        runs++;
        const attempts = [];
        for (const tamper of [() => { Array.prototype.map = null }, () => { Object.prototype.polluted = 1 }, () => { JSON.parse = () => 1 }]) {
          try { tamper(); attempts.push('changed') } catch { attempts.push('refused') }
        }
        const own = {}; own.toString = () => 'own';
        return { runs, attempts, polluted: ({}).polluted ?? null, own: String(own) };
      }`;
    const first = json(await run(code, { scenarioId })) as { runs: number };
    const second = json(await run(code, { scenarioId })) as { runs: number; attempts: string[] };
    expect(second).toEqual({ runs: 2, attempts: ['refused', 'refused', 'refused'], polluted: null, own: 'own' });
    expect(first.runs).toBe(1);
  });

  it('captures console and ctx.log lines with secret values masked, within the caps', async () => {
    const outcome = await run(
      `export default (request, ctx) => { ctx.log.warn('key is', ctx.secrets.apiKey); console.log({ a: 1 }); for (let i = 0; i < 100; i++) console.debug('line', i); }`,
      { secrets: { apiKey: 's3cr3t-value' } },
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.logs[0]).toMatchObject({ level: 'warn', text: 'key is [secret]' });
    expect(outcome.logs[1]).toMatchObject({ level: 'info', text: '{"a":1}' });
    expect(outcome.logs).toHaveLength(50);
    expect(outcome.logsTruncated).toBe(true);
  });

  it('fails a result above the size cap inside the sandbox', async () => {
    const outcome = await run(`export default () => 'x'.repeat(2 * 1024 * 1024)`);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'result_too_large' } });
  });

  it('stops a CPU loop at the deadline and a later run of the same scenario still works', async () => {
    const scenarioId = 'sometimes-spins';
    const code = `export default (request) => { if (request.body === 'spin') for (;;) {} return 'ok' }`;
    const started = Date.now();
    const spun = await run(code, { scenarioId, body: 'spin', limits: { timeoutMs: 300, cpuMs: 300 } });
    expect(spun).toMatchObject({ ok: false, error: { code: 'scenario_timeout' } });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await run(code, { scenarioId })).toMatchObject({ ok: true, result: { kind: 'text', text: 'ok' } });
  });

  it('enforces a CPU limit lower than the wall-clock limit', async () => {
    const outcome = await run(`export default () => { for (;;) {} }`, { limits: { timeoutMs: 5000, cpuMs: 200 } });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'cpu_limit' } });
  });

  it('cancels a run in progress', async () => {
    const runJob = job(`export default () => new Promise(() => {})`);
    const pending = pool.run(runJob);
    setTimeout(() => pool.cancel(runJob.runId), 100);
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('bounds what a scenario can make the host do: pending timers and URL sizes', async () => {
    const outcome = await run(`export default () => {
      let timers = 'none refused';
      try { for (let i = 0; i < 20000; i++) setTimeout(() => {}, 1e9) } catch (e) { timers = e.name }
      let url = 'parsed';
      try { new URL('https://example.com/' + 'a'.repeat(100000)) } catch (e) { url = e.name }
      return { timers, url };
    }`);
    expect(json(outcome)).toEqual({ timers: 'RangeError', url: 'TypeError' });
  });

  it('tells the scenario which attempt of its process this run is', async () => {
    const code = `export default (request, ctx) => ({ process: ctx.process, frozen: Object.isFrozen(ctx.process) })`;
    const first = json(await run(code, { scenarioId: 'attempts' })) as { process: { id: string; attempt: number } };
    expect(first.process.attempt).toBe(1);
    expect(json(await run(code, { scenarioId: 'attempts', attempt: 2 }))).toMatchObject({
      process: { attempt: 2 },
      frozen: true,
    });
  });

  it('reuses a warm isolate for the next run of the same scenario version', async () => {
    const scenarioId = 'warm';
    await run(`export default () => 1`, { scenarioId });
    const second = await run(`export default () => 1`, { scenarioId });
    expect(second.warm).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, type AdminClient, type TestServer } from './harness.js';

// One shared worker process, the default on a 2-core machine (RUNNER_WORKERS = cores − 1): every
// endpoint's runs share its thread, so a scenario that computes on it must not stall the others.
let server: TestServer;
let admin: AdminClient;
const call = (path: string) => fetch(`${server.url}/api/webrequest/${path}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  server = await startTestServer({ RUNNER_WORKERS: '1' });
  admin = await signIn(server.url);
  // Each run computes for 60 ms: longer than a synchronous slice (20 ms) on the worker's own
  // thread, which must give it up rather than keep the other endpoints' runs waiting.
  await createEndpoint(
    admin,
    'busy',
    `export default () => { const end = Date.now() + 60; let n = 0; while (Date.now() < end) n++; return { n: n > 0 }; }`,
  );
  await createEndpoint(admin, 'quick', `export default () => ({ quick: true })`);
  expect(((await (await fetch(`${server.url}/readyz`)).json()) as any).runner).toMatchObject({ workers: 1 });
});

afterAll(async () => {
  await server?.stop();
});

describe('one shared worker', () => {
  it('answers other endpoints promptly while one endpoint keeps its thread computing', async () => {
    await (await call('quick')).arrayBuffer();
    let flooding = true;
    const busyStatuses: number[] = [];
    // 24 callers back to back: far more computing than one thread can do, for as long as we measure.
    const flood = Array.from({ length: 24 }, async () => {
      while (flooding) {
        const res = await call('busy');
        await res.arrayBuffer();
        busyStatuses.push(res.status);
      }
    });
    await sleep(300);
    const latencies: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      const res = await call('quick');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ quick: true });
      latencies.push(performance.now() - started);
      await sleep(20);
    }
    flooding = false;
    await Promise.all(flood);
    expect(busyStatuses.length).toBeGreaterThan(24);
    expect(busyStatuses.every((status) => status === 200 || status === 503)).toBe(true);
    // Alone, a quick run answers in ~10–30 ms here. Were the busy runs let keep the thread (no
    // slice limit), each quick one would wait behind several of them: ~220 ms measured.
    expect(Math.max(...latencies)).toBeLessThan(150);
  }, 30_000);
});

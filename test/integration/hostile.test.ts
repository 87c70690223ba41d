import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, type AdminClient, type TestServer } from './harness.js';

let server: TestServer;
let admin: AdminClient;
const call = (slug: string, init?: RequestInit) => fetch(`${server.url}/api/webrequest/${slug}`, init);

beforeAll(async () => {
  server = await startTestServer({ ISOLATE_MEMORY_MB: '32' });
  admin = await signIn(server.url);
  await createEndpoint(admin, 'fine', 'export default (request) => ({ ok: true, q: request.query.i ?? null })');
  const limited = { timeoutMs: 1000 };
  // Long enough that ten quick runs beside it finish first even on a loaded machine.
  await createEndpoint(admin, 'spin', 'export default () => { while (true) {} }', { timeoutMs: 3000 });
  await createEndpoint(admin, 'never', 'export default () => new Promise(() => {})', limited);
  await createEndpoint(admin, 'spin-later', 'export default async () => { await null; for (;;) {} }', limited);
  await createEndpoint(admin, 'getter-loop', 'export default () => ({ get boom() { for (;;) {} } })', limited);
  await createEndpoint(
    admin,
    'memory-bomb',
    'export default () => { const a = []; for (;;) a.push(new Array(1e6).fill(1)); }',
    { timeoutMs: 20_000 },
  );
  await createEndpoint(admin, 'crash', 'export default () => new Array(1e9).fill(0)', { timeoutMs: 30_000 });
});

afterAll(async () => {
  await server?.stop();
});

async function expectError(res: Response, status: number, codes: string[]) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as any;
  expect(codes).toContain(body.error.code);
  expect(body.error.processId).toBe(res.headers.get('x-process-id'));
  return body.error.processId as string;
}

describe('hostile scenarios', () => {
  it('kills an infinite loop at the time limit while parallel runs finish promptly', async () => {
    const started = Date.now();
    let spinAnsweredAt = 0;
    const spin = call('spin').then((res) => {
      spinAnsweredAt = Date.now();
      return res;
    });
    const others = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const res = await call(`fine?i=${i}`);
        return { status: res.status, at: Date.now() };
      }),
    );
    const spinRes = await spin;
    // The loop holds its isolate for its whole time limit (3 s); the others never wait for it.
    for (const other of others) {
      expect(other.status).toBe(200);
      expect(other.at).toBeLessThan(spinAnsweredAt);
    }
    const processId = await expectError(spinRes, 504, ['scenario_timeout']);
    expect(Date.now() - started).toBeLessThan(8000);
    const detail = await admin.call('GET', `/processes/${processId}`);
    expect(detail.body.status).toBe('timeout');
  });

  it('stops a promise that never settles, a loop after an await and a getter that loops while copying out', async () => {
    for (const slug of ['never', 'spin-later', 'getter-loop']) {
      const started = Date.now();
      await expectError(await call(slug), 504, ['scenario_timeout']);
      expect(Date.now() - started).toBeLessThan(5000);
    }
    expect((await call('fine')).status).toBe(200);
  });

  it('fails a memory bomb on its own and keeps serving', async () => {
    const processId = await expectError(await call('memory-bomb'), 500, ['memory_limit']);
    expect((await admin.call('GET', `/processes/${processId}`)).body.status).toBe('failed');
    expect((await call('fine')).status).toBe(200);
  });

  it('answers 502 runner_crashed when a scenario takes its worker down, and a new worker takes over', async () => {
    const res = await call('crash');
    // V8 may catch this as a heap-limit breach instead of dying; both fail only this run.
    const processId = await expectError(res, res.status, ['runner_crashed', 'memory_limit']);
    expect([502, 500]).toContain(res.status);
    expect((await admin.call('GET', `/processes/${processId}`)).body.status).toBe('failed');
    for (let i = 0; i < 6; i++) expect((await call(`fine?i=${i}`)).status).toBe(200);
  });

  it('runs a scenario that crashed its worker apart, so its next crash harms no other run', async () => {
    // The crash above quarantined "crash" in an isolation worker: other runs share no process with it.
    const again = call('crash');
    const others = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call(`fine?i=${i}`).then((res) => res.status)),
    );
    expect(others).toEqual(Array.from({ length: 20 }, () => 200));
    expect([502, 500]).toContain((await again).status);
    const ready = await fetch(`${server.url}/readyz`).then((res) => res.json() as Promise<any>);
    expect(ready.runner.quarantined).toBeGreaterThanOrEqual(1);
  });
});

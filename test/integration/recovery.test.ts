import { createServer as createHttpServer } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, waitFor, type AdminClient } from './harness.js';
import { createProcessPool, freePort } from './server-process.js';

/**
 * Recovery (README "Operations"): a server killed with kill -9 loses no async run. Queued runs
 * run after the restart; a run cut off is retried as its next attempt, which the scenario sees
 * in ctx.process.attempt, until ASYNC_MAX_ATTEMPTS; a long run keeps its lease while it runs, so
 * another instance never takes it over.
 */

const pool = createProcessPool();
afterAll(() => pool.cleanup());

async function allFinished(admin: AdminClient, ids: string[], final = ['succeeded']) {
  return waitFor(
    async () => {
      const records = await Promise.all(ids.map(async (id) => (await admin.call('GET', `/processes/${id}`)).body));
      return records.every((r) => final.includes(r.status)) ? records : null;
    },
    30_000,
    200,
  );
}

const SLOW_ASYNC =
  'export default async (r, ctx) => { await new Promise((ok) => setTimeout(ok, Number(r.query.ms ?? 1500))); return { n: r.query.n, attempt: ctx.process.attempt } }';

describe('a server killed with kill -9', () => {
  it('runs the queued async runs after a restart and retries the cut-off one as attempt 2, which the scenario sees', async () => {
    const dir = await pool.freshDir();
    const port = await freePort();
    const first = await pool.start(port, dir);
    const admin = await signIn(first.url);
    await createEndpoint(admin, 'slow', SLOW_ASYNC);
    const ids: string[] = [];
    const statusUrls: string[] = [];
    for (let n = 0; n < 4; n++) {
      const res = await fetch(`${first.url}/api/webrequest/slow?async=1&n=${n}`, { method: 'POST' });
      expect(res.status).toBe(202);
      ids.push(res.headers.get('x-process-id')!);
      statusUrls.push(((await res.json()) as { statusUrl: string }).statusUrl);
    }
    await waitFor(async () => (await admin.call('GET', `/processes/${ids[0]}`)).body.status === 'running');
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await pool.start(port, dir);
    const again = await signIn(second.url);
    const finished = await allFinished(again, ids);
    expect(finished.map((r) => r.attempt)).toEqual([2, 1, 1, 1]);
    expect(finished.map((r) => JSON.parse(r.response.body))).toEqual([
      { n: '0', attempt: 2 },
      { n: '1', attempt: 1 },
      { n: '2', attempt: 1 },
      { n: '3', attempt: 1 },
    ]);
    // The log says why it ran again: its own instance restarted, not a lease that ran out.
    const texts = finished[0].logs.map((l: { text: string }) => l.text);
    expect(texts).toContainEqual(expect.stringMatching(/restarted before the run finished.*attempt 2 of 2/));
    const status = (await (await fetch(new URL(statusUrls[0]!, second.url))).json()) as {
      status: string;
      attempt: number;
    };
    expect(status).toMatchObject({ status: 'succeeded', attempt: 2 });
    second.child.kill('SIGTERM');
    await second.exited;
  });

  it('ends a run cut off on its last attempt interrupted, naming the reason and the attempts', async () => {
    const dir = await pool.freshDir();
    const port = await freePort();
    const env = { ASYNC_MAX_ATTEMPTS: '1' };
    const first = await pool.start(port, dir, env);
    const admin = await signIn(first.url);
    await createEndpoint(admin, 'slow', SLOW_ASYNC);
    const id = (await fetch(`${first.url}/api/webrequest/slow?async=1&ms=20000`)).headers.get('x-process-id')!;
    await waitFor(async () => (await admin.call('GET', `/processes/${id}`)).body.status === 'running');
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await pool.start(port, dir, env);
    const [record] = await allFinished(await signIn(second.url), [id], ['interrupted']);
    expect(record).toMatchObject({ status: 'interrupted', attempt: 1, error: { code: 'interrupted' } });
    expect(record.error.message).toMatch(/restarted before the run finished.*after 1 of 1 attempt/);
    second.child.kill('SIGTERM');
    await second.exited;
  });
});

describe('a run longer than its lease', () => {
  it('keeps its lease while it runs, so a second instance on the same store never takes it over', async () => {
    const dir = await pool.freshDir();
    const env = { ASYNC_LEASE_MS: '1200' };
    const a = await pool.start(await freePort(), dir, { ...env, INSTANCE_ID: 'instance-a' });
    const admin = await signIn(a.url);
    await createEndpoint(admin, 'slow', SLOW_ASYNC);
    const id = (await fetch(`${a.url}/api/webrequest/slow?async=1&ms=5000`)).headers.get('x-process-id')!;
    await waitFor(async () => (await admin.call('GET', `/processes/${id}`)).body.status === 'running');
    // Instance b polls the same queue for the whole run: four leases long.
    const b = await pool.start(await freePort(), dir, { ...env, INSTANCE_ID: 'instance-b' });
    const [record] = await allFinished(admin, [id]);
    expect(record.attempt).toBe(1);
    expect(JSON.parse(record.response.body)).toEqual({ attempt: 1 });
    expect(record.logs).toEqual([]);

    // Once its instance dies, the lease runs out and the other instance retries it, saying why.
    const cut = (await fetch(`${a.url}/api/webrequest/slow?async=1&ms=20000`)).headers.get('x-process-id')!;
    await waitFor(async () => (await admin.call('GET', `/processes/${cut}`)).body.status === 'running');
    a.child.kill('SIGKILL');
    await a.exited;
    const onB = await signIn(b.url);
    await waitFor(async () => (await onB.call('GET', `/processes/${cut}`)).body.attempt === 2, 20_000, 200);
    const retried = (await onB.call('GET', `/processes/${cut}`)).body;
    expect(retried.logs.map((l: { text: string }) => l.text)).toContainEqual(
      expect.stringMatching(/lease expired.*attempt 2 of 2/),
    );
    b.child.kill('SIGTERM');
    await b.exited;
  });
});

describe('a sync run cut off by kill -9', () => {
  it('is marked interrupted at the next start, and not retried', async () => {
    const dir = await pool.freshDir();
    const port = await freePort();
    const first = await pool.start(port, dir);
    const admin = await signIn(first.url);
    await createEndpoint(admin, 'hang', 'export default () => new Promise((ok) => setTimeout(ok, 20000))');
    const pending = fetch(`${first.url}/api/webrequest/hang`).catch(() => null);
    const running = await waitFor(async () => {
      const list = await admin.call('GET', '/processes?status=running');
      return list.body.items[0] as { id: string } | undefined;
    });
    first.child.kill('SIGKILL');
    await first.exited;
    await pending;

    const second = await pool.start(port, dir);
    const again = await signIn(second.url);
    const detail = await again.call('GET', `/processes/${running.id}`);
    expect(detail.body).toMatchObject({ mode: 'sync', status: 'interrupted', attempt: 1 });
    expect(detail.body.error.message).toMatch(/not retried/);
    second.child.kill('SIGTERM');
    await second.exited;
  });
});

describe('a pending callback delivery', () => {
  it('survives a kill -9 and is delivered after the restart', async () => {
    const hits: string[] = [];
    const receiver = createHttpServer((req, res) => {
      hits.push(req.headers['x-scriptgate-process-id'] as string);
      // The first attempt fails, so the delivery is still pending when the server dies.
      res.statusCode = hits.length === 1 ? 503 : 200;
      res.end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverPort = (receiver.address() as { port: number }).port;
    const env = { OUTBOUND_ALLOW: `127.0.0.1:${receiverPort}`, CALLBACK_RETRY_BASE_MS: '3000' };
    try {
      const dir = await pool.freshDir();
      const port = await freePort();
      const first = await pool.start(port, dir, env);
      const admin = await signIn(first.url);
      await createEndpoint(admin, 'called-back', 'export default () => ({ done: true })', {
        alwaysAsync: true,
        callbackUrl: `http://127.0.0.1:${receiverPort}/hook`,
      });
      const processId = (await fetch(`${first.url}/api/webrequest/called-back`)).headers.get('x-process-id')!;
      await waitFor(
        async () => (await admin.call('GET', `/processes/${processId}`)).body.callback?.attempts.length === 1,
      );
      first.child.kill('SIGKILL');
      await first.exited;

      const second = await pool.start(port, dir, env);
      const again = await signIn(second.url);
      const delivered = await waitFor(
        async () => {
          const detail = (await again.call('GET', `/processes/${processId}`)).body;
          return detail.callback?.status === 'delivered' ? detail : null;
        },
        30_000,
        200,
      );
      expect(delivered.callback.attempts.map((attempt: { status: number }) => attempt.status)).toEqual([503, 200]);
      expect(hits).toEqual([processId, processId]);
      second.child.kill('SIGTERM');
      await second.exited;
    } finally {
      receiver.close();
    }
  });
});

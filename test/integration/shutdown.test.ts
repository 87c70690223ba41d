import { request as httpRequest, Agent } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, waitFor } from './harness.js';
import { createProcessPool, freePort } from './server-process.js';

/**
 * Graceful stops under every signal pattern (README "Operations"): SIGTERM or SIGINT to the
 * server alone or to its whole process group, as systemd, a terminal's Ctrl-C or `docker stop`
 * send it. Runs in flight finish within the grace period; async runs still going are handed
 * back to the queue; nothing new starts; the server exits 0.
 */

const pool = createProcessPool();
afterAll(() => pool.cleanup());

describe('a signal to the whole process group', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`lets a running sync run answer (${signal}), and exits 0`, async () => {
      const dir = await pool.freshDir();
      const port = await freePort();
      const server = await pool.start(port, dir, { RUNNER_WORKERS: '2' }, { group: true });
      const admin = await signIn(server.url);
      await createEndpoint(
        admin,
        'slow-sync',
        'export default async () => { await new Promise((ok) => setTimeout(ok, 1500)); return { done: true } }',
      );
      const answer = fetch(`${server.url}/api/webrequest/slow-sync`);
      await waitFor(async () => (await admin.call('GET', '/processes?status=running')).body.items.length > 0);
      process.kill(-server.child.pid!, signal);
      const res = await answer;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ done: true });
      expect(await server.exited).toBe(0);
    });
  }

  it('hands a long async run back to the queue at the end of the grace period, keeps queued runs, and runs them all after the restart at attempt 1', async () => {
    const dir = await pool.freshDir();
    const port = await freePort();
    const env = { SHUTDOWN_GRACE_MS: '800' };
    const first = await pool.start(port, dir, env, { group: true });
    const admin = await signIn(first.url);
    await createEndpoint(
      admin,
      'long-async',
      'export default async (r, ctx) => { await new Promise((ok) => setTimeout(ok, Number(r.query.ms))); return { n: r.query.n, attempt: ctx.process.attempt } }',
    );
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) {
      const res = await fetch(`${first.url}/api/webrequest/long-async?async=1&n=${n}&ms=${n === 0 ? 4000 : 300}`);
      ids.push(res.headers.get('x-process-id')!);
    }
    await waitFor(async () => (await admin.call('GET', `/processes/${ids[0]}`)).body.status === 'running');
    process.kill(-first.child.pid!, 'SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await pool.start(port, dir, env);
    const again = await signIn(second.url);
    const records = await waitFor(
      async () => {
        const all = await Promise.all(ids.map(async (id) => (await again.call('GET', `/processes/${id}`)).body));
        return all.every((r) => r.status === 'succeeded') ? all : null;
      },
      30_000,
      200,
    );
    // Handed back at a deploy, not cut off by a crash: still the first attempt.
    expect(records.map((r) => r.attempt)).toEqual([1, 1, 1]);
    expect(records.map((r) => JSON.parse(r.response.body))).toEqual([
      { n: '0', attempt: 1 },
      { n: '1', attempt: 1 },
      { n: '2', attempt: 1 },
    ]);
    expect(records[0].logs.some((line: { text: string }) => /handed back/i.test(line.text))).toBe(true);
    process.kill(second.child.pid!, 'SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('records a sync run still going when the grace period ends interrupted by the stop, not cancelled', async () => {
    const dir = await pool.freshDir();
    const port = await freePort();
    const server = await pool.start(port, dir, { SHUTDOWN_GRACE_MS: '800' }, { group: true });
    const admin = await signIn(server.url);
    await createEndpoint(
      admin,
      'too-long',
      'export default async () => { await new Promise((ok) => setTimeout(ok, 20000)); return "late" }',
    );
    const answer = fetch(`${server.url}/api/webrequest/too-long`).catch(() => null);
    const running = await waitFor(async () => {
      const list = await admin.call('GET', '/processes?status=running');
      return list.body.items[0] as { id: string } | undefined;
    });
    process.kill(-server.child.pid!, 'SIGTERM');
    expect(await server.exited).toBe(0);
    // Its caller is told, rather than left with a reset connection.
    const res = await answer;
    expect(res?.status).toBe(503);
    expect(((await res!.json()) as any).error.code).toBe('interrupted');

    const after = await pool.start(port, dir);
    const again = await signIn(after.url);
    const record = (await again.call('GET', `/processes/${running.id}`)).body;
    expect(record).toMatchObject({ mode: 'sync', status: 'interrupted', error: { code: 'interrupted' } });
    expect(record.error.message).toMatch(/server stop/);
    after.child.kill('SIGTERM');
    await after.exited;
  });

  it('exits at once on a second signal, and its workers go with it', async () => {
    const dir = await pool.freshDir();
    const server = await pool.start(await freePort(), dir, { SHUTDOWN_GRACE_MS: '30000' }, { group: true });
    const admin = await signIn(server.url);
    await createEndpoint(admin, 'hang', 'export default () => new Promise((ok) => setTimeout(ok, 60000))');
    void fetch(`${server.url}/api/webrequest/hang`).catch(() => null);
    await waitFor(async () => (await admin.call('GET', '/processes?status=running')).body.items.length > 0);
    process.kill(-server.child.pid!, 'SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const secondAt = Date.now();
    process.kill(server.child.pid!, 'SIGTERM');
    expect(await server.exited).toBe(1);
    // Well within the 30 s grace the first signal would have given.
    expect(Date.now() - secondAt).toBeLessThan(5_000);
    const groupGone = () => {
      try {
        process.kill(-server.child.pid!, 0);
        return false;
      } catch {
        return true;
      }
    };
    await waitFor(async () => groupGone(), 10_000, 100);
  });

  it('answers a new request on a busy keep-alive connection 503 shutting_down instead of running it', async () => {
    const dir = await pool.freshDir();
    const port = await freePort();
    const server = await pool.start(port, dir, { SHUTDOWN_GRACE_MS: '3000' });
    const admin = await signIn(server.url);
    await createEndpoint(
      admin,
      'slowish',
      'export default async () => { await new Promise((ok) => setTimeout(ok, 1000)); return "slow" }',
    );
    await createEndpoint(admin, 'quick', 'export default () => "quick"');
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status: number; body: string; socket: unknown }>((resolve, reject) => {
        const req = httpRequest(`${server.url}${path}`, { agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, socket: req.socket }));
        });
        req.on('error', reject);
        req.end();
      });
    const first = get('/api/webrequest/slowish');
    await waitFor(async () => (await admin.call('GET', '/processes?status=running')).body.items.length > 0);
    server.child.kill('SIGTERM');
    const slow = await first;
    expect(slow.status).toBe(200);
    const next = await get('/api/webrequest/quick').catch((err: Error) => ({
      status: 0,
      body: err.message,
      socket: null,
    }));
    // Either the server answers 503 on that connection, or it has closed it: never runs it.
    if (next.status !== 0) {
      expect(next.status).toBe(503);
      expect(JSON.parse(next.body).error.code).toBe('shutting_down');
    }
    agent.destroy();
    expect(await server.exited).toBe(0);
    const after = await pool.start(port, dir);
    const again = await signIn(after.url);
    const list = (await again.call('GET', '/processes?limit=200')).body.items as Array<{ slug: string }>;
    expect(list.filter((item) => item.slug === 'quick')).toHaveLength(0);
    after.child.kill('SIGTERM');
    await after.exited;
  });
});

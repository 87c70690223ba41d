import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, createEndpoint, signIn, waitFor } from './harness.js';

const MAIN = fileURLToPath(new URL('../../server/dist/main.js', import.meta.url));
const children: ChildProcess[] = [];
let dataDir = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startProcess(
  port: number,
  dir = dataDir,
  extraEnv: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--no-node-snapshot', MAIN], {
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      SHUTDOWN_GRACE_MS: '5000',
      ADMIN_EMAIL,
      ADMIN_PASSWORD,
      ASYNC_CONCURRENCY: '1',
      RUNNER_WORKERS: '1',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => null))?.ok, 30_000, 100);
  return { child, url };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of [dataDir, ...dirs]) if (dir) await rm(dir, { recursive: true, force: true });
});

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'scriptgate-recovery-'));
  dirs.push(dir);
  return dir;
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe('a server killed with kill -9', () => {
  it('runs the queued async runs after a restart and retries the interrupted one', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'scriptgate-recovery-'));
    const port = await freePort();
    const first = await startProcess(port);
    const admin = await signIn(first.url);
    await createEndpoint(
      admin,
      'slow',
      'export default async (r) => { await new Promise((ok) => setTimeout(ok, 1500)); return { n: r.query.n } }',
    );
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) {
      const res = await fetch(`${first.url}/api/webrequest/slow?async=1&n=${n}`, { method: 'POST' });
      expect(res.status).toBe(202);
      ids.push(res.headers.get('x-process-id')!);
    }
    await waitFor(async () => (await admin.call('GET', `/processes/${ids[0]}`)).body.status === 'running');
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await startProcess(port);
    const again = await signIn(second.url, ADMIN_EMAIL, ADMIN_PASSWORD);
    const finished = await waitFor(
      async () => {
        const records = await Promise.all(ids.map(async (id) => (await again.call('GET', `/processes/${id}`)).body));
        return records.every((r) => r.status === 'succeeded') ? records : null;
      },
      30_000,
      200,
    );
    expect(finished[0].attempt).toBe(2);
    expect(finished[0].logs.some((l: { text: string }) => /interrupted/i.test(l.text))).toBe(true);
    expect(finished.map((r) => JSON.parse(r.response.body).n)).toEqual(['0', '1', '2', '3']);
    second.child.kill('SIGTERM');
  });
});

describe('a sync run cut off by kill -9', () => {
  it('is marked interrupted at the next start', async () => {
    const dir = await freshDir();
    const port = await freePort();
    const first = await startProcess(port, dir);
    const admin = await signIn(first.url);
    await createEndpoint(admin, 'hang', 'export default () => new Promise((ok) => setTimeout(ok, 20000))');
    const pending = fetch(`${first.url}/api/webrequest/hang`).catch(() => null);
    const running = await waitFor(async () => {
      const list = await admin.call('GET', '/processes?status=running');
      return list.body.items[0] as { id: string } | undefined;
    });
    first.child.kill('SIGKILL');
    await exited(first.child);
    await pending;

    const second = await startProcess(port, dir);
    const again = await signIn(second.url);
    const detail = await again.call('GET', `/processes/${running.id}`);
    expect(detail.body).toMatchObject({ mode: 'sync', status: 'interrupted' });
    second.child.kill('SIGTERM');
    await exited(second.child);
  });
});

describe('SIGTERM', () => {
  it('lets a running sync run answer, keeps queued async runs for the next start, and exits 0', async () => {
    const dir = await freshDir();
    const port = await freePort();
    const first = await startProcess(port, dir);
    const admin = await signIn(first.url);
    await createEndpoint(
      admin,
      'takes-a-second',
      'export default async (r) => { await new Promise((ok) => setTimeout(ok, 1000)); return { n: r.query.n ?? null } }',
    );
    const sync = fetch(`${first.url}/api/webrequest/takes-a-second?n=sync`);
    await waitFor(async () => (await admin.call('GET', '/processes?status=running')).body.items.length > 0);
    // ASYNC_CONCURRENCY is 1: the second and third async runs are still queued when SIGTERM comes.
    const queued: string[] = [];
    for (let n = 0; n < 3; n++) {
      const res = await fetch(`${first.url}/api/webrequest/takes-a-second?async=1&n=${n}`);
      queued.push(res.headers.get('x-process-id')!);
    }
    first.child.kill('SIGTERM');
    const answer = await sync;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ n: 'sync' });
    expect(await exited(first.child)).toBe(0);

    const second = await startProcess(port, dir);
    const again = await signIn(second.url);
    const records = await waitFor(
      async () => {
        const all = await Promise.all(queued.map(async (id) => (await again.call('GET', `/processes/${id}`)).body));
        return all.every((r) => r.status === 'succeeded') ? all : null;
      },
      30_000,
      200,
    );
    expect(records.map((r) => JSON.parse(r.response.body).n)).toEqual(['0', '1', '2']);
    second.child.kill('SIGTERM');
    await exited(second.child);
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
      const dir = await freshDir();
      const port = await freePort();
      const first = await startProcess(port, dir, env);
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
      await exited(first.child);

      const second = await startProcess(port, dir, env);
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
      await exited(second.child);
    } finally {
      receiver.close();
    }
  });
});

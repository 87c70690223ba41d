import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer, type Server } from 'node:http';
import { mkdir, mkdtemp, open as openFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type TestServer } from './harness.js';
import { TEST_STORE } from './test-store.js';

/**
 * What an operator relies on (README "Operations"): /readyz says whether this instance can
 * record a run and how deep its queue is; a sync run's time limit covers its wait for a worker;
 * on a full disk a 503 means the scenario did not run.
 */

const servers: TestServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop().catch(() => undefined);
});

describe('/readyz and the time limit of a run that waits', () => {
  it('reports the queue depth, and answers a sync run that cannot start in time at its limit', async () => {
    const server = await startTestServer({ RUNNER_WORKERS: '1', ASYNC_CONCURRENCY: '1' });
    servers.push(server);
    const admin = await signIn(server.url);
    await createEndpoint(
      admin,
      'hog',
      'export default async (r) => { await new Promise((ok) => setTimeout(ok, Number(r.query.ms))); return "done" }',
    );
    await createEndpoint(admin, 'quick', 'export default () => "quick"', { timeoutMs: 700 });

    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', queue: { depth: 0 } });

    // The quick run will wait for the one worker, and its 700 ms include the wait.
    for (let n = 0; n < 3; n++) {
      expect((await fetch(`${server.url}/api/webrequest/hog?async=1&ms=1500`)).status).toBe(202);
    }
    const depth = ((await (await fetch(`${server.url}/readyz`)).json()) as { queue: { depth: number } }).queue.depth;
    expect(depth).toBeGreaterThanOrEqual(2);
    // Fill the one worker: 16 slow scenarios × 4 runs (a worker holds 64 runs, 4 isolates a scenario).
    const slow = 'export default async () => { await new Promise((ok) => setTimeout(ok, 3000)); return "slow" }';
    await Promise.all(Array.from({ length: 16 }, (_, n) => createEndpoint(admin, `slow-${n}`, slow)));
    const hogs = Array.from({ length: 64 }, (_, n) => fetch(`${server.url}/api/webrequest/slow-${n % 16}`));
    await waitFor(async () => (await admin.call('GET', '/processes?status=running&limit=100')).body.items.length >= 64);
    const startedAt = Date.now();
    const quick = await fetch(`${server.url}/api/webrequest/quick`);
    const waited = Date.now() - startedAt;
    expect(quick.status).toBe(504);
    expect(((await quick.json()) as any).error.code).toBe('scenario_timeout');
    // Answered at its limit, not when the worker came free (3 s) plus its limit.
    expect(waited).toBeLessThan(2_500);
    const record = (await admin.call('GET', `/processes/${quick.headers.get('x-process-id')}`)).body;
    expect(record).toMatchObject({ status: 'timeout' });
    expect((await Promise.all(hogs)).map((res) => res.status)).toEqual(Array(64).fill(200));
  });
});

/** Mounts a small tmpfs (root on Linux only); a string says why it cannot. */
function tryMount(mountPoint: string): true | string {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'needs root on Linux';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m,mode=0700', 'tmpfs', mountPoint], { stdio: 'pipe' });
    return true;
  } catch (err) {
    return String((err as { stderr?: unknown }).stderr ?? err).trim();
  }
}

async function fillDisk(file: string): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 1);
  const handle = await openFile(file, 'w');
  try {
    for (;;) await handle.write(chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

describe('a full disk', () => {
  it('makes /readyz answer store_unavailable and a sync call 503 without running the scenario, and recovers', async (context) => {
    if (TEST_STORE === 'mongo') {
      // The disk that fills is the embedded store's DATA_DIR; MongoDB keeps its data elsewhere.
      console.warn('[operations] full-disk test SKIPPED on MongoDB: it fills the embedded store’s disk');
      context.skip();
      return;
    }
    const parent = await mkdtemp(join(tmpdir(), 'scriptgate-disk-'));
    const mountPoint = join(parent, 'small-disk');
    await mkdir(mountPoint);
    const mounted = tryMount(mountPoint);
    if (mounted !== true) {
      console.warn(`[operations] full-disk test SKIPPED: cannot mount a tmpfs (${mounted})`);
      await rm(parent, { recursive: true, force: true });
      context.skip();
      return;
    }
    let hits = 0;
    const receiver: Server = createHttpServer((_req, res) => {
      hits += 1;
      res.end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/seen`;
    let server: TestServer | null = null;
    try {
      server = await startTestServer({ OUTBOUND_ALLOW: new URL(receiverUrl).host }, mountPoint);
      const admin = await signIn(server.url);
      await createEndpoint(
        admin,
        'side-effect',
        `export default async () => { await fetch(${JSON.stringify(receiverUrl)}); return 'sent' }`,
      );
      expect((await fetch(`${server.url}/api/webrequest/side-effect`)).status).toBe(200);
      expect(hits).toBe(1);

      const filler = join(mountPoint, 'filler');
      await fillDisk(filler);
      const notReady = await fetch(`${server.url}/readyz`);
      expect(notReady.status).toBe(503);
      expect(((await notReady.json()) as any).error.code).toBe('store_unavailable');
      for (const path of ['/api/webrequest/side-effect', '/api/webrequest/side-effect?async=1']) {
        const res = await fetch(`${server.url}${path}`, { method: 'POST', body: 'x'.repeat(2_000) });
        expect(res.status, path).toBe(503);
        expect(((await res.json()) as any).error.code).toBe('store_unavailable');
      }
      // A 503 means the scenario did not run: nothing was sent.
      expect(hits).toBe(1);

      await rm(filler);
      await waitFor(async () => (await fetch(`${server!.url}/readyz`)).status === 200, 15_000, 200);
      expect((await fetch(`${server.url}/api/webrequest/side-effect`)).status).toBe(200);
      expect(hits).toBe(2);
    } finally {
      await server?.stop().catch(() => undefined);
      receiver.close();
      execFileSync('umount', ['-l', mountPoint]);
      await rm(parent, { recursive: true, force: true });
    }
  });
});

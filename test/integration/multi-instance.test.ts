import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, waitFor, type AdminClient } from './harness.js';
import { createProcessPool, freePort, type ServerProcess } from './server-process.js';
import { describeTestStore, TEST_STORE } from './test-store.js';

/**
 * Several instances on one MongoDB (README "Several instances on one MongoDB"): two servers —
 * child processes with their own INSTANCE_ID, port and runner workers — on one database share
 * the async queue, leases, rate-limit counters and endpoints. Runs in the `integration-mongo`
 * project (SCRIPTGATE_TEST_MONGODB_URI). In CI that is a stand-in, not a MongoDB server: mongomock
 * behind a wire-protocol front (test/support/with-mongo-wire.sh); the title says which it ran on.
 *
 * Which instance ran a scenario is seen from outside: a receiver listens on two ports and each
 * instance's OUTBOUND_ALLOW opens only its own, so a run's fetch reaches the port of the instance
 * that runs it (the other port is refused at connect time).
 */

interface Hit {
  instance: 'a' | 'b';
  processId: string;
  attempt: number;
  at: number;
}

const LEASE_MS = 3000;

/** The receiver: records every run that reached it and answers after `hold` ms (first attempts only). */
async function startReceiver() {
  const hits: Hit[] = [];
  const servers: Server[] = [];
  const listen = async (instance: Hit['instance']) => {
    const server = createServer((req, res) => {
      const query = new URL(req.url ?? '/', 'http://receiver').searchParams;
      const attempt = Number(query.get('attempt'));
      hits.push({ instance, processId: query.get('process') ?? '', attempt, at: Date.now() });
      const hold = attempt === 1 ? Number(query.get('hold') ?? 0) : 0;
      // Unref'd: a run still held when the tests end must not keep this process alive.
      setTimeout(() => res.end(instance), hold).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    return (server.address() as { port: number }).port;
  };
  const ports = { a: await listen('a'), b: await listen('b') };
  return {
    hits,
    ports,
    close() {
      for (const server of servers) {
        server.closeAllConnections();
        server.close();
      }
    },
  };
}

/** Reports its run to whichever receiver port this instance may reach. */
function reportingScenario(ports: { a: number; b: number }): string {
  return `const PORTS = [${ports.a}, ${ports.b}];
export default async (request, ctx) => {
  const query = 'process=' + ctx.process.id + '&attempt=' + ctx.process.attempt + '&hold=' + (request.query.hold ?? 100);
  for (const port of PORTS) {
    try {
      const res = await fetch('http://127.0.0.1:' + port + '/ran?' + query);
      return { instance: await res.text(), attempt: ctx.process.attempt };
    } catch {
      // Refused by this instance's OUTBOUND_ALLOW: the other port is its own.
    }
  }
  throw new Error('no receiver port is open to this instance');
};`;
}

async function allFinished(admin: AdminClient, ids: string[]) {
  return waitFor(
    async () => {
      const records = await Promise.all(ids.map(async (id) => (await admin.call('GET', `/processes/${id}`)).body));
      return records.every((r) => r.status === 'succeeded') ? records : null;
    },
    60_000,
    200,
  );
}

/**
 * Asks `url` again and again while `change` is made elsewhere; answers how long after the change
 * was acknowledged the old answer was still served, and whether the new one came after.
 */
async function watchChange(url: string, change: () => Promise<void>, isNew: (res: Response) => Promise<boolean>) {
  const samples: Array<{ startedAt: number; isNew: boolean }> = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const startedAt = Date.now();
      samples.push({ startedAt, isNew: await isNew(await fetch(url)) });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  await waitFor(async () => samples.length >= 3, 10_000, 10);
  await change();
  const changedAt = Date.now();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  watching = false;
  await watcher;
  const old = samples.filter((sample) => sample.startedAt >= changedAt && !sample.isNew);
  const lastOld = old.length > 0 ? Math.max(...old.map((sample) => sample.startedAt)) - changedAt : 0;
  const afterASecond = samples.filter((sample) => sample.startedAt >= changedAt + 1000);
  return { staleForMs: lastOld, afterASecond };
}

const onMongo = TEST_STORE === 'mongo';
const target = onMongo ? await describeTestStore() : '';

if (!onMongo) {
  console.warn(
    '[multi-instance] SKIPPED: SCRIPTGATE_TEST_MONGODB_URI is not set (several instances need one MongoDB; ' +
      'run the integration-mongo project, see CONTRIBUTING.md)',
  );
}

describe.skipIf(!onMongo)(`two instances on one MongoDB (${target || 'not set'})`, () => {
  const pool = createProcessPool();
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let a: ServerProcess;
  let b: ServerProcess;
  let onA: AdminClient;
  let onB: AdminClient;

  beforeAll(async () => {
    receiver = await startReceiver();
    const dir = await pool.freshDir();
    const env = (name: 'a' | 'b') => ({
      INSTANCE_ID: `instance-${name}`,
      OUTBOUND_ALLOW: `127.0.0.1:${receiver.ports[name]}`,
      ASYNC_LEASE_MS: String(LEASE_MS),
    });
    // One DATA_DIR, hence one database (test-store.ts); ports and instance names differ.
    a = await pool.start(await freePort(), dir, env('a'));
    b = await pool.start(await freePort(), dir, env('b'));
    onA = await signIn(a.url);
    onB = await signIn(b.url);
    await createEndpoint(onA, 'report', reportingScenario(receiver.ports), { alwaysAsync: true });
  });
  afterAll(async () => {
    await pool.cleanup();
    receiver?.close();
  });

  it('executes each of many async runs exactly once, with both instances taking runs from the queue', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) {
      const via = n % 2 === 0 ? a : b;
      const res = await fetch(`${via.url}/api/webrequest/report?n=${n}`, { method: 'POST' });
      expect(res.status).toBe(202);
      ids.push(res.headers.get('x-process-id')!);
    }
    const records = await allFinished(onA, ids);
    // Late duplicates would arrive within a run's time: give them the chance.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const ours = receiver.hits.filter((hit) => ids.includes(hit.processId));
    expect(ours.map((hit) => hit.processId).sort()).toEqual([...ids].sort());
    expect(records.map((record) => record.attempt)).toEqual(Array(30).fill(1));
    expect(new Set(ours.map((hit) => hit.instance))).toEqual(new Set(['a', 'b']));
    // What each record says ran it is what the receiver saw.
    for (const record of records) {
      const hit = ours.find((h) => h.processId === record.id);
      expect(JSON.parse(record.response.body)).toEqual({ instance: hit?.instance, attempt: 1 });
    }
  });

  it('enforces one endpoint rate limit across both instances, also for calls racing at the limit', async () => {
    await createEndpoint(onA, 'limited', 'export default () => "ok"', {
      rateLimit: { requests: 6, windowSeconds: 3600, by: 'ip', window: 'fixed' },
    });
    const calls = Array.from({ length: 20 }, (_, n) => fetch(`${(n % 2 === 0 ? a : b).url}/api/webrequest/limited`));
    const answers = await Promise.all(calls);
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(6);
    expect(statuses.filter((status) => status === 429)).toHaveLength(14);
    const refused = answers.find((res) => res.status === 429)!;
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    // Each instance refuses once the shared count is over, whichever served the calls before.
    for (const instance of [a, b]) expect((await fetch(`${instance.url}/api/webrequest/limited`)).status).toBe(429);
  });

  it('serves a scenario version published on one instance, and a setting changed there, from the other within a second', async () => {
    const endpoint = await createEndpoint(onA, 'versioned', 'export default () => "v1"');
    const url = `${b.url}/api/webrequest/versioned`;
    await waitFor(async () => (await (await fetch(url)).text()) === 'v1');

    const published = await watchChange(
      url,
      async () => {
        const res = await onA.call('PUT', `/endpoints/${endpoint.id}/scenario`, { code: 'export default () => "v2"' });
        expect(res.status).toBe(200);
      },
      async (res) => (await res.text()) === 'v2',
    );
    expect(published.staleForMs, 'the old version served this long after the change').toBeLessThan(1000);
    expect(published.afterASecond.length).toBeGreaterThan(0);
    expect(published.afterASecond.every((sample) => sample.isNew)).toBe(true);

    const disabled = await watchChange(
      url,
      async () => {
        expect((await onA.call('PATCH', `/endpoints/${endpoint.id}`, { enabled: false })).status).toBe(200);
      },
      async (res) => {
        await res.arrayBuffer();
        return res.status === 404;
      },
    );
    expect(disabled.staleForMs, 'still enabled this long after the change').toBeLessThan(1000);
    expect(disabled.afterASecond.length).toBeGreaterThan(0);
    expect(disabled.afterASecond.every((sample) => sample.isNew)).toBe(true);
    console.info(
      `[multi-instance] served unchanged at most ${published.staleForMs} ms (new version) and ${disabled.staleForMs} ms (disabled) after the change`,
    );
  });

  it('retries a run whose instance was killed with kill -9 on the other instance once its lease expired', async () => {
    const res = await fetch(`${a.url}/api/webrequest/report?hold=30000`, { method: 'POST' });
    const processId = res.headers.get('x-process-id')!;
    const first = await waitFor(async () => receiver.hits.find((hit) => hit.processId === processId));
    expect(first.attempt).toBe(1);

    const running = first.instance === 'a' ? a : b;
    const other = first.instance === 'a' ? 'b' : 'a';
    running.child.kill('SIGKILL');
    await running.exited;
    const killedAt = Date.now();

    const survivor = other === 'a' ? onA : onB;
    const [record] = await allFinished(survivor, [processId]);
    const retry = receiver.hits.find((hit) => hit.processId === processId && hit.attempt === 2);
    expect(retry?.instance).toBe(other);
    expect(record).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(JSON.parse(record.response.body)).toEqual({ instance: other, attempt: 2 });
    expect(record.logs.map((line: { text: string }) => line.text)).toContainEqual(
      expect.stringMatching(/lease expired.*attempt 2 of 2/),
    );
    expect(receiver.hits.filter((hit) => hit.processId === processId)).toHaveLength(2);
    console.info(`[multi-instance] run retried ${(retry?.at ?? 0) - killedAt} ms after kill -9 (lease ${LEASE_MS} ms)`);
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { MongoAdapter } from '@socket.io/mongo-adapter';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Auth, Caller } from '../admin/auth.js';
import { createRevocations } from '../admin/revocations.js';
import { SOCKET_NAMESPACE, SOCKET_PATH, type AdminSocketEvents, type ProcessRecord } from '../contract/index.js';
import { createLogger } from '../core/log.js';
import { createProcessEvents } from '../processes/events.js';
import type { LiveChannel } from '../store/live-channel.js';
import { openClusterChannel } from './cluster.js';
import { attachRealtime } from './socket.js';
import { createLiveBus } from './testing/live-bus.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A real pino logger whose lines the test reads. */
function capturedLog() {
  const lines: Array<{ level: number; msg: string; reason?: string }> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const warnings = () => lines.filter((line) => line.level === 40);
  return { log: createLogger('info', destination), lines, warnings };
}

const caller = (sessionId: string, userId: string): Caller => ({
  user: { id: userId, email: `${userId}@x.test`, name: userId, role: 'viewer', disabled: false, createdAt: '' },
  sessionId,
  csrfToken: 'csrf',
  sessionExpiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  apiTokenId: null,
});
/** One session store for every instance, as with MongoDB: cookie value → caller. */
const sessions = new Map([
  ['a', caller('s-a', 'u1')],
  ['b', caller('s-b', 'u2')],
  ['c', caller('s-c', 'u3')],
]);

/** One instance: the realtime module of the server on its own HTTP server, with its own events and revocations. */
async function instance(liveChannel: LiveChannel | null, log = capturedLog().log) {
  const httpServer = createServer();
  const events = createProcessEvents();
  const revocations = createRevocations();
  const auth = {
    revocations,
    callerFromCookieHeader: async (cookie: string | undefined) => sessions.get(cookie ?? '') ?? null,
  } as unknown as Auth;
  const config = { HOST: '127.0.0.1', PUBLIC_URL: undefined, TRUST_PROXY: false as const, ALLOWED_HOSTS: undefined };
  const realtime = attachRealtime({ httpServer, auth, events, log, config, liveChannel });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => realtime.close());
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}${SOCKET_NAMESPACE}`;
  return { url, events, revocations, adapter: realtime.io.of(SOCKET_NAMESPACE).adapter };
}

async function client(url: string, cookie: string): Promise<ClientSocket> {
  const socket = connect(url, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  cleanups.push(() => void socket.disconnect());
  await new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(undefined));
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Everything one event brings to a client, in order. */
function received<K extends keyof AdminSocketEvents>(socket: ClientSocket, event: K): AdminSocketEvents[K][] {
  const payloads: AdminSocketEvents[K][] = [];
  socket.on(event as string, (payload: AdminSocketEvents[K]) => payloads.push(payload));
  return payloads;
}

const record = (id: string, status: ProcessRecord['status'] = 'running') =>
  ({
    id,
    status,
    endpointId: 'e1',
    slug: 'lead',
    mode: 'async',
    request: { method: 'POST', url: 'http://h/api/webrequest/lead', subpath: '', headers: {} },
    response: null,
    logs: [],
    finishedAt: status === 'succeeded' ? new Date().toISOString() : null,
  }) as unknown as ProcessRecord;

const line = (text: string) => ({ level: 'info' as const, time: new Date().toISOString(), text });
const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));
const BROADCAST = 3;

describe('live events across instances', () => {
  it('keeps live events on this instance when the store is embedded, without touching MongoDB', async () => {
    const open = vi.fn();
    const { log, lines } = capturedLog();
    expect(await openClusterChannel({ mongoUri: undefined, open, log })).toBeNull();
    expect(open).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
    const { adapter } = await instance(null);
    expect(adapter).not.toBeInstanceOf(MongoAdapter);
  });

  it('attaches the MongoDB adapter when MONGODB_URI is set and the channel opens', async () => {
    const bus = createLiveBus();
    const { log } = capturedLog();
    const channel = await openClusterChannel({
      mongoUri: 'mongodb://db.test/sg',
      open: async () => bus.channel(),
      log,
    });
    expect(channel).not.toBeNull();
    const { adapter } = await instance(channel);
    expect(adapter).toBeInstanceOf(MongoAdapter);
  });

  it('says once why, and serves this instance alone, when MongoDB offers no change streams', async () => {
    const { log, warnings } = capturedLog();
    const channel = await openClusterChannel({
      mongoUri: 'mongodb://db.test/sg',
      open: async () => {
        throw new Error('MongoDB at mongodb://db.test/sg offers no change stream here (not implemented)');
      },
      log,
    });
    expect(channel).toBeNull();
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]!.reason).toMatch(/no change stream/);
    const local = await instance(channel, log);
    const socket = await client(local.url, 'a');
    const created = received(socket, 'process.created');
    local.events.created(record('p1'));
    await settle();
    expect(created.map((summary) => summary.id)).toEqual(['p1']);
    expect(warnings()).toHaveLength(1);
  });

  it("brings one instance's runs to the admins of another, and their log lines to its subscribers only", async () => {
    const bus = createLiveBus();
    const a = await instance(bus.channel());
    const b = await instance(bus.channel());
    const watcher = await client(b.url, 'b');
    const bystander = await client(b.url, 'c');
    await settle();
    const created = received(watcher, 'process.created');
    const updated = received(bystander, 'process.updated');
    const watcherLines = received(watcher, 'process.log');
    const bystanderLines = received(bystander, 'process.log');

    a.events.created(record('p1'));
    a.events.log('p1', line('before the subscription'));
    await settle();
    watcher.emit('subscribe', { processId: 'p1' });
    await settle(300);
    a.events.log('p1', line('after it'));
    a.events.updated(record('p1', 'succeeded'));
    await settle(300);

    expect(created.map((summary) => summary.id)).toEqual(['p1']);
    expect(updated.map((summary) => [summary.id, summary.status])).toEqual([['p1', 'succeeded']]);
    expect(watcherLines.map(({ processId, line: { text } }) => [processId, text])).toEqual([
      ['p1', 'before the subscription'],
      ['p1', 'after it'],
    ]);
    expect(bystanderLines).toEqual([]);
  });

  it('writes nothing to MongoDB for runs while no admin is connected anywhere', async () => {
    const bus = createLiveBus();
    const a = await instance(bus.channel());
    await instance(bus.channel());
    await settle();
    for (let n = 0; n < 20; n += 1) {
      a.events.created(record(`quiet-${n}`));
      a.events.log(`quiet-${n}`, line('unwatched'));
      a.events.updated(record(`quiet-${n}`, 'succeeded'));
    }
    await settle();
    expect(bus.insertedOfType(BROADCAST)).toEqual([]);
  });

  it('closes a signed-out session’s sockets on every instance at once', async () => {
    const bus = createLiveBus();
    const a = await instance(bus.channel());
    const b = await instance(bus.channel());
    const elsewhere = await client(b.url, 'a');
    const other = await client(b.url, 'b');
    const closed = new Promise((resolve) => elsewhere.once('disconnect', resolve));
    a.revocations.publish({ kind: 'session', sessionId: 's-a' });
    expect(await closed).toBe('io server disconnect');
    await settle();
    expect(other.connected).toBe(true);
  });

  it("keeps serving this instance's admins at once when MongoDB fails under the adapter, and says so once", async () => {
    const bus = createLiveBus();
    const publishing = capturedLog();
    const a = await instance(bus.channel({ inserts: true }), publishing.log);
    const b = await instance(bus.channel());
    await client(b.url, 'b');
    const socket = await client(a.url, 'a');
    await settle();
    const created = received(socket, 'process.created');
    for (let n = 0; n < 25; n += 1) a.events.created(record(`p${n}`));
    await settle();
    expect(created).toHaveLength(25);
    expect(publishing.warnings().map((warning) => warning.msg)).toEqual([
      "live events: publishing through MongoDB failed; this instance's admins still get its own events",
    ]);

    const receiving = capturedLog();
    await instance(bus.channel({ changeStream: true }), receiving.log);
    // The adapter opens its change stream again every second: it fails three times here.
    await settle(2_500);
    expect(receiving.warnings().map((warning) => warning.msg)).toEqual([
      "live events: receiving through MongoDB failed; this instance's admins still get its own events",
    ]);
  });
});

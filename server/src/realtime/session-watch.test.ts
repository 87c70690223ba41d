import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../admin/auth.js';
import { createRevocations } from '../admin/revocations.js';
import { watchSessions } from './session-watch.js';
import type { AdminNamespace } from './types.js';

const silent = { debug: () => undefined, warn: () => undefined };
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/**
 * A socket.io server whose sessions live in `sessions` (cookie value → caller). Stands in for
 * another instance's store: changing `sessions` sends no event, only the re-check sees it.
 */
async function start(sessions: Map<string, Caller>, recheckEveryMs = 60_000) {
  const httpServer = createServer();
  const io = new Server(httpServer, { transports: ['websocket'] });
  const namespace = io.of('/admin') as unknown as AdminNamespace;
  const auth = {
    revocations: createRevocations(),
    callerFromCookieHeader: async (cookie: string | undefined) => sessions.get(cookie ?? '') ?? null,
  };
  namespace.use((socket, next) => {
    const caller = sessions.get(socket.handshake.headers.cookie ?? '');
    if (!caller) return next(new Error('unauthorized'));
    socket.data = {
      userId: caller.user.id,
      role: caller.user.role,
      sessionId: caller.sessionId!,
      sessionExpiresAt: caller.sessionExpiresAt!,
    };
    next();
  });
  const watch = watchSessions({ namespace, auth, log: silent, recheckEveryMs });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}/admin`;
  cleanups.push(async () => {
    watch.stop();
    await new Promise<void>((resolve) => void io.close(() => resolve()));
  });
  return { url, auth };
}

function caller(
  sessionId: string,
  userId: string,
  expiresInMs = 3600_000,
  role: Caller['user']['role'] = 'viewer',
): Caller {
  return {
    user: { id: userId, email: `${userId}@x.test`, name: userId, role, disabled: false, createdAt: '' },
    sessionId,
    csrfToken: 'csrf',
    sessionExpiresAt: new Date(Date.now() + expiresInMs).toISOString(),
    apiTokenId: null,
  };
}

function client(url: string, cookie: string): Promise<ClientSocket> {
  const socket = connect(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie },
  });
  cleanups.push(() => void socket.disconnect());
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const closed = (socket: ClientSocket) => new Promise<string>((resolve) => socket.once('disconnect', resolve));

describe('live sockets follow their session', () => {
  it("closes one session's sockets on sign-out and all of a user's sockets on a user change", async () => {
    const sessions = new Map([
      ['a', caller('s-a', 'u1')],
      ['b', caller('s-b', 'u1')],
      ['c', caller('s-c', 'u2')],
    ]);
    const { url, auth } = await start(sessions);
    const [a, b, c] = await Promise.all([client(url, 'a'), client(url, 'b'), client(url, 'c')]);
    const aClosed = closed(a);
    auth.revocations.publish({ kind: 'session', sessionId: 's-a' });
    expect(await aClosed).toBe('io server disconnect');
    await new Promise((r) => setTimeout(r, 100));
    expect(b.connected && c.connected).toBe(true);
    const bClosed = closed(b);
    auth.revocations.publish({ kind: 'user', userId: 'u1', reason: 'role_changed' });
    expect(await bClosed).toBe('io server disconnect');
    expect(c.connected).toBe(true);
  });

  it('closes a socket at the end of its session', async () => {
    const { url } = await start(new Map([['a', caller('s-a', 'u1', 400)]]));
    const socket = await client(url, 'a');
    const started = Date.now();
    expect(await closed(socket)).toBe('io server disconnect');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('catches a sign-out or role change made on another instance at the next re-check', async () => {
    const sessions = new Map([
      ['a', caller('s-a', 'u1')],
      ['b', caller('s-b', 'u2')],
      ['c', caller('s-c', 'u3')],
    ]);
    const { url } = await start(sessions, 150);
    const [a, b, c] = await Promise.all([client(url, 'a'), client(url, 'b'), client(url, 'c')]);
    const aClosed = closed(a);
    const bClosed = closed(b);
    sessions.delete('a');
    sessions.set('b', caller('s-b', 'u2', 3600_000, 'admin'));
    expect(await aClosed).toBe('io server disconnect');
    expect(await bClosed).toBe('io server disconnect');
    expect(c.connected).toBe(true);
  });
});

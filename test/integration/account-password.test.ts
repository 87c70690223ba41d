import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_NAMESPACE, SOCKET_PATH } from '../../server/src/contract/index.js';
import { signIn, startTestServer, type AdminClient, type TestServer } from './harness.js';

/** Issue 15: every user changes their own password (README, admin API: `PUT /api/admin/session/password`). */
let server: TestServer;
let admin: AdminClient;
const FIRST = 'first password 1';

async function newUser(email: string, role: 'editor' | 'viewer'): Promise<AdminClient> {
  const created = await admin.call('POST', '/users', { email, name: role, role, password: FIRST });
  if (created.status !== 201) throw new Error(`create user failed: ${created.status}`);
  return signIn(server.url, email, FIRST);
}

async function signInStatus(email: string, password: string): Promise<number> {
  const res = await fetch(`${server.url}/api/admin/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** The client's calls with the cookie and CSRF token the password change answered with. */
function renewed(client: AdminClient, res: { body: { csrfToken: string }; headers: Headers }): AdminClient {
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return {
    cookie,
    csrfToken: res.body.csrfToken,
    call: (method, path, body) =>
      fetch(`${server.url}/api/admin${path}`, {
        method,
        headers: {
          cookie,
          'x-csrf-token': res.body.csrfToken,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      }).then(async (r) => ({ status: r.status, body: (await r.json().catch(() => null)) as any, headers: r.headers })),
  };
}

beforeAll(async () => {
  server = await startTestServer({ SIGNIN_MAX_FAILURES: '3' });
  admin = await signIn(server.url);
});

const sockets: Socket[] = [];

afterAll(async () => {
  for (const socket of sockets) socket.disconnect();
  await server?.stop();
});

/** The live socket of a browser tab signed in as `client`; resolves once connected. */
async function liveSocket(client: AdminClient): Promise<Socket> {
  const socket = io(`${server.url}${SOCKET_NAMESPACE}`, {
    path: SOCKET_PATH,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    extraHeaders: { cookie: client.cookie, origin: server.url },
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

describe('changing your own password', () => {
  it('lets a viewer change it: the new one signs in, the old one no longer does', async () => {
    const viewer = await newUser('viewer-pw@example.test', 'viewer');
    const res = await viewer.call('PUT', '/session/password', {
      currentPassword: FIRST,
      newPassword: 'second password 2',
    });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: 'viewer-pw@example.test', role: 'viewer' });
    expect(res.body.user.passwordHash).toBeUndefined();
    expect(await signInStatus('viewer-pw@example.test', 'second password 2')).toBe(200);
    expect(await signInStatus('viewer-pw@example.test', FIRST)).toBe(401);
  });

  it('keeps this browser signed in and ends every other session of the user', async () => {
    const here = await newUser('editor-pw@example.test', 'editor');
    const elsewhere = await signIn(server.url, 'editor-pw@example.test', FIRST);
    const res = await here.call('PUT', '/session/password', {
      currentPassword: FIRST,
      newPassword: 'second password 2',
    });
    expect(res.status).toBe(200);
    expect((await elsewhere.call('GET', '/session')).status).toBe(401);
    const current = renewed(here, res);
    expect((await current.call('GET', '/session')).body.user.email).toBe('editor-pw@example.test');
    // The renewed session can still write: its new CSRF token is the one answered.
    expect(
      (
        await current.call('PUT', '/session/password', {
          currentPassword: 'second password 2',
          newPassword: 'third password 3',
        })
      ).status,
    ).toBe(200);
  });

  it('closes the live sockets of the other sessions and leaves this tab’s open', async () => {
    const here = await newUser('socket-pw@example.test', 'viewer');
    const elsewhere = await signIn(server.url, 'socket-pw@example.test', FIRST);
    const mine = await liveSocket(here);
    const theirs = await liveSocket(elsewhere);
    const closed = new Promise<string>((resolve) => theirs.once('disconnect', resolve));
    const res = await here.call('PUT', '/session/password', {
      currentPassword: FIRST,
      newPassword: 'second password 2',
    });
    expect(res.status).toBe(200);
    expect(await closed).toBe('io server disconnect');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mine.connected).toBe(true);
  });

  it('answers 401 to a wrong current password and changes nothing', async () => {
    const viewer = await newUser('wrong-pw@example.test', 'viewer');
    const res = await viewer.call('PUT', '/session/password', {
      currentPassword: 'not my password',
      newPassword: 'second password 2',
    });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect((await viewer.call('GET', '/session')).status).toBe(200);
    expect(await signInStatus('wrong-pw@example.test', FIRST)).toBe(200);
    expect(await signInStatus('wrong-pw@example.test', 'second password 2')).toBe(401);
  });

  it('holds a new password to the same policy as a password an admin sets', async () => {
    const viewer = await newUser('policy-pw@example.test', 'viewer');
    const short = await viewer.call('PUT', '/session/password', { currentPassword: FIRST, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error).toMatchObject({
      code: 'validation_failed',
      fields: { newPassword: 'at least 8 characters' },
    });
    const same = await viewer.call('PUT', '/session/password', { currentPassword: FIRST, newPassword: FIRST });
    expect(same.status).toBe(400);
    expect(same.body.error.fields).toEqual({ newPassword: 'must differ from the current password' });
    const missing = await viewer.call('PUT', '/session/password', { newPassword: 'second password 2' });
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.error.fields)).toEqual(['currentPassword']);
    expect(await signInStatus('policy-pw@example.test', FIRST)).toBe(200);
  });

  it('refuses a call without the CSRF token', async () => {
    const viewer = await newUser('csrf-pw@example.test', 'viewer');
    const res = await fetch(`${server.url}/api/admin/session/password`, {
      method: 'PUT',
      headers: { cookie: viewer.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: FIRST, newPassword: 'second password 2' }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.code).toBe('csrf_failed');
    expect(await signInStatus('csrf-pw@example.test', FIRST)).toBe(200);
  });

  it('counts wrong current passwords like failed sign-ins, then answers 429 even to the right one', async () => {
    const viewer = await newUser('guess-pw@example.test', 'viewer');
    for (let i = 0; i < 3; i += 1) {
      const guess = await viewer.call('PUT', '/session/password', {
        currentPassword: `guess ${i}`,
        newPassword: 'second password 2',
      });
      expect(guess.status).toBe(401);
    }
    const blocked = await viewer.call('PUT', '/session/password', {
      currentPassword: FIRST,
      newPassword: 'second password 2',
    });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('rate_limited');
    expect(blocked.headers.get('retry-after')).toMatch(/^\d+$/);
    // The account's budget is the sign-in page's: it is blocked there as well.
    expect(await signInStatus('guess-pw@example.test', FIRST)).toBe(429);
  });

  it('records the change in the audit log without the password', async () => {
    const editor = await newUser('audit-pw@example.test', 'editor');
    await editor.call('PUT', '/session/password', { currentPassword: FIRST, newPassword: 'second password 2' });
    const page = await admin.call('GET', '/audit?entity=user');
    const entry = (page.body.items as any[]).find((item) => item.action === 'user.password.change');
    expect(entry).toMatchObject({
      actor: { email: 'audit-pw@example.test' },
      entity: { type: 'user', name: 'audit-pw@example.test' },
      details: { fields: ['password'], otherSessionsEnded: true },
    });
    expect(JSON.stringify(page.body)).not.toContain('second password 2');
  });
});

describe('a role check that refuses', () => {
  it('tells an editor that the admin role is needed, naming both roles', async () => {
    const editor = await newUser('denied@example.test', 'editor');
    const res = await editor.call('GET', '/users');
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({
      code: 'forbidden',
      message: 'This needs the admin role (you are an editor)',
      details: { requiredRole: 'admin', role: 'editor' },
    });
  });
});

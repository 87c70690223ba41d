import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

let server: TestServer;
let admin: AdminClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url);
});

afterAll(async () => {
  await server?.stop();
});

/** An admin API call made with only `Authorization: Bearer`: no cookie, no CSRF header. */
async function withToken(token: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null, headers: res.headers };
}

async function userClient(email: string, role: 'admin' | 'editor' | 'viewer'): Promise<AdminClient> {
  const created = await admin.call('POST', '/users', { email, name: role, role, password: 'long enough password' });
  expect(created.status).toBe(201);
  return signIn(server.url, email, 'long enough password');
}

async function createToken(client: AdminClient, body: Record<string, unknown> = { name: 'CI' }) {
  const res = await client.call('POST', '/tokens', body);
  expect(res.status).toBe(201);
  return res.body as { token: string; id: string; prefix: string };
}

describe('admin API tokens', () => {
  it('creates a token shown once, which then lists and creates endpoints without a cookie or CSRF header', async () => {
    const created = await admin.call('POST', '/tokens', { name: 'Deploy bot', expiresInDays: 30 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Deploy bot',
      role: 'admin',
      lastUsedAt: null,
      userEmail: 'admin@example.test',
    });
    const { token, prefix, expiresAt } = created.body as { token: string; prefix: string; expiresAt: string };
    expect(token).toMatch(/^sgt_[A-Za-z0-9_-]{40,}$/);
    expect(prefix).toBe(token.slice(0, 8));
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const list = await withToken(token, 'GET', '/endpoints');
    expect(list.status).toBe(200);
    expect(Array.isArray(list.body.items)).toBe(true);
    const made = await withToken(token, 'POST', '/endpoints', {
      slug: 'made-by-token',
      code: 'export default () => ({ ok: true })',
    });
    expect(made.status).toBe(201);
    expect(made.body.slug).toBe('made-by-token');
    const call = await fetch(`${server.url}/api/webrequest/made-by-token`);
    expect(await call.json()).toEqual({ ok: true });
  });

  it('never returns the token or its hash again, and records when it was last used', async () => {
    const { token, id } = await createToken(admin, { name: 'Listed' });
    expect((await withToken(token, 'GET', '/processes')).status).toBe(200);
    // lastUsedAt is written after the call answers: wait for it rather than race it.
    const list = await waitFor(async () => {
      const res = await admin.call('GET', '/tokens');
      const item = (res.body.items as Array<Record<string, unknown>>).find((t) => t.id === id);
      return typeof item?.lastUsedAt === 'string' ? res : null;
    });
    const listed = (list.body.items as Array<Record<string, unknown>>).find((item) => item.id === id);
    expect(listed).toMatchObject({ name: 'Listed', prefix: token.slice(0, 8), role: 'admin', expiresAt: null });
    const text = JSON.stringify(list.body);
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/tokenHash|[0-9a-f]{64}/);
  });

  it('acts with the role of its user: a viewer’s token reads but gets 403 on writes', async () => {
    const viewer = await userClient('token-viewer@example.test', 'viewer');
    const { token } = await createToken(viewer, { name: 'Dashboard' });
    expect((await withToken(token, 'GET', '/endpoints')).status).toBe(200);
    expect((await withToken(token, 'GET', '/processes')).status).toBe(200);
    const write = await withToken(token, 'POST', '/endpoints', { slug: 'viewer-made' });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('forbidden');
    expect((await withToken(token, 'GET', '/users')).status).toBe(403);
  });

  it('answers 401 to a revoked token, an unknown token and a token whose user is disabled', async () => {
    const { token, id } = await createToken(admin, { name: 'Short-lived' });
    expect((await admin.call('DELETE', `/tokens/${id}`)).status).toBe(204);
    const revoked = await withToken(token, 'GET', '/endpoints');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('unauthorized');
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await admin.call('GET', '/tokens')).body.items.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await admin.call('DELETE', `/tokens/${id}`)).status).toBe(404);

    expect((await withToken(`sgt_${'x'.repeat(43)}`, 'GET', '/endpoints')).status).toBe(401);
    expect((await withToken('not-one-of-ours', 'GET', '/endpoints')).status).toBe(401);

    const editor = await userClient('token-editor@example.test', 'editor');
    const editorToken = await createToken(editor);
    const users = (await admin.call('GET', '/users')).body.items as Array<{ id: string; email: string }>;
    const editorId = users.find((u) => u.email === 'token-editor@example.test')?.id;
    expect((await admin.call('PATCH', `/users/${editorId}`, { disabled: true })).status).toBe(200);
    expect((await withToken(editorToken.token, 'GET', '/endpoints')).status).toBe(401);
  });

  it('shows each user their own tokens and an admin everyone’s; only the owner or an admin revokes', async () => {
    const alice = await userClient('alice@example.test', 'editor');
    const bob = await userClient('bob@example.test', 'viewer');
    const aliceToken = await createToken(alice, { name: 'alice-ci' });
    const bobToken = await createToken(bob, { name: 'bob-ci' });
    const names = async (client: AdminClient) =>
      ((await client.call('GET', '/tokens')).body.items as Array<{ name: string }>).map((t) => t.name);
    expect(await names(alice)).toEqual(['alice-ci']);
    expect(await names(bob)).toEqual(['bob-ci']);
    expect(await names(admin)).toEqual(expect.arrayContaining(['alice-ci', 'bob-ci']));

    expect((await bob.call('DELETE', `/tokens/${aliceToken.id}`)).status).toBe(404);
    expect((await withToken(aliceToken.token, 'GET', '/endpoints')).status).toBe(200);
    expect((await bob.call('DELETE', `/tokens/${bobToken.id}`)).status).toBe(204);
    expect((await admin.call('DELETE', `/tokens/${aliceToken.id}`)).status).toBe(204);
    expect((await withToken(aliceToken.token, 'GET', '/endpoints')).status).toBe(401);
  });

  it('validates the name and expiry with field errors, and lets no token create another', async () => {
    const bad = await admin.call('POST', '/tokens', { name: '  ', expiresInDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.fields).toMatchObject({ name: expect.any(String), expiresInDays: expect.any(String) });
    const withRole = await admin.call('POST', '/tokens', { name: 'x', role: 'viewer' });
    expect(withRole.status).toBe(400);

    const { token } = await createToken(admin, { name: 'Parent' });
    const child = await withToken(token, 'POST', '/tokens', { name: 'Child' });
    expect(child.status).toBe(403);
  });

  it('still requires the CSRF header when the session cookie is used', async () => {
    const res = await fetch(`${server.url}/api/admin/tokens`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'no-csrf' }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('csrf_failed');
  });
});

import { createHmac, generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, type AdminClient, type TestServer } from './harness.js';

/**
 * Endpoint access control (README "Protecting an endpoint"): every row of the access table
 * through the real server, with good, wrong, stale, forged and missing credentials. A refused
 * call must run nothing and leave no process.
 */

let server: TestServer;
let admin: AdminClient;
const url = (path: string) => `${server.url}${path}`;

/** Echoes who called, so a test sees ctx.user as the scenario does. */
const WHO = `export default (request, ctx) => ({ user: ctx.user, body: request.body })`;

async function processCount(endpointId: string): Promise<number> {
  return server.store.countProcesses({ endpointId });
}

async function call(slug: string, init: RequestInit = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(url(`/api/webrequest/${slug}`), init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

async function expectRefused(slug: string, endpointId: string, init: RequestInit, status: number, code: string) {
  const before = await processCount(endpointId);
  const res = await call(slug, init);
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(await processCount(endpointId)).toBe(before);
  return res;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url);
});

afterAll(async () => {
  await server?.stop();
});

describe('basic', () => {
  it('asks for credentials with a realm, refuses wrong ones, and hands the username to the scenario', async () => {
    const endpoint = await createEndpoint(admin, 'basic-ep', WHO, {
      access: { type: 'basic', username: 'alertmanager', password: 'correct horse battery' },
    });
    const shown = (await admin.call('GET', `/endpoints/${endpoint.id}`)).body;
    expect(shown.access).toEqual({ type: 'basic', username: 'alertmanager', passwordSet: true });
    expect(JSON.stringify(shown)).not.toMatch(/correct horse|scrypt\$/);

    const none = await expectRefused('basic-ep', endpoint.id, {}, 401, 'unauthorized');
    expect(none.headers.get('www-authenticate')).toBe('Basic realm="basic-ep", charset="UTF-8"');
    const basic = (user: string, pass: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`,
    });
    await expectRefused('basic-ep', endpoint.id, { headers: basic('alertmanager', 'wrong') }, 401, 'unauthorized');
    await expectRefused(
      'basic-ep',
      endpoint.id,
      { headers: basic('someone', 'correct horse battery') },
      401,
      'unauthorized',
    );

    const ok = await call('basic-ep', { headers: basic('alertmanager', 'correct horse battery') });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toEqual({ id: 'alertmanager', type: 'basic', name: 'alertmanager' });
    const record = (await admin.call('GET', `/processes/${ok.headers.get('x-process-id')}`)).body;
    expect(record.principal).toMatchObject({ type: 'basic', id: 'alertmanager' });
    expect(record.request.headers.authorization).toBe('[redacted]');

    // Saving the settings again without the password keeps it.
    const patched = await admin.call('PATCH', `/endpoints/${endpoint.id}`, {
      access: { type: 'basic', username: 'alertmanager' },
    });
    expect(patched.status).toBe(200);
    expect((await call('basic-ep', { headers: basic('alertmanager', 'correct horse battery') })).status).toBe(200);
  });

  it('refuses a basic endpoint without a password, naming the field', async () => {
    const res = await admin.call('POST', '/endpoints', {
      slug: 'basic-nopass',
      access: { type: 'basic', username: 'x' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty(['access.password']);
  });
});

describe('API keys', () => {
  let first: { id: string };
  let second: { id: string };

  beforeAll(async () => {
    first = await createEndpoint(admin, 'key-a', WHO, { access: { type: 'apiKey' } });
    second = await createEndpoint(admin, 'key-b', WHO, { access: { type: 'apiKey' } });
  });

  async function newKey(body: Record<string, unknown>) {
    const res = await admin.call('POST', '/api-keys', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as { apiKey: { id: string; prefix: string }; key: string };
  }

  it('accepts a key scoped to the endpoint as Bearer or X-Api-Key, and refuses missing, unknown and out-of-scope keys', async () => {
    const { apiKey, key } = await newKey({ name: 'grafana', endpointIds: [first.id] });
    expect(key).toMatch(/^sgk_[0-9a-f]{12}_/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);

    const bearer = await call('key-a', { headers: { authorization: `Bearer ${key}` } });
    expect(bearer.status).toBe(200);
    expect(bearer.body.user).toEqual({ id: apiKey.id, type: 'apiKey', name: 'grafana' });
    expect((await call('key-a', { headers: { 'x-api-key': key } })).status).toBe(200);

    await expectRefused('key-a', first.id, {}, 401, 'unauthorized');
    const forged = key.slice(0, -4) + (key.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    await expectRefused('key-a', first.id, { headers: { authorization: `Bearer ${forged}` } }, 401, 'unauthorized');
    await expectRefused(
      'key-a',
      first.id,
      { headers: { 'x-api-key': 'sgk_000000000000_nothing' } },
      401,
      'unauthorized',
    );
    await expectRefused('key-b', second.id, { headers: { authorization: `Bearer ${key}` } }, 403, 'forbidden');

    const listed = (await admin.call('GET', '/api-keys')).body.items.find(
      (item: { id: string }) => item.id === apiKey.id,
    );
    expect(JSON.stringify(listed)).not.toContain(key.slice(17));
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('stops a key at its expiry and at revocation', async () => {
    const expiring = await newKey({
      name: 'short',
      endpointIds: [first.id],
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect((await call('key-a', { headers: { 'x-api-key': expiring.key } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    const expired = await expectRefused(
      'key-a',
      first.id,
      { headers: { 'x-api-key': expiring.key } },
      401,
      'unauthorized',
    );
    expect(expired.body.error.message).toMatch(/expired/);

    const revoked = await newKey({ name: 'revoke-me', endpointIds: [first.id] });
    expect((await admin.call('DELETE', `/api-keys/${revoked.apiKey.id}`)).status).toBe(204);
    const refused = await expectRefused(
      'key-a',
      first.id,
      { headers: { 'x-api-key': revoked.key } },
      401,
      'unauthorized',
    );
    expect(refused.body.error.message).toMatch(/revoked/);
  });

  it('rotates a key: the new one works at once, the old one until the overlap ends', async () => {
    const old = await newKey({ name: 'rotating', endpointIds: [first.id, second.id] });
    const rotated = await admin.call('POST', `/api-keys/${old.apiKey.id}/rotate`, { overlapSeconds: 2 });
    expect(rotated.status).toBe(200);
    expect(rotated.body.apiKey).toMatchObject({ name: 'rotating', endpointIds: [first.id, second.id] });
    expect((await call('key-b', { headers: { 'x-api-key': rotated.body.key } })).status).toBe(200);
    expect((await call('key-b', { headers: { 'x-api-key': old.key } })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    await expectRefused('key-b', second.id, { headers: { 'x-api-key': old.key } }, 401, 'unauthorized');
    expect((await call('key-b', { headers: { 'x-api-key': rotated.body.key } })).status).toBe(200);
  });

  it('refuses a key for an endpoint that does not exist', async () => {
    const res = await admin.call('POST', '/api-keys', { name: 'x', endpointIds: ['nope'] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });
});

describe('hmac', () => {
  const secret = 'whsec_0123456789abcdef';
  const body = JSON.stringify({ event: 'push', n: 1 });
  const hex = (text: string) => createHmac('sha256', secret).update(text).digest('hex');
  const now = () => Math.floor(Date.now() / 1000);
  const json = { 'content-type': 'application/json' };

  it('verifies the scriptgate scheme, with its timestamp window', async () => {
    const endpoint = await createEndpoint(admin, 'hmac-sg', WHO, {
      access: { type: 'hmac', preset: 'scriptgate', secret, toleranceSeconds: 60 },
    });
    expect((await admin.call('GET', `/endpoints/${endpoint.id}`)).body.access).toEqual({
      type: 'hmac',
      preset: 'scriptgate',
      toleranceSeconds: 60,
      secretSet: true,
    });
    const signed = (ts: number, text = body) => ({
      ...json,
      'x-scriptgate-timestamp': String(ts),
      'x-scriptgate-signature': `sha256=${hex(`${ts}.${text}`)}`,
    });
    const ok = await call('hmac-sg', { method: 'POST', headers: signed(now()), body });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({
      user: { id: 'scriptgate', type: 'hmac', name: 'scriptgate' },
      body: { event: 'push', n: 1 },
    });

    const stale = now() - 120;
    await expectRefused(
      'hmac-sg',
      endpoint.id,
      { method: 'POST', headers: signed(stale), body },
      401,
      'invalid_signature',
    );
    await expectRefused(
      'hmac-sg',
      endpoint.id,
      { method: 'POST', headers: signed(now()), body: body + ' ' },
      401,
      'invalid_signature',
    );
    await expectRefused('hmac-sg', endpoint.id, { method: 'POST', headers: json, body }, 401, 'invalid_signature');
    await expectRefused(
      'hmac-sg',
      endpoint.id,
      { method: 'POST', headers: { ...signed(now()), 'x-scriptgate-signature': 'sha256=nothex' }, body },
      401,
      'invalid_signature',
    );
  });

  it('verifies GitHub signatures over the raw body, also for multipart bodies', async () => {
    const endpoint = await createEndpoint(admin, 'hmac-gh', WHO, {
      access: { type: 'hmac', preset: 'github', secret },
    });
    const ok = await call('hmac-gh', {
      method: 'POST',
      headers: { ...json, 'x-hub-signature-256': `sha256=${hex(body)}` },
      body,
    });
    expect(ok.status).toBe(200);
    await expectRefused(
      'hmac-gh',
      endpoint.id,
      { method: 'POST', headers: { ...json, 'x-hub-signature-256': `sha256=${hex(body + 'x')}` }, body },
      401,
      'invalid_signature',
    );

    const boundary = 'XyZ';
    const multipart = `--${boundary}\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.c\r\n--${boundary}--\r\n`;
    const parsed = await call('hmac-gh', {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'x-hub-signature-256': `sha256=${hex(multipart)}`,
      },
      body: multipart,
    });
    expect(parsed.status).toBe(200);
    expect(parsed.body.body).toEqual({ email: 'a@b.c' });
  });

  it('verifies Stripe signatures, any of several v1 values, with the timestamp window', async () => {
    const endpoint = await createEndpoint(admin, 'hmac-stripe', WHO, {
      access: { type: 'hmac', preset: 'stripe', secret },
    });
    const ts = now();
    const header = `t=${ts},v1=${'0'.repeat(64)},v1=${hex(`${ts}.${body}`)}`;
    expect(
      (await call('hmac-stripe', { method: 'POST', headers: { ...json, 'stripe-signature': header }, body })).status,
    ).toBe(200);
    const old = ts - 1000;
    await expectRefused(
      'hmac-stripe',
      endpoint.id,
      { method: 'POST', headers: { ...json, 'stripe-signature': `t=${old},v1=${hex(`${old}.${body}`)}` }, body },
      401,
      'invalid_signature',
    );
    await expectRefused(
      'hmac-stripe',
      endpoint.id,
      { method: 'POST', headers: { ...json, 'stripe-signature': `t=${ts}` }, body },
      401,
      'invalid_signature',
    );
  });
});

describe('jwt', () => {
  const secret = 'a-long-shared-secret-for-hs256-tokens!';
  const key = new TextEncoder().encode(secret);
  const sign = (
    claims: Record<string, unknown>,
    options: { alg?: string; exp?: string; iss?: string; aud?: string } = {},
  ) => {
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'HS256' })
      .setIssuedAt()
      .setSubject('user-7');
    jwt = jwt.setExpirationTime(options.exp ?? '5m');
    if (options.iss) jwt = jwt.setIssuer(options.iss);
    if (options.aud) jwt = jwt.setAudience(options.aud);
    return jwt.sign(key);
  };

  it('accepts an HS256 token with the right issuer and audience, hands its claims to the scenario, and refuses the rest', async () => {
    const endpoint = await createEndpoint(admin, 'jwt-hs', WHO, {
      access: {
        type: 'jwt',
        algorithms: ['HS256'],
        secret,
        issuer: 'https://idp.example',
        audience: 'scriptgate',
        clockSkewSeconds: 0,
      },
    });
    const shown = (await admin.call('GET', `/endpoints/${endpoint.id}`)).body.access;
    expect(shown).toMatchObject({ type: 'jwt', secretSet: true, publicKey: null });
    expect(JSON.stringify(shown)).not.toContain(secret);

    const good = await sign({ name: 'Ann', role: 'ops' }, { iss: 'https://idp.example', aud: 'scriptgate' });
    const ok = await call('jwt-hs', { headers: { authorization: `Bearer ${good}` } });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({
      id: 'user-7',
      type: 'jwt',
      name: 'Ann',
      claims: { role: 'ops', iss: 'https://idp.example' },
    });

    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    await expectRefused('jwt-hs', endpoint.id, {}, 401, 'unauthorized');
    await expectRefused(
      'jwt-hs',
      endpoint.id,
      bearer(await sign({}, { iss: 'https://evil.example', aud: 'scriptgate' })),
      401,
      'unauthorized',
    );
    await expectRefused(
      'jwt-hs',
      endpoint.id,
      bearer(await sign({}, { iss: 'https://idp.example', aud: 'other' })),
      401,
      'unauthorized',
    );
    await expectRefused(
      'jwt-hs',
      endpoint.id,
      bearer(await sign({}, { iss: 'https://idp.example', aud: 'scriptgate', exp: '-1m' })),
      401,
      'unauthorized',
    );
    await expectRefused(
      'jwt-hs',
      endpoint.id,
      bearer(await sign({}, { alg: 'HS512', iss: 'https://idp.example', aud: 'scriptgate' })),
      401,
      'unauthorized',
    );
    const [, payload] = good.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expectRefused('jwt-hs', endpoint.id, bearer(unsigned), 401, 'unauthorized');
  });

  it('verifies RS256 with a PEM public key and refuses an HS256 token forged with that public key', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const endpoint = await createEndpoint(admin, 'jwt-rs', WHO, {
      access: { type: 'jwt', algorithms: ['RS256'], publicKey: pem },
    });
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('svc')
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await call('jwt-rs', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const confused = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('svc')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(pem));
    await expectRefused(
      'jwt-rs',
      endpoint.id,
      { headers: { authorization: `Bearer ${confused}` } },
      401,
      'unauthorized',
    );
  });

  it('fetches a JWKS from its URL (cached) and verifies ES256 tokens by kid', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    let fetched = 0;
    const jwks: Server = createServer((_req, res) => {
      fetched += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    try {
      const jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
      await createEndpoint(admin, 'jwt-jwks', WHO, { access: { type: 'jwt', algorithms: ['ES256'], jwksUrl } });
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('svc-2')
        .setExpirationTime('5m')
        .sign(privateKey);
      for (let i = 0; i < 3; i++)
        expect((await call('jwt-jwks', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect(fetched).toBe(1);
    } finally {
      jwks.close();
    }
  });

  it('refuses settings whose key material does not fit the algorithms', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'jwt', algorithms: ['HS256'], publicKey: pem }, 'access.secret'],
      [{ type: 'jwt', algorithms: ['HS256', 'RS256'], secret: 'x'.repeat(32) }, 'access.algorithms'],
      [{ type: 'jwt', algorithms: ['RS256'] }, 'access.publicKey'],
      [{ type: 'jwt', algorithms: ['RS256'], publicKey: 'not a key' }, 'access.publicKey'],
      [{ type: 'jwt', algorithms: ['RS256'], publicKey: pem }, 'access.publicKey'],
      [{ type: 'jwt', algorithms: ['none'], secret: 'x' }, 'access.algorithms.0'],
    ];
    for (const [access, field] of cases) {
      const res = await admin.call('POST', '/endpoints', { slug: 'jwt-bad', access });
      expect(res.status, JSON.stringify(access)).toBe(400);
      expect(Object.keys(res.body.error.fields ?? {}), JSON.stringify(res.body)).toContain(field);
    }
  });
});

describe('IP allowlist, rate limit and preflight', () => {
  it('refuses addresses outside the allowlist and serves those inside it', async () => {
    const outside = await createEndpoint(admin, 'ip-outside', WHO, {
      ipAllowlist: ['203.0.113.0/24', '2001:db8::/32'],
    });
    await expectRefused('ip-outside', outside.id, {}, 403, 'ip_not_allowed');
    await createEndpoint(admin, 'ip-inside', WHO, { ipAllowlist: ['10.0.0.0/8', '127.0.0.1'] });
    expect((await call('ip-inside')).status).toBe(200);
    const bad = await admin.call('POST', '/endpoints', { slug: 'ip-bad', ipAllowlist: ['10.0.0.0/33'] });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toContain('ipAllowlist.0');
  });

  it('judges the forwarded address behind TRUST_PROXY', async () => {
    const proxied = await startTestServer({ TRUST_PROXY: 'loopback' });
    try {
      const proxiedAdmin = await signIn(proxied.url);
      await createEndpoint(proxiedAdmin, 'behind-proxy', WHO, { ipAllowlist: ['203.0.113.0/24'] });
      const inside = await fetch(`${proxied.url}/api/webrequest/behind-proxy`, {
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      expect(inside.status).toBe(200);
      const outside = await fetch(`${proxied.url}/api/webrequest/behind-proxy`, {
        headers: { 'x-forwarded-for': '198.51.100.4' },
      });
      expect(outside.status).toBe(403);
    } finally {
      await proxied.stop();
    }
  });

  it('answers 429 with Retry-After past the limit, and lets exactly one of two racing calls through at the limit', async () => {
    const limited = await createEndpoint(admin, 'limited', WHO, {
      rateLimit: { requests: 2, windowSeconds: 60, by: 'ip', window: 'fixed' },
    });
    expect((await call('limited')).status).toBe(200);
    expect((await call('limited')).status).toBe(200);
    const over = await expectRefused('limited', limited.id, {}, 429, 'rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);

    await createEndpoint(admin, 'racing', WHO, {
      rateLimit: { requests: 1, windowSeconds: 60, by: 'ip', window: 'sliding' },
    });
    const statuses = (await Promise.all([call('racing'), call('racing'), call('racing')]))
      .map((res) => res.status)
      .sort();
    expect(statuses).toEqual([200, 429, 429]);
  });

  it('counts per caller when limited by principal', async () => {
    const endpoint = await createEndpoint(admin, 'per-key', WHO, {
      access: { type: 'apiKey' },
      rateLimit: { requests: 1, windowSeconds: 60, by: 'principal', window: 'fixed' },
    });
    const keyOf = async (name: string) =>
      (await admin.call('POST', '/api-keys', { name, endpointIds: [endpoint.id] })).body.key as string;
    const [one, two] = [await keyOf('one'), await keyOf('two')];
    expect((await call('per-key', { headers: { 'x-api-key': one } })).status).toBe(200);
    expect((await call('per-key', { headers: { 'x-api-key': two } })).status).toBe(200);
    await expectRefused('per-key', endpoint.id, { headers: { 'x-api-key': one } }, 429, 'rate_limited');
  });

  it('answers CORS preflight on a protected endpoint without credentials', async () => {
    await createEndpoint(admin, 'cors-protected', WHO, {
      access: { type: 'apiKey' },
      cors: { origins: ['https://site.example'], headers: ['x-api-key'] },
    });
    const res = await fetch(url('/api/webrequest/cors-protected'), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://site.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-api-key',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://site.example');
    expect(res.headers.get('access-control-allow-headers')).toContain('x-api-key');
  });

  it('counts refusals by endpoint and reason in /metrics', async () => {
    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toMatch(/scriptgate_rejected_total\{slug="basic-ep",reason="unauthorized"\} [1-9]/);
    expect(metrics).toMatch(/scriptgate_rejected_total\{slug="hmac-sg",reason="invalid_signature"\} [1-9]/);
    expect(metrics).toMatch(/scriptgate_rejected_total\{slug="ip-outside",reason="ip_not_allowed"\} [1-9]/);
    expect(metrics).toMatch(/scriptgate_rejected_total\{slug="limited",reason="rate_limited"\} [1-9]/);
  });
});

describe('the audit log', () => {
  it('lists who changed endpoints, access and keys, never a secret value, for admins only', async () => {
    const page = await admin.call('GET', '/audit?limit=200');
    expect(page.status).toBe(200);
    const actions = page.body.items.map((entry: { action: string }) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['endpoint.create', 'apiKey.create', 'apiKey.rotate', 'apiKey.revoke', 'endpoint.update']),
    );
    const entry = page.body.items.find((item: { action: string }) => item.action === 'endpoint.update');
    expect(entry).toMatchObject({
      actor: { email: 'admin@example.test' },
      entity: { type: 'endpoint' },
      ip: expect.any(String),
    });
    expect(JSON.stringify(page.body)).not.toMatch(/correct horse|whsec_|a-long-shared-secret|sgk_[0-9a-f]{12}_/);

    const filtered = await admin.call('GET', '/audit?entity=apiKey');
    expect(filtered.body.items.every((item: { entity: { type: string } }) => item.entity.type === 'apiKey')).toBe(true);

    await admin.call('POST', '/users', {
      email: 'ed@example.test',
      name: 'Ed',
      role: 'editor',
      password: 'editor-password-1',
    });
    const editor = await signIn(server.url, 'ed@example.test', 'editor-password-1');
    expect((await editor.call('GET', '/audit')).status).toBe(403);
    expect((await editor.call('GET', '/api-keys')).status).toBe(200);
  });
});

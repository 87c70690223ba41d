import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

/**
 * CORS that explains itself (README "CORS" and "Refused calls"), through the real server: a
 * browser call from an origin the endpoint does not list is refused `403 origin_not_allowed`
 * before the scenario runs — the scenario would call a loopback receiver first thing, and the
 * receiver hears nothing — and every call refused before a run shows in the endpoint's refused
 * calls, never as a process.
 */

let server: TestServer;
let admin: AdminClient;
let receiver: Server;
let receiverPort = 0;
const hits: string[] = [];

const SHOP = 'https://shop.example';
const EVIL = 'https://evil.example';

/** Tells the receiver it ran, then answers. */
function scenario(tag: string): string {
  return `export default async (request) => {
  await fetch('http://127.0.0.1:${receiverPort}/ran/${tag}');
  return { ok: true, got: request.body ?? null };
};`;
}

async function call(slug: string, init: RequestInit & { path?: string } = {}) {
  const res = await fetch(`${server.url}/api/webrequest/${slug}${init.path ?? ''}`, init);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

const postJson = (value: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

async function processCount(endpointId: string): Promise<number> {
  return (await admin.call('GET', `/processes?endpointId=${endpointId}`)).body.items.length;
}

async function refusals(endpointId: string, client = admin) {
  const res = await client.call('GET', `/endpoints/${endpointId}/refusals`);
  expect(res.status).toBe(200);
  return res.body as { items: any[]; capacity: number; since: string };
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverPort = (receiver.address() as AddressInfo).port;
  server = await startTestServer({
    OUTBOUND_ALLOW: `127.0.0.1:${receiverPort}`,
    // One run at a time per endpoint and nobody waiting: a second call is `503 endpoint_busy`.
    ENDPOINT_MAX_INFLIGHT: '1',
    ENDPOINT_MAX_WAITING: '0',
  });
  admin = await signIn(server.url);
});

afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('an origin the endpoint does not list', () => {
  let endpointId = '';

  beforeAll(async () => {
    endpointId = (
      await createEndpoint(admin, 'contact', scenario('contact'), {
        methods: ['POST'],
        cors: { origins: [SHOP] },
      })
    ).id;
  });

  it('is refused 403 origin_not_allowed before the scenario runs, and no process is recorded', async () => {
    const res = await call('contact', postJson({ email: 'jane@example.com' }, { origin: EVIL }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('origin_not_allowed');
    expect(res.body.error.message).toContain(EVIL);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toMatch(/origin/i);
    expect(res.headers.get('x-process-id')).toBeNull();
    await new Promise((r) => setTimeout(r, 200));
    expect(hits.filter((hit) => hit === '/ran/contact')).toEqual([]);
    expect(await processCount(endpointId)).toBe(0);
  });

  it('gets a preflight refused with 403 and no CORS headers, while a listed origin’s preflight is answered', async () => {
    const preflight = (origin: string) =>
      call('contact', {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const refused = await preflight(EVIL);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('origin_not_allowed');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(refused.headers.get('access-control-allow-methods')).toBeNull();
    const allowed = await preflight(SHOP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
  });

  it('does not affect a listed origin, nor a call without an Origin (server to server)', async () => {
    const listed = await call('contact', postJson({ n: 1 }, { origin: SHOP }));
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe(SHOP);
    const serverToServer = await call('contact', postJson({ n: 2 }));
    expect(serverToServer.status).toBe(200);
    expect(serverToServer.body).toEqual({ ok: true, got: { n: 2 } });
    await waitFor(async () => hits.filter((hit) => hit === '/ran/contact').length === 2);
  });

  it('does not affect a call from the server’s own origin (the API reference’s “Try it out”)', async () => {
    const res = await call('contact', postJson({ n: 3 }, { origin: server.url }));
    expect(res.status).toBe(200);
  });

  it('runs the scenario when the endpoint turns enforcement off (cors.enforce: false)', async () => {
    const patched = await admin.call('PATCH', `/endpoints/${endpointId}`, {
      cors: { origins: [SHOP], enforce: false },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.cors.enforce).toBe(false);
    const res = await call('contact', postJson({ n: 4 }, { origin: EVIL }));
    expect(res.status).toBe(200);
    // Still no CORS headers for it: the browser keeps the answer from the unlisted site.
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await waitFor(async () => hits.filter((hit) => hit === '/ran/contact').length === 4);
    const back = await admin.call('PATCH', `/endpoints/${endpointId}`, { cors: { origins: [SHOP] } });
    expect(back.body.cors.enforce).toBe(true);
  });
});

describe('the refused calls of an endpoint', () => {
  let endpointId = '';
  const basic = { authorization: `Basic ${Buffer.from('site:open sesame').toString('base64')}` };

  beforeAll(async () => {
    endpointId = (
      await createEndpoint(admin, 'kinds', scenario('kinds'), {
        methods: ['POST'],
        cors: { origins: [SHOP] },
        access: { type: 'basic', username: 'site', password: 'open sesame' },
        bodyLimitBytes: 200,
        requestSchema: { body: { type: 'object', required: ['email'] } },
      })
    ).id;
  });

  it('lists each kind of refusal with time, reason, method, origin, address and path, newest first', async () => {
    const refusedWith = async (init: RequestInit & { path?: string }, status: number, code: string) => {
      const res = await call('kinds', init);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
    };
    await refusedWith({ method: 'GET', headers: basic }, 405, 'method_not_allowed');
    await refusedWith(postJson({ email: 'a@b.example' }, { origin: EVIL }), 403, 'origin_not_allowed');
    await refusedWith(postJson({ email: 'a@b.example' }), 401, 'unauthorized');
    await refusedWith(
      { method: 'POST', headers: { ...basic, 'content-type': 'application/json' }, body: '{"email":' },
      400,
      'invalid_body',
    );
    await refusedWith(postJson({ email: 'x'.repeat(500) }, basic), 413, 'payload_too_large');
    await refusedWith({ ...postJson({ name: 'no email' }, basic), path: '/sub?token=s3cret' }, 422, 'request_invalid');

    const list = await refusals(endpointId);
    expect(list.capacity).toBe(50);
    expect(Date.parse(list.since)).not.toBeNaN();
    expect(list.items.map((item) => item.reason)).toEqual([
      'request_invalid',
      'payload_too_large',
      'invalid_body',
      'unauthorized',
      'origin_not_allowed',
      'method_not_allowed',
    ]);
    const [invalid, , , , fromEvil, wrongMethod] = list.items;
    expect(fromEvil).toMatchObject({ status: 403, method: 'POST', origin: EVIL, path: '/api/webrequest/kinds' });
    expect(fromEvil.ip).toMatch(/127\.0\.0\.1$/);
    expect(Date.parse(fromEvil.at)).not.toBeNaN();
    expect(wrongMethod).toMatchObject({ status: 405, method: 'GET', origin: null });
    // The path, never the query string; and no header or body at all.
    expect(invalid).toMatchObject({ status: 422, path: '/api/webrequest/kinds/sub' });
    expect(JSON.stringify(list.items)).not.toContain('s3cret');
    expect(JSON.stringify(list.items)).not.toContain('open sesame');
    expect(Object.keys(invalid).sort()).toEqual(['at', 'ip', 'method', 'origin', 'path', 'reason', 'status']);

    expect(await processCount(endpointId)).toBe(0);
    expect(hits.filter((hit) => hit === '/ran/kinds')).toEqual([]);
  });

  it('lists a call refused because the endpoint was busy', async () => {
    const slow = await createEndpoint(
      admin,
      'busy',
      `export default async () => { await new Promise((r) => setTimeout(r, 1500)); return 'done'; }`,
    );
    const running = call('busy');
    await waitFor(async () => (await processCount(slow.id)) === 1);
    const busy = await call('busy');
    expect(busy.status).toBe(503);
    expect(busy.body.error.code).toBe('endpoint_busy');
    expect((await running).status).toBe(200);
    const list = await refusals(slow.id);
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ reason: 'endpoint_busy', status: 503, method: 'GET' });
  });

  it('lists a call of the endpoint while it is turned off', async () => {
    const off = await createEndpoint(admin, 'switched-off', scenario('switched-off'), { enabled: false });
    const res = await call('switched-off', postJson({ n: 1 }));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('endpoint_not_found');
    expect((await refusals(off.id)).items).toMatchObject([{ reason: 'endpoint_not_found', status: 404 }]);
    expect(hits.filter((hit) => hit === '/ran/switched-off')).toEqual([]);
  });

  it('counts the same refusals in /metrics', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('scriptgate_rejected_total{slug="kinds",reason="origin_not_allowed"} 1');
    expect(metrics).toContain('scriptgate_rejected_total{slug="kinds",reason="method_not_allowed"} 1');
    expect(metrics).toContain('scriptgate_rejected_total{slug="kinds",reason="invalid_body"} 1');
    expect(metrics).toContain('scriptgate_rejected_total{slug="kinds",reason="request_invalid"} 1');
  });

  it('may be read by a viewer, not without signing in; an unknown endpoint is 404', async () => {
    await admin.call('POST', '/users', {
      email: 'refusals-viewer@example.test',
      name: 'V',
      role: 'viewer',
      password: 'long enough password',
    });
    const viewer = await signIn(server.url, 'refusals-viewer@example.test', 'long enough password');
    expect((await refusals(endpointId, viewer)).items.length).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/api/admin/endpoints/${endpointId}/refusals`)).status).toBe(401);
    const unknown = await admin.call('GET', '/endpoints/000000000000000000000000/refusals');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
  });
});

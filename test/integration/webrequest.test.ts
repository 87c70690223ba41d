import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

let server: TestServer;
let admin: AdminClient;
const url = (path: string) => `${server.url}${path}`;

function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/`, { path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url);
  await createEndpoint(
    admin,
    'echo',
    `export default async function (request, ctx) {
      ctx.log.info('echo', request.method);
      return { method: request.method, subpath: request.subpath, query: request.query, body: request.body,
               headers: request.headers, cookies: request.cookies, files: request.files.map(f => ({ name: f.name, field: f.field, size: f.size, text: f.text() })),
               url: request.url, ip: request.ip, event: ctx.event, script: ctx.script, user: ctx.user };
    }`,
  );
  await createEndpoint(
    admin,
    'kinds',
    `export default async function (request) {
      switch (request.query.kind) {
        case 'text': return 'hello';
        case 'none': return undefined;
        case 'created': return Response.json({ made: true }, { status: 201, headers: { 'x-made': 'yes' } });
        case 'binary': return new Response(new Uint8Array([0, 1, 2, 255]), { headers: { 'content-type': 'application/octet-stream' } });
        case 'proto': return JSON.parse('{"__proto__": {"polluted": true}, "ok": 1}');
        case 'status999': return new Response('x', { status: 999 });
        case 'crlf': return new Response('x', { headers: { 'x-bad': 'a\\r\\nSet-Cookie: evil=1' } });
        case 'cookie': return new Response('x', { headers: { 'set-cookie': 'sg_session=stolen; Path=/' } });
        case 'throw': throw new TypeError('boom at line 11');
        default: return { kind: request.query.kind ?? null };
      }
    }`,
  );
});

afterAll(async () => {
  await server?.stop();
});

describe('synchronous runs', () => {
  it('echoes a JSON body with the request fields, X-Process-Id and a sandbox CSP', async () => {
    const res = await fetch(url('/api/webrequest/echo/a/b?x=1&y[z]=2'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer hunter2', cookie: 'c1=v1' },
      body: JSON.stringify({ email: 'a@b.c', nested: { n: 1 } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
    const processId = res.headers.get('x-process-id');
    expect(processId).toMatch(/^[0-9a-f]{24}$/);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({
      method: 'POST',
      subpath: '/a/b',
      query: { x: '1', y: { z: '2' } },
      body: { email: 'a@b.c', nested: { n: 1 } },
      cookies: { c1: 'v1' },
      event: { id: processId, type: '$webRequest', async: false },
      user: null,
    });
    expect(body.url).toBe(`${server.url}/api/webrequest/echo/a/b?x=1&y[z]=2`);
    expect(body.headers.authorization).toBe('Bearer hunter2');

    const detail = await admin.call('GET', `/processes/${processId}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ status: 'succeeded', mode: 'sync', slug: 'echo', scenarioVersion: 1 });
    expect(detail.body.request.headers.authorization).toBe('[redacted]');
    expect(detail.body.request.headers.cookie).toBe('[redacted]');
    expect(detail.body.request.body).toEqual({ email: 'a@b.c', nested: { n: 1 } });
    expect(detail.body.response.status).toBe(200);
    expect(detail.body.logs).toEqual([expect.objectContaining({ level: 'info', text: 'echo POST' })]);
    expect(detail.body.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('maps strings to text/plain, undefined to 204 and a Response to its status and headers', async () => {
    const text = await fetch(url('/api/webrequest/kinds?kind=text'));
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await text.text()).toBe('hello');

    const none = await fetch(url('/api/webrequest/kinds?kind=none'));
    expect(none.status).toBe(204);
    expect(none.headers.get('x-process-id')).toBeTruthy();

    const created = await fetch(url('/api/webrequest/kinds?kind=created'));
    expect(created.status).toBe(201);
    expect(created.headers.get('x-made')).toBe('yes');
    expect((await created.json()) as any).toEqual({ made: true });

    const binary = await fetch(url('/api/webrequest/kinds?kind=binary'));
    expect(binary.headers.get('content-type')).toBe('application/octet-stream');
    expect([...new Uint8Array(await binary.arrayBuffer())]).toEqual([0, 1, 2, 255]);
  });

  it('returns a __proto__ key as plain data without polluting anything', async () => {
    const res = await fetch(url('/api/webrequest/kinds?kind=proto'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"__proto__"');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('fails the run with 500 invalid_response for status 999 and for CR/LF in a header', async () => {
    for (const kind of ['status999', 'crlf']) {
      const res = await fetch(url(`/api/webrequest/kinds?kind=${kind}`));
      expect(res.status).toBe(500);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe('invalid_response');
      expect(res.headers.get('set-cookie')).toBeNull();
      const detail = await admin.call('GET', `/processes/${body.error.processId}`);
      expect(detail.body.status).toBe('failed');
    }
  });

  it('never lets a scenario set the admin session cookie', async () => {
    const res = await fetch(url('/api/webrequest/kinds?kind=cookie'));
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('answers 500 scenario_error with the process id when the scenario throws, and records the stack', async () => {
    const res = await fetch(url('/api/webrequest/kinds?kind=throw'));
    expect(res.status).toBe(500);
    const body = (await res.json()) as any;
    expect(body.error).toMatchObject({ code: 'scenario_error', message: expect.stringContaining('boom') });
    expect(body.error.processId).toBe(res.headers.get('x-process-id'));
    const detail = await admin.call('GET', `/processes/${body.error.processId}`);
    expect(detail.body.status).toBe('failed');
    expect(detail.body.error.stack).toMatch(/scenario\.js:11:/);
    expect(JSON.stringify(detail.body.error)).not.toMatch(/node_modules|\/work\//);
  });
});

describe('routing and bad input', () => {
  it('answers 404 for unknown slugs, dot-dot slugs and disabled endpoints', async () => {
    // Sent raw: fetch() would normalize the dot segments away before they reach the server.
    for (const path of [
      '/api/webrequest/nope',
      '/api/webrequest/%2e%2e/admin',
      '/api/webrequest/..%2f..',
      '/api/webrequest/%2E%2E',
    ]) {
      const res = await rawGet(path);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.body).error.code).toBe('endpoint_not_found');
    }
    const ep = await createEndpoint(admin, 'disabled-one', 'export default () => 1', { enabled: false });
    expect((await fetch(url('/api/webrequest/disabled-one'))).status).toBe(404);
    await admin.call('PATCH', `/endpoints/${ep.id}`, { enabled: true });
    expect((await fetch(url('/api/webrequest/disabled-one'))).status).toBe(200);
  });

  it('answers 405 with Allow when the method is not allowed', async () => {
    await createEndpoint(admin, 'post-only', 'export default () => 1', { methods: ['POST'] });
    const res = await fetch(url('/api/webrequest/post-only'));
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('OPTIONS, POST');
    expect(((await res.json()) as any).error.code).toBe('method_not_allowed');
  });

  it('rejects malformed JSON with 400 invalid_body and runs nothing', async () => {
    const before = await admin.call('GET', '/processes?limit=200');
    const res = await fetch(url('/api/webrequest/echo'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a": ',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('invalid_body');
    const after = await admin.call('GET', '/processes?limit=200');
    expect(after.body.items.length).toBe(before.body.items.length);
  });

  it('rejects a body over the limit with 413', async () => {
    const res = await fetch(url('/api/webrequest/echo'), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(1024 * 1024 + 10),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.code).toBe('payload_too_large');
  });

  it('parses nested urlencoded forms, text bodies and multipart files', async () => {
    const form = await fetch(url('/api/webrequest/echo'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Ann&address[city]=Oslo&tags[]=a&tags[]=b&__proto__[x]=1',
    });
    const formBody = (await form.json()) as any;
    expect(formBody.body).toEqual({ name: 'Ann', address: { city: 'Oslo' }, tags: ['a', 'b'] });

    const text = await fetch(url('/api/webrequest/echo'), {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'plain words',
    });
    expect(((await text.json()) as any).body).toBe('plain words');

    const data = new FormData();
    data.append('title', 'report');
    data.append('meta[owner]', 'bob');
    data.append('upload', new Blob(['file contents'], { type: 'text/plain' }), 'notes.txt');
    const multipart = await fetch(url('/api/webrequest/echo'), { method: 'POST', body: data });
    const multipartBody = (await multipart.json()) as any;
    expect(multipartBody.body).toEqual({ title: 'report', meta: { owner: 'bob' } });
    expect(multipartBody.files).toEqual([{ name: 'notes.txt', field: 'upload', size: 13, text: 'file contents' }]);
  });
});

describe('CORS', () => {
  it('answers preflight itself and adds CORS headers to the actual response', async () => {
    await createEndpoint(admin, 'cors-form', 'export default (request) => ({ got: request.body })', {
      cors: { origins: ['https://shop.example'], credentials: true, headers: ['x-custom'], maxAgeSeconds: 600 },
    });
    const before = (await admin.call('GET', '/processes?q=cors-form')).body.items.length;
    const preflight = await fetch(url('/api/webrequest/cors-form'), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-custom');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    expect((await admin.call('GET', '/processes?q=cors-form')).body.items.length).toBe(before);

    const actual = await fetch(url('/api/webrequest/cors-form'), {
      method: 'POST',
      headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(actual.headers.get('access-control-allow-origin')).toBe('https://shop.example');

    const evil = await fetch(url('/api/webrequest/cors-form'), {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    expect(evil.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses "*" together with credentials at configuration time', async () => {
    const res = await admin.call('POST', '/endpoints', {
      slug: 'bad-cors',
      cors: { origins: ['*'], credentials: true },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.fields['cors.origins']).toMatch(/explicit/);
  });
});

describe('asynchronous runs', () => {
  it('answers 202 at once and the status URL gives the result once finished', async () => {
    await createEndpoint(
      admin,
      'slow-job',
      `export default async function (request) {
        await new Promise((r) => setTimeout(r, 300));
        return { done: request.body.n * 2 };
      }`,
    );
    const started = Date.now();
    const res = await fetch(url('/api/webrequest/slow-job?async=true'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"n":21}',
    });
    expect(Date.now() - started).toBeLessThan(250);
    expect(res.status).toBe(202);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ status: 'queued', processId: res.headers.get('x-process-id') });
    expect(body.statusUrl).toMatch(/\/api\/status\/[0-9a-f]{24}\?token=/);

    const finished = await waitFor(async () => {
      const status = (await (await fetch(body.statusUrl)).json()) as any;
      return status.status === 'succeeded' ? status : null;
    });
    expect(JSON.parse(finished.response.body)).toEqual({ done: 42 });

    const wrong = await fetch(body.statusUrl.replace(/token=.*/, 'token=guess'));
    expect(wrong.status).toBe(404);
  });

  it('runs asynchronously for Prefer: respond-async and for always-async endpoints', async () => {
    const prefer = await fetch(url('/api/webrequest/echo'), { method: 'POST', headers: { prefer: 'respond-async' } });
    expect(prefer.status).toBe(202);
    await createEndpoint(admin, 'always-async', 'export default () => "later"', {
      alwaysAsync: true,
      asyncResponse: { status: 200, headers: { 'x-accepted': '1' }, body: { thanks: true } },
    });
    const always = await fetch(url('/api/webrequest/always-async'));
    expect(always.status).toBe(200);
    expect(always.headers.get('x-accepted')).toBe('1');
    expect((await always.json()) as any).toEqual({ thanks: true });
    const processId = always.headers.get('x-process-id');
    await waitFor(async () => (await admin.call('GET', `/processes/${processId}`)).body.status === 'succeeded');
  });
});

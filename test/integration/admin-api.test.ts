import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, createEndpoint, signIn, startTestServer, type AdminClient, type TestServer } from './harness.js';

let server: TestServer;
let admin: AdminClient;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url);
});

afterAll(async () => {
  await server?.stop();
});

describe('admin session', () => {
  it('refuses a wrong password with 401 and answers who am I with the CSRF token', async () => {
    const wrong = await fetch(`${server.url}/api/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: 'nope-nope' }),
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as any).error.code).toBe('unauthorized');
    const me = await admin.call('GET', '/session');
    expect(me.body).toMatchObject({ user: { email: ADMIN_EMAIL, role: 'admin' }, csrfToken: admin.csrfToken });
    expect(JSON.stringify(me.body)).not.toContain('passwordHash');
  });

  it('sets an httpOnly SameSite=Lax session cookie', async () => {
    const res = await fetch(`${server.url}/api/admin/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN_EMAIL, password: 'correct horse battery' }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('refuses a state-changing cookie call without X-CSRF-Token', async () => {
    const res = await fetch(`${server.url}/api/admin/endpoints`, {
      method: 'POST',
      headers: { cookie: admin.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'no-csrf' }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error.code).toBe('csrf_failed');
  });

  it('answers 401 to admin calls without a session and signs out', async () => {
    expect((await fetch(`${server.url}/api/admin/endpoints`)).status).toBe(401);
    const other = await signIn(server.url);
    expect((await other.call('DELETE', '/session')).status).toBe(204);
    expect((await other.call('GET', '/endpoints')).status).toBe(401);
  });
});

describe('endpoints and scenarios', () => {
  it('validates slugs with a field error and refuses duplicates with 409', async () => {
    const bad = await admin.call('POST', '/endpoints', { slug: 'Bad Slug!' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(bad.body.error.fields.slug).toBeTruthy();
    await createEndpoint(admin, 'dup', 'export default () => 1');
    const dup = await admin.call('POST', '/endpoints', { slug: 'dup' });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('slug_taken');
  });

  it('saves scenario versions, reports compile errors with line and column, and publishes at once', async () => {
    const ep = await createEndpoint(admin, 'versions', 'export default () => "v1"');
    expect(ep.scenarioVersion).toBe(1);
    const broken = await admin.call('PUT', `/endpoints/${ep.id}/scenario`, {
      code: 'export default () => {\n  return (1 +;\n}',
      language: 'javascript',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('compile_error');
    expect(broken.body.error.diagnostics[0]).toMatchObject({ line: 2 });
    expect(await (await fetch(`${server.url}/api/webrequest/versions`)).text()).toBe('v1');

    const ts = await admin.call('PUT', `/endpoints/${ep.id}/scenario`, {
      code: 'interface R { n: number }\nexport default (request: { query: R }): string => "v2"',
      language: 'typescript',
    });
    expect(ts.status).toBe(200);
    expect(ts.body).toMatchObject({ version: 2, language: 'typescript' });
    expect(await (await fetch(`${server.url}/api/webrequest/versions`)).text()).toBe('v2');

    const restored = await admin.call('POST', `/endpoints/${ep.id}/scenario/versions/1/restore`);
    expect(restored.body).toMatchObject({ version: 3, restoredFrom: 1 });
    expect(await (await fetch(`${server.url}/api/webrequest/versions`)).text()).toBe('v1');
    const list = await admin.call('GET', `/endpoints/${ep.id}/scenario/versions`);
    expect(list.body.items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
  });

  it('test-runs a draft without publishing it and without recording a process', async () => {
    const ep = await createEndpoint(admin, 'draft-me', 'export default () => "saved"');
    const before = await admin.call('GET', `/processes?endpointId=${ep.id}`);
    const run = await admin.call('POST', `/endpoints/${ep.id}/test-run`, {
      code: 'export default (request, ctx) => { ctx.log.warn("trying", request.body.x); return { draft: request.body.x } }',
      request: { method: 'POST', body: { x: 5 } },
    });
    expect(run.status).toBe(200);
    expect(JSON.parse(run.body.response.body)).toEqual({ draft: 5 });
    expect(run.body.logs[0]).toMatchObject({ level: 'warn', text: 'trying 5' });
    expect(run.body.error).toBeNull();
    expect(await (await fetch(`${server.url}/api/webrequest/draft-me`)).text()).toBe('saved');
    const after = await admin.call('GET', `/processes?endpointId=${ep.id}`);
    expect(after.body.items.length).toBe(before.body.items.length + 1);
  });

  it('test-runs form and JSON-text bodies the way the public route would parse them', async () => {
    const ep = await createEndpoint(admin, 'draft-forms', 'export default (r) => ({ body: r.body, raw: r.rawBody })');
    const form = await admin.call('POST', `/endpoints/${ep.id}/test-run`, {
      request: {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: { a: '1', b: { c: '2' } },
      },
    });
    expect(JSON.parse(form.body.response.body)).toEqual({ body: { a: '1', b: { c: '2' } }, raw: 'a=1&b[c]=2' });
    const text = await admin.call('POST', `/endpoints/${ep.id}/test-run`, {
      request: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1}' },
    });
    expect(JSON.parse(text.body.response.body)).toEqual({ body: { n: 1 }, raw: '{"n":1}' });
    const broken = await admin.call('POST', `/endpoints/${ep.id}/test-run`, {
      request: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":' },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_body');
  });
});

describe('the admin UI files', () => {
  it('serves index.html for client routes and a JSON 404 for a missing asset or API route', async () => {
    const page = await fetch(`${server.url}/processes`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(await page.text()).toContain('<div id="root">');
    for (const path of ['/assets/no-such-bundle.js', '/api/no-such-route']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(404);
      expect(((await res.json()) as any).error.code).toBe('not_found');
    }
  });
});

describe('process list', () => {
  it('filters by endpoint, status and text, newest first, with cursor paging', async () => {
    const ep = await createEndpoint(
      admin,
      'pager',
      'export default (r) => { if (r.query.fail) throw new Error("nope"); return 1 }',
    );
    for (let i = 0; i < 7; i++) await fetch(`${server.url}/api/webrequest/pager?i=${i}${i % 3 === 0 ? '&fail=1' : ''}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: Array<{ id: string; request: { url: string } }>; nextCursor: string | null } } =
        await admin.call('GET', `/processes?endpointId=${ep.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(7);
    expect([...seen].sort().reverse()).toEqual(seen);

    const failed = await admin.call('GET', `/processes?endpointId=${ep.id}&status=failed`);
    expect(failed.body.items.length).toBe(3);
    expect(failed.body.items[0].error.message).toContain('nope');
    expect(failed.body.items[0]).not.toHaveProperty('logs');

    const text = await admin.call('GET', `/processes?q=${encodeURIComponent('i=4')}`);
    expect(text.body.items.length).toBe(1);

    const invalid = await admin.call('GET', '/processes?status=bogus');
    expect(invalid.status).toBe(400);
  });
});

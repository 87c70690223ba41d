import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, type AdminClient, type TestServer } from './harness.js';

/**
 * The API docs (README "Request schema and API docs"): `/api/webrequest/openapi.json` is a valid
 * OpenAPI 3.1 document of the enabled endpoints whose owners documented them, and nothing about
 * the others; `/docs` renders it from files this server serves itself, under a strict policy.
 */

let server: TestServer;
let admin: AdminClient;
const url = (path: string) => `${server.url}${path}`;

const SCHEMA = {
  body: {
    type: 'object',
    properties: { email: { type: 'string', format: 'email' }, address: { $ref: '#/$defs/address' } },
    required: ['email'],
    $defs: { address: { type: 'object', properties: { city: { type: 'string' } } } },
  },
  query: { type: 'object', properties: { page: { type: 'integer' } }, required: ['page'] },
};

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url);
  const code = 'export default (request) => request.body';
  await createEndpoint(admin, 'documented', code, {
    name: 'Sign-up',
    description: 'Creates an account.',
    documented: true,
    methods: ['GET', 'POST'],
    requestSchema: SCHEMA,
  });
  await createEndpoint(admin, 'webhook', code, {
    documented: true,
    alwaysAsync: true,
    access: { type: 'hmac', preset: 'github', secret: 'hmac-secret-value-never-shown' },
    ipAllowlist: ['10.11.12.0/24'],
  });
  await createEndpoint(admin, 'private-ep', code, {
    documented: true,
    access: { type: 'basic', username: 'partner-user', password: 'basic-password-never-shown' },
  });
  await createEndpoint(admin, 'undocumented', code);
  await createEndpoint(admin, 'switched-off', code, { documented: true, enabled: false });
});

afterAll(async () => {
  await server?.stop();
});

describe('GET /api/webrequest/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document of the enabled, documented endpoints only', async () => {
    const res = await fetch(url('/api/webrequest/openapi.json'));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const doc: any = await res.json();
    const verdict = await new Validator().validate(doc);
    expect(verdict.errors ?? []).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: server.url }]);
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/webrequest/documented',
      '/api/webrequest/documented/{subpath}',
      '/api/webrequest/private-ep',
      '/api/webrequest/private-ep/{subpath}',
      '/api/webrequest/webhook',
      '/api/webrequest/webhook/{subpath}',
    ]);
    const text = JSON.stringify(doc);
    for (const hidden of ['undocumented', 'switched-off', 'never-shown', 'partner-user', '10.11.12', 'sealed']) {
      expect(text).not.toContain(hidden);
    }
  });

  it('describes methods, schema, security and the sync and async answers', async () => {
    const doc: any = await (await fetch(url('/api/webrequest/openapi.json'))).json();
    const signup = doc.paths['/api/webrequest/documented'];
    expect(Object.keys(signup)).toEqual(['get', 'post']);
    expect(signup.post.summary).toBe('Sign-up');
    expect(signup.post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/documented.body',
    });
    expect(doc.components.schemas['documented.body'].properties.address.$ref).toBe(
      '#/components/schemas/documented.body/$defs/address',
    );
    expect(signup.post.parameters).toContainEqual({
      name: 'page',
      in: 'query',
      required: true,
      schema: { type: 'integer' },
    });
    expect(Object.keys(signup.post.responses)).toEqual(expect.arrayContaining(['200', '202', '422']));
    expect(signup.post.security).toBeUndefined();

    const webhook = doc.paths['/api/webrequest/webhook'];
    expect(Object.keys(webhook.post.responses)).not.toContain('200');
    expect(webhook.post.responses['202'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Accepted',
    });
    expect(webhook.post.security).toEqual([{ 'hmac-github': [] }]);
    expect(doc.components.securitySchemes['hmac-github']).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-Hub-Signature-256',
    });
    expect(doc.paths['/api/webrequest/private-ep'].get.security).toEqual([{ basicAuth: [] }]);
  });

  it('stops listing an endpoint once it is no longer documented', async () => {
    const list = await admin.call('GET', '/endpoints');
    const id = list.body.items.find((e: { slug: string }) => e.slug === 'private-ep').id;
    expect((await admin.call('PATCH', `/endpoints/${id}`, { documented: false })).body.documented).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const doc: any = await (await fetch(url('/api/webrequest/openapi.json'))).json();
    expect(Object.keys(doc.paths)).not.toContain('/api/webrequest/private-ep');
  });
});

describe('the admin preview', () => {
  it('shows an editor the document of one endpoint even when it is not documented; a viewer may not', async () => {
    const list = await admin.call('GET', '/endpoints');
    const id = list.body.items.find((e: { slug: string }) => e.slug === 'undocumented').id;
    const preview = await admin.call('GET', `/endpoints/${id}/openapi.json`);
    expect(preview.status).toBe(200);
    expect(Object.keys(preview.body.paths)).toEqual([
      '/api/webrequest/undocumented',
      '/api/webrequest/undocumented/{subpath}',
    ]);
    expect((await new Validator().validate(preview.body)).valid).toBe(true);

    await admin.call('POST', '/users', {
      email: 'viewer@example.test',
      name: 'V',
      role: 'viewer',
      password: 'long enough password',
    });
    const viewer = await signIn(server.url, 'viewer@example.test', 'long enough password');
    expect((await viewer.call('GET', `/endpoints/${id}/openapi.json`)).status).toBe(403);
    expect((await fetch(url(`/api/admin/endpoints/${id}/openapi.json`))).status).toBe(401);
  });
});

describe('GET /docs', () => {
  it('serves a page whose every script and stylesheet comes from this server, with no inline script', async () => {
    const res = await fetch(url('/docs'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).not.toMatch(/https?:\/\//);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const [, attributes, content] of scripts) {
      expect(attributes).toMatch(/\bsrc="\//);
      expect(content!.trim()).toBe('');
    }
    const references = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(references.length).toBeGreaterThanOrEqual(4);
    for (const reference of references) {
      expect(reference.startsWith('/')).toBe(true);
      const asset = await fetch(url(reference));
      expect(asset.status, reference).toBe(200);
      expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
      await asset.arrayBuffer();
    }
    expect(html).toContain('/docs/init.js');
    expect(await (await fetch(url('/docs/init.js'))).text()).toContain('/api/webrequest/openapi.json');
  });

  it('runs under a policy that allows scripts from this origin only, and serves nothing else of the package', async () => {
    const res = await fetch(url('/docs'));
    const policy = res.headers.get('content-security-policy') ?? '';
    const scripts = /script-src ([^;]*)/.exec(policy)?.[1];
    expect(scripts).toBe("'self'");
    expect(policy).not.toContain('unsafe-eval');
    expect(policy).toContain("frame-ancestors 'none'");
    expect((await fetch(url('/docs/assets/index.html'))).status).toBe(404);
    expect((await fetch(url('/docs/assets/swagger-initializer.js'))).status).toBe(404);
    expect((await fetch(url('/docs/assets/..%2Fpackage.json'))).status).toBe(404);
  });
});

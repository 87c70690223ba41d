import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

/**
 * Issue 8 items 3 and 4, against the real server: secrets are redacted (raw and encoded) in
 * everything recorded and in the public error messages, scoped per endpoint, granted only by
 * admins, replaced by placeholders in editors' draft runs, and sealed at rest in a DATA_DIR
 * only this user can read; the CSP sandbox is an admin-only setting.
 */
const VALUE = 'tok/LIVE+3f9a 7c21=s3cr3t';
/** Every form of VALUE a scenario is likely to produce; none may reach a record. */
const FORMS = [
  VALUE,
  Buffer.from(VALUE).toString('base64'),
  Buffer.from(VALUE).toString('base64url'),
  encodeURIComponent(VALUE),
  new URLSearchParams({ v: VALUE }).toString().slice(2),
  Buffer.from(VALUE).toString('hex'),
  // The part of `btoa('user:' + VALUE)` that carries the value (a misaligned base64 run).
  Buffer.from(`user:${VALUE}`).toString('base64').slice(8, -4),
];

const LEAKY = `
export default async function handler(request, ctx) {
  const s = ctx.secrets.CRM_TOKEN;
  switch (request.query.mode) {
    case 'return': return { token: s, b64: btoa(s), url: encodeURIComponent(s), hex: [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, '0')).join('') };
    case 'throw': throw new Error('bad token ' + s + ' as basic ' + btoa('user:' + s));
    case 'log': ctx.log.info('b64', btoa(s)); console.log(JSON.stringify({ s, u: encodeURIComponent(s) })); return 'logged';
    case 'header': return new Response('ok', { headers: { 'x-token': s, 'x-basic': 'Basic ' + btoa('user:' + s) } });
    default: return Object.keys(ctx.secrets);
  }
}`;

let server: TestServer;
let admin: AdminClient;
let editor: AdminClient;
let leakyId: string;

function expectNoSecret(what: unknown, label: string) {
  const text = typeof what === 'string' ? what : JSON.stringify(what);
  for (const form of FORMS) expect(text.includes(form), `${label} holds ${form}`).toBe(false);
}

async function call(slug: string, query = '') {
  const res = await fetch(`${server.url}/api/webrequest/${slug}${query}`);
  return { status: res.status, text: await res.text(), processId: res.headers.get('x-process-id') ?? '' };
}

async function recordOf(processId: string) {
  const res = await admin.call('GET', `/processes/${processId}`);
  expect(res.status).toBe(200);
  return res.body;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url);
  const created = await admin.call('POST', '/users', {
    email: 'ed@example.test',
    name: 'Ed',
    role: 'editor',
    password: 'long enough password',
  });
  expect(created.status).toBe(201);
  editor = await signIn(server.url, 'ed@example.test', 'long enough password');
  expect((await admin.call('PUT', '/secrets/CRM_TOKEN', { value: VALUE })).status).toBe(204);
  expect((await admin.call('PUT', '/secrets/OTHER_KEY', { value: 'other-secret-value' })).status).toBe(204);
  leakyId = (await createEndpoint(admin, 'leaky', LEAKY, { secrets: ['CRM_TOKEN'] })).id;
});

afterAll(async () => {
  await server?.stop();
});

describe('secret redaction', () => {
  it('answers the caller with what the scenario returned but records none of the secret forms', async () => {
    const res = await call('leaky', '?mode=return');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).token).toBe(VALUE);
    const record = await recordOf(res.processId);
    expect(record.response.body).toContain('[secret]');
    expectNoSecret(record, 'the process record');
  });

  it('keeps a thrown secret out of the public 500 message and out of the recorded error and stack', async () => {
    const res = await call('leaky', '?mode=throw');
    expect(res.status).toBe(500);
    expect(JSON.parse(res.text).error).toMatchObject({
      code: 'scenario_error',
      message: expect.stringContaining('[secret]'),
    });
    expectNoSecret(res.text, 'the 500 answer');
    const record = await recordOf(res.processId);
    expect(record.error.message).toContain('bad token [secret]');
    expectNoSecret(record, 'the failed process record');
  });

  it("keeps a thrown secret out of an async run's status URL answer", async () => {
    const queued = await fetch(`${server.url}/api/webrequest/leaky?async=true&mode=throw`);
    expect(queued.status).toBe(202);
    const { statusUrl } = (await queued.json()) as { statusUrl: string };
    const status = await waitFor(async () => {
      const body = (await (await fetch(statusUrl)).json()) as { status: string; error: { message: string } | null };
      return body.status === 'failed' ? body : null;
    });
    expect(status.error?.message).toContain('[secret]');
    expectNoSecret(status, 'the status URL answer');
  });

  it('masks base64, URL-encoded and JSON forms in recorded log lines and response headers', async () => {
    const logged = await recordOf((await call('leaky', '?mode=log')).processId);
    expect(logged.logs.map((line: { text: string }) => line.text)).toEqual([
      'b64 [secret]',
      expect.stringContaining('[secret]'),
    ]);
    expectNoSecret(logged, 'the logs');
    const header = await recordOf((await call('leaky', '?mode=header')).processId);
    expect(header.response.headers['x-token']).toBe('[secret]');
    expectNoSecret(header, 'the recorded headers');
  });

  it('masks a secret a caller sends in the recorded request', async () => {
    const res = await call('leaky', `?echo=${encodeURIComponent(VALUE)}`);
    expectNoSecret(await recordOf(res.processId), 'the recorded request');
  });
});

describe('secret scoping', () => {
  it('gives a scenario only the secrets its endpoint was granted, and none without a grant', async () => {
    expect(JSON.parse((await call('leaky')).text)).toEqual(['CRM_TOKEN']);
    await createEndpoint(
      admin,
      'ungranted',
      'export default (request, ctx) => ({ keys: Object.keys(ctx.secrets), token: ctx.secrets.CRM_TOKEN ?? null })',
    );
    expect(JSON.parse((await call('ungranted')).text)).toEqual({ keys: [], token: null });
  });

  it('lets only an admin grant or withdraw secrets', async () => {
    const create = await editor.call('POST', '/endpoints', { slug: 'editor-grants', secrets: ['CRM_TOKEN'] });
    expect(create.status).toBe(403);
    expect(create.body.error).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/admin/) });
    expect((await editor.call('PATCH', `/endpoints/${leakyId}`, { secrets: ['CRM_TOKEN', 'OTHER_KEY'] })).status).toBe(
      403,
    );
    expect((await editor.call('PATCH', `/endpoints/${leakyId}`, { secrets: [] })).status).toBe(403);
    // A settings form saved with the grants unchanged is fine.
    const unchanged = await editor.call('PATCH', `/endpoints/${leakyId}`, {
      secrets: ['CRM_TOKEN'],
      description: 'by the editor',
    });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.secrets).toEqual(['CRM_TOKEN']);
  });

  it("gives an editor's draft test run placeholders and an admin's the granted values, redacted in what comes back", async () => {
    const code = `export default (request, ctx) => ({ token: ctx.secrets.CRM_TOKEN, keys: Object.keys(ctx.secrets), length: ctx.secrets.CRM_TOKEN.length })`;
    const byEditor = await editor.call('POST', `/endpoints/${leakyId}/test-run`, { code });
    expect(byEditor.status).toBe(200);
    expect(JSON.parse(byEditor.body.response.body)).toEqual({
      token: '[secret:CRM_TOKEN]',
      keys: ['CRM_TOKEN'],
      length: 18,
    });
    const byAdmin = await admin.call('POST', `/endpoints/${leakyId}/test-run`, { code });
    expect(JSON.parse(byAdmin.body.response.body)).toEqual({
      token: '[secret]',
      keys: ['CRM_TOKEN'],
      length: VALUE.length,
    });
    expectNoSecret(byAdmin.body, "the admin's test-run result");
  });
});

describe('the CSP sandbox is an admin-only setting', () => {
  it('refuses an editor turning it off on create or patch', async () => {
    const create = await editor.call('POST', '/endpoints', { slug: 'unsandboxed', cspSandbox: false });
    expect(create.status).toBe(403);
    expect(create.body.error.message).toMatch(/CSP sandbox/);
    const own = await editor.call('POST', '/endpoints', { slug: 'editors-own' });
    expect(own.status).toBe(201);
    expect((await editor.call('PATCH', `/endpoints/${own.body.id}`, { cspSandbox: false })).status).toBe(403);
  });

  it('lets only an admin save or restore the scenario of an endpoint whose sandbox is off, saying why', async () => {
    const page = await createEndpoint(
      admin,
      'trusted-page',
      'export default () => new Response("<h1>hi</h1>", { headers: { "content-type": "text/html" } })',
      {
        cspSandbox: false,
      },
    );
    const save = await editor.call('PUT', `/endpoints/${page.id}/scenario`, { code: 'export default () => "changed"' });
    expect(save.status).toBe(403);
    expect(save.body.error).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/only an admin may save or restore/i),
    });
    expect((await editor.call('POST', `/endpoints/${page.id}/scenario/versions/1/restore`)).status).toBe(403);
    // Other settings, with the sandbox left off, are the editor's to change.
    expect(
      (await editor.call('PATCH', `/endpoints/${page.id}`, { cspSandbox: false, description: 'edited' })).status,
    ).toBe(200);
    expect(
      (await admin.call('PUT', `/endpoints/${page.id}/scenario`, { code: 'export default () => "by admin"' })).status,
    ).toBe(200);
    expect((await admin.call('GET', `/endpoints/${page.id}`)).body).toMatchObject({
      scenarioVersion: 2,
      cspSandbox: false,
    });
  });
});

describe('secrets at rest', () => {
  it('keeps DATA_DIR 0700, the database, its WAL files and the generated key 0600', async () => {
    const modeOf = async (name: string) => (await stat(join(server.dataDir, name))).mode & 0o777;
    expect(await modeOf('.')).toBe(0o700);
    for (const name of ['secrets.key', 'scriptgate.db', 'scriptgate.db-wal', 'scriptgate.db-shm']) {
      expect([name, await modeOf(name)]).toEqual([name, 0o600]);
    }
  });

  it('stores no plaintext secret value in the SQLite files', async () => {
    const files = await Promise.all(
      ['scriptgate.db', 'scriptgate.db-wal'].map((name) => readFile(join(server.dataDir, name))),
    );
    const bytes = Buffer.concat(files);
    expect(bytes.includes(Buffer.from(VALUE))).toBe(false);
    expect(bytes.includes(Buffer.from('other-secret-value'))).toBe(false);
    expect(bytes.includes(Buffer.from('sgenc:v1:'))).toBe(true);
  });

  it('exports secrets in plaintext with a warning, into a 0600 file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scriptgate-export-'));
    try {
      const out = join(dir, 'backup.ndjson');
      const cli = fileURLToPath(new URL('../../server/dist/cli/main.js', import.meta.url));
      const { stderr } = await promisify(execFile)(
        process.execPath,
        ['--no-node-snapshot', cli, 'export', '--out', out],
        {
          env: { PATH: process.env.PATH ?? '', DATA_DIR: server.dataDir, LOG_LEVEL: 'warn' },
        },
      );
      expect(stderr).toMatch(/secret value in PLAINTEXT/);
      expect((await stat(out)).mode & 0o777).toBe(0o600);
      const records = (await readFile(out, 'utf8'))
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(
        records.find((record) => record.type === 'secret' && record.secret.name === 'CRM_TOKEN')?.secret.value,
      ).toBe(VALUE);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

/**
 * The roles (README "The admin"), checked on every admin route: a viewer reads processes and endpoints; an
 * editor also changes endpoints and scenarios, test-runs, re-runs and cancels; only an admin
 * manages users and secrets.
 */
let server: TestServer;
let admin: AdminClient;
let editor: AdminClient;
let viewer: AdminClient;
let endpointId: string;
let processId: string;

async function userClient(email: string, role: 'editor' | 'viewer'): Promise<AdminClient> {
  const created = await admin.call('POST', '/users', { email, name: role, role, password: 'long enough password' });
  if (created.status !== 201) throw new Error(`create user failed: ${created.status}`);
  return signIn(server.url, email, 'long enough password');
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url);
  editor = await userClient('editor@example.test', 'editor');
  viewer = await userClient('viewer@example.test', 'viewer');
  endpointId = (await createEndpoint(admin, 'roles', 'export default () => ({ ok: true })')).id;
  await fetch(`${server.url}/api/webrequest/roles`);
  processId = await waitFor(async () => {
    const page = await admin.call('GET', `/processes?endpointId=${endpointId}`);
    return (page.body.items as Array<{ id: string }>)[0]?.id;
  });
});

afterAll(async () => {
  await server?.stop();
});

type Call = [method: string, path: () => string, body?: unknown];

const endpointWrites: Call[] = [
  ['POST', () => '/endpoints', { slug: 'not-allowed' }],
  ['PATCH', () => `/endpoints/${endpointId}`, { name: 'renamed' }],
  ['DELETE', () => `/endpoints/${endpointId}`],
  ['PUT', () => `/endpoints/${endpointId}/scenario`, { code: 'export default () => 2', language: 'javascript' }],
  ['POST', () => `/endpoints/${endpointId}/scenario/versions/1/restore`],
  ['POST', () => `/endpoints/${endpointId}/test-run`, { request: { method: 'GET' } }],
  ['POST', () => `/processes/${processId}/rerun`],
  ['POST', () => `/processes/${processId}/cancel`],
];

const adminOnly: Call[] = [
  ['GET', () => '/users'],
  ['POST', () => '/users', { email: 'new@example.test', role: 'admin', password: 'long enough password' }],
  ['PATCH', () => '/users/some-user-id', { role: 'admin' }],
  ['GET', () => '/secrets'],
  ['PUT', () => '/secrets/CRM_TOKEN', { value: 'x' }],
  ['DELETE', () => '/secrets/CRM_TOKEN'],
];

const reads: Call[] = [
  ['GET', () => '/endpoints'],
  ['GET', () => `/endpoints/${endpointId}`],
  ['GET', () => `/endpoints/${endpointId}/scenario/versions`],
  ['GET', () => '/processes'],
  ['GET', () => `/processes/${processId}`],
];

async function statuses(client: AdminClient, calls: Call[]): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const [method, path, body] of calls)
    result[`${method} ${path()}`] = (await client.call(method, path(), body)).status;
  return result;
}

function all(calls: Call[], status: number): Record<string, number> {
  return Object.fromEntries(calls.map(([method, path]) => [`${method} ${path()}`, status]));
}

describe('roles', () => {
  it('lets a viewer read endpoints, scenario versions and processes', async () => {
    expect(await statuses(viewer, reads)).toEqual(all(reads, 200));
  });

  it('answers 403 to a viewer that changes endpoints or scenarios, test-runs, re-runs or cancels', async () => {
    const answers = await statuses(viewer, endpointWrites);
    expect(answers).toEqual(all(endpointWrites, 403));
    const body = (await viewer.call('POST', '/endpoints', { slug: 'x' })).body;
    expect(body.error.code).toBe('forbidden');
    expect((await admin.call('GET', `/endpoints/${endpointId}`)).body).toMatchObject({
      name: 'roles',
      scenarioVersion: 1,
    });
  });

  it('answers 403 to a viewer and to an editor on users and secrets', async () => {
    expect(await statuses(viewer, adminOnly)).toEqual(all(adminOnly, 403));
    expect(await statuses(editor, adminOnly)).toEqual(all(adminOnly, 403));
    expect((await admin.call('GET', '/users')).body.items).toHaveLength(3);
  });

  it('lets an editor change endpoints and scenarios, test-run, re-run and cancel', async () => {
    const created = await editor.call('POST', '/endpoints', { slug: 'by-editor', code: 'export default () => 1' });
    expect(created.status).toBe(201);
    expect((await editor.call('PATCH', `/endpoints/${endpointId}`, { description: 'edited' })).status).toBe(200);
    expect(
      (await editor.call('PUT', `/endpoints/${endpointId}/scenario`, { code: 'export default () => 2' })).status,
    ).toBe(200);
    expect((await editor.call('POST', `/endpoints/${endpointId}/scenario/versions/1/restore`)).status).toBe(200);
    const run = await editor.call('POST', `/endpoints/${endpointId}/test-run`, { request: { method: 'GET' } });
    expect(run.status).toBe(200);
    expect((await editor.call('POST', `/processes/${processId}/rerun`)).status).toBe(202);
    // A finished process cannot be cancelled (409): the role check let the call through.
    expect((await editor.call('POST', `/processes/${processId}/cancel`)).status).toBe(409);
    expect((await editor.call('DELETE', `/endpoints/${created.body.id}`)).status).toBe(204);
  });

  it('lets an admin manage users and secrets', async () => {
    expect((await admin.call('PUT', '/secrets/CRM_TOKEN', { value: 'x' })).status).toBe(204);
    expect((await admin.call('GET', '/secrets')).body.items).toEqual([
      { name: 'CRM_TOKEN', updatedAt: expect.any(String) },
    ]);
    expect((await admin.call('DELETE', '/secrets/CRM_TOKEN')).status).toBe(204);
  });
});

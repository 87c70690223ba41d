import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, createEndpoint, signIn, startTestServer, type AdminClient, type TestServer } from './harness.js';

/**
 * Draft, then publish (README "Draft, then publish"): a saved draft lives on the server while
 * the live version keeps serving; publishing makes it a version with its author and note.
 */
let server: TestServer;
let admin: AdminClient;
let editor: AdminClient;
let viewer: AdminClient;

async function userClient(email: string, role: 'editor' | 'viewer'): Promise<AdminClient> {
  const created = await admin.call('POST', '/users', {
    email,
    name: `The ${role}`,
    role,
    password: 'long enough password',
  });
  if (created.status !== 201) throw new Error(`create user failed: ${created.status}`);
  return signIn(server.url, email, 'long enough password');
}

async function call(slug: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.url}/api/webrequest/${slug}`);
  return { status: res.status, text: await res.text() };
}

const V1 = 'export default () => "v1"';
const V2 = 'export default () => "v2"';

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url);
  editor = await userClient('drafts-editor@example.test', 'editor');
  viewer = await userClient('drafts-viewer@example.test', 'viewer');
});

afterAll(async () => {
  await server?.stop();
});

describe('drafts', () => {
  it('keeps a saved draft for another session while the live version keeps serving', async () => {
    const ep = await createEndpoint(admin, 'draft-kept', V1);
    const saved = await editor.call('PUT', `/endpoints/${ep.id}/draft`, { code: V2, language: 'javascript' });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      endpointId: ep.id,
      code: V2,
      language: 'javascript',
      basedOnVersion: 1,
      savedBy: { email: 'drafts-editor@example.test', name: 'The editor' },
    });
    expect(Date.parse(saved.body.savedAt)).not.toBeNaN();

    const otherBrowser = await signIn(server.url);
    expect((await otherBrowser.call('GET', `/endpoints/${ep.id}/draft`)).body).toEqual(saved.body);
    expect(await call('draft-kept')).toEqual({ status: 200, text: 'v1' });
    expect((await admin.call('GET', `/endpoints/${ep.id}`)).body).toMatchObject({ scenarioVersion: 1, code: V1 });
    expect((await admin.call('GET', `/endpoints/${ep.id}/scenario/versions`)).body.items).toHaveLength(1);
  });

  it('saves a draft that does not compile yet; publishing it answers compile_error and keeps the draft', async () => {
    const ep = await createEndpoint(admin, 'draft-broken', V1);
    const broken = 'export default () => {\n  return (1 +;\n}';
    expect((await admin.call('PUT', `/endpoints/${ep.id}/draft`, { code: broken })).status).toBe(200);
    const publish = await admin.call('POST', `/endpoints/${ep.id}/publish`, {});
    expect(publish.status).toBe(400);
    expect(publish.body.error.code).toBe('compile_error');
    expect(publish.body.error.diagnostics[0]).toMatchObject({ line: 2 });
    expect((await admin.call('GET', `/endpoints/${ep.id}/draft`)).body).toMatchObject({ code: broken });
    expect(await call('draft-broken')).toEqual({ status: 200, text: 'v1' });
  });

  it('publishes the draft with a note: the next call runs it and the versions show author and note', async () => {
    const ep = await createEndpoint(admin, 'draft-publish', V1);
    const draft = await editor.call('PUT', `/endpoints/${ep.id}/draft`, { code: V2, language: 'javascript' });
    const published = await editor.call('POST', `/endpoints/${ep.id}/publish`, {
      note: '  Answer v2 to the form  ',
      liveVersion: 1,
      draftSavedAt: draft.body.savedAt,
    });
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({
      version: 2,
      code: V2,
      note: 'Answer v2 to the form',
      author: { email: 'drafts-editor@example.test', name: 'The editor' },
    });
    expect(published.body).not.toHaveProperty('compiled');
    expect(await call('draft-publish')).toEqual({ status: 200, text: 'v2' });

    const gone = await editor.call('GET', `/endpoints/${ep.id}/draft`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe('draft_not_found');
    const versions = (await viewer.call('GET', `/endpoints/${ep.id}/scenario/versions`)).body.items;
    expect(versions).toMatchObject([
      { version: 2, note: 'Answer v2 to the form', author: { email: 'drafts-editor@example.test' } },
      { version: 1, note: null, author: { email: ADMIN_EMAIL } },
    ]);
  });

  it('answers 409 nothing_to_publish without a draft or with a draft that is the live code', async () => {
    const ep = await createEndpoint(admin, 'draft-nothing', V1);
    const none = await admin.call('POST', `/endpoints/${ep.id}/publish`);
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('nothing_to_publish');
    await admin.call('PUT', `/endpoints/${ep.id}/draft`, { code: V1, language: 'javascript' });
    const same = await admin.call('POST', `/endpoints/${ep.id}/publish`, {});
    expect(same.status).toBe(409);
    expect(same.body.error).toMatchObject({
      code: 'nothing_to_publish',
      message: expect.stringContaining('version 1'),
    });
    expect((await admin.call('GET', `/endpoints/${ep.id}/scenario/versions`)).body.items).toHaveLength(1);
  });

  it('answers 409 conflict when the live version or the draft changed after the publisher compared them', async () => {
    const ep = await createEndpoint(admin, 'draft-stale', V1);
    const first = await admin.call('PUT', `/endpoints/${ep.id}/draft`, { code: V2 });
    // Someone publishes directly meanwhile (an API client).
    await admin.call('PUT', `/endpoints/${ep.id}/scenario`, { code: 'export default () => "other"' });
    const staleLive = await admin.call('POST', `/endpoints/${ep.id}/publish`, { liveVersion: 1 });
    expect(staleLive.status).toBe(409);
    expect(staleLive.body.error.code).toBe('conflict');
    await editor.call('PUT', `/endpoints/${ep.id}/draft`, { code: 'export default () => "newer draft"' });
    const staleDraft = await admin.call('POST', `/endpoints/${ep.id}/publish`, { draftSavedAt: first.body.savedAt });
    expect(staleDraft.status).toBe(409);
    expect(staleDraft.body.error.code).toBe('conflict');
    expect(await call('draft-stale')).toEqual({ status: 200, text: 'other' });
    // The draft remembers the version it was started from, so the editor can warn.
    expect((await admin.call('GET', `/endpoints/${ep.id}/draft`)).body).toMatchObject({ basedOnVersion: 1 });
  });

  it('turns on a new endpoint that starts off when its draft is published with enable', async () => {
    const ep = await createEndpoint(admin, 'draft-off', V1, { enabled: false });
    expect((await call('draft-off')).status).toBe(404);
    await admin.call('PUT', `/endpoints/${ep.id}/draft`, { code: V2 });
    const published = await admin.call('POST', `/endpoints/${ep.id}/publish`, { enable: true });
    expect(published.status).toBe(200);
    expect(await call('draft-off')).toEqual({ status: 200, text: 'v2' });
    expect((await admin.call('GET', `/endpoints/${ep.id}`)).body).toMatchObject({ enabled: true, scenarioVersion: 2 });
  });

  it('discards a draft', async () => {
    const ep = await createEndpoint(admin, 'draft-discard', V1);
    await editor.call('PUT', `/endpoints/${ep.id}/draft`, { code: V2 });
    expect((await editor.call('DELETE', `/endpoints/${ep.id}/draft`)).status).toBe(204);
    expect((await editor.call('GET', `/endpoints/${ep.id}/draft`)).body.error.code).toBe('draft_not_found');
    expect((await editor.call('DELETE', `/endpoints/${ep.id}/draft`)).status).toBe(204);
  });

  it('refuses a bad draft or publish payload with validation_failed naming the field', async () => {
    const ep = await createEndpoint(admin, 'draft-invalid', V1);
    const badLanguage = await admin.call('PUT', `/endpoints/${ep.id}/draft`, { code: V2, language: 'python' });
    expect(badLanguage.status).toBe(400);
    expect(badLanguage.body.error.fields.language).toBeTruthy();
    await admin.call('PUT', `/endpoints/${ep.id}/draft`, { code: V2 });
    const longNote = await admin.call('POST', `/endpoints/${ep.id}/publish`, { note: 'x'.repeat(501) });
    expect(longNote.status).toBe(400);
    expect(longNote.body.error.fields.note).toMatch(/500/);
    const unknown = await admin.call('POST', `/endpoints/${ep.id}/publish`, { code: 'sneaky' });
    expect(unknown.status).toBe(400);
    expect((await admin.call('PUT', '/endpoints/missing/draft', { code: V2 })).body.error.code).toBe('not_found');
  });

  it('lets a viewer read a draft but not save, discard or publish it', async () => {
    const ep = await createEndpoint(admin, 'draft-viewer', V1);
    await admin.call('PUT', `/endpoints/${ep.id}/draft`, { code: V2 });
    expect((await viewer.call('GET', `/endpoints/${ep.id}/draft`)).body).toMatchObject({ code: V2 });
    expect((await viewer.call('PUT', `/endpoints/${ep.id}/draft`, { code: V1 })).status).toBe(403);
    expect((await viewer.call('DELETE', `/endpoints/${ep.id}/draft`)).status).toBe(403);
    expect((await viewer.call('POST', `/endpoints/${ep.id}/publish`, {})).status).toBe(403);
    expect((await admin.call('GET', `/endpoints/${ep.id}/draft`)).body).toMatchObject({ code: V2 });
  });

  it('lets an editor save a draft of an unsandboxed endpoint, which only an admin may publish', async () => {
    const ep = await createEndpoint(admin, 'draft-locked', V1, { cspSandbox: false });
    expect((await editor.call('PUT', `/endpoints/${ep.id}/draft`, { code: V2 })).status).toBe(200);
    const refused = await editor.call('POST', `/endpoints/${ep.id}/publish`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await admin.call('POST', `/endpoints/${ep.id}/publish`, {})).status).toBe(200);
  });

  it('records saving and publishing a draft in the audit log', async () => {
    const ep = await createEndpoint(admin, 'draft-audit', V1);
    await editor.call('PUT', `/endpoints/${ep.id}/draft`, { code: V2 });
    await admin.call('POST', `/endpoints/${ep.id}/publish`, { note: 'Ship it' });
    const entries = (await admin.call('GET', `/audit?entity=scenario:${ep.id}`)).body.items;
    expect(entries).toMatchObject([
      {
        action: 'scenario.publish',
        actor: { email: ADMIN_EMAIL },
        details: { version: 2, note: 'Ship it', draftSavedBy: expect.any(String) },
      },
      { action: 'scenario.draftSave', actor: { email: 'drafts-editor@example.test' }, details: { basedOnVersion: 1 } },
    ]);
  });
});

describe('versions', () => {
  it('restoring a version whose code is live answers the live version and adds no duplicate', async () => {
    const ep = await createEndpoint(admin, 'restore-same', V1);
    await admin.call('PUT', `/endpoints/${ep.id}/scenario`, { code: V2 });
    const back = await admin.call('POST', `/endpoints/${ep.id}/scenario/versions/1/restore`);
    expect(back.body).toMatchObject({ version: 3, restoredFrom: 1, author: { email: ADMIN_EMAIL } });
    const again = await admin.call('POST', `/endpoints/${ep.id}/scenario/versions/1/restore`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ version: 3 });
    const versions = (await admin.call('GET', `/endpoints/${ep.id}/scenario/versions`)).body.items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
  });

  it('still publishes at once through PUT …/scenario, with an optional note', async () => {
    const ep = await createEndpoint(admin, 'direct-publish', V1);
    const saved = await admin.call('PUT', `/endpoints/${ep.id}/scenario`, { code: V2, note: 'From CI' });
    expect(saved.body).toMatchObject({ version: 2, note: 'From CI', author: { email: ADMIN_EMAIL } });
    expect(await call('direct-publish')).toEqual({ status: 200, text: 'v2' });
  });
});

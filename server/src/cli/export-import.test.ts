import { PassThrough, Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import {
  awkwardObject,
  endpointInput,
  newProcess,
  queuedProcess,
  recordOf,
  scenarioInput,
  sentProcess,
} from '../store/contract-suite/fixtures.js';
import { tempEmbeddedStores } from '../store/embedded/temp-stores.js';
import { accessSecretPurpose, callbackSecretPurpose } from '../store/sealed-access.js';
import type { Store } from '../store/types.js';
import { generateSecretsKey, isSealed, secretsKeyOf } from '../secrets/crypto.js';
import { backupSecretCodec } from '../secrets/open.js';
import { BACKUP_FORMAT, exportData, importData, type SecretCodec } from './export-import.js';

const stores = tempEmbeddedStores('scriptgate-backup-');
const freshStore = () => stores.open();
afterEach(() => stores.cleanup());

async function exportText(store: Store, codec?: SecretCodec): Promise<string> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  await exportData(store, sink, () => new Date('2026-11-23T00:00:00.000Z'), codec);
  sink.end();
  return Buffer.concat(chunks).toString('utf8');
}

const importText = (store: Store, text: string, codec?: SecretCodec) => importData(store, Readable.from([text]), codec);
const keyringOf = () => {
  const key = secretsKeyOf(generateSecretsKey());
  return { current: key, all: [key] };
};

/** A store with one of everything a backup carries. */
async function populated(): Promise<{ store: Store; queued: ReturnType<typeof queuedProcess>; endpointId: string }> {
  const store = await freshStore();
  const endpoint = endpointInput({
    slug: 'contact-form',
    asyncResponse: { status: 202, headers: { 'x.a$b': '1' }, body: awkwardObject() },
    callbackUrl: 'https://hooks.example.com/done',
    sealedCallbackSecret: 'callback-secret-1',
    failureAlert: { webhookUrl: null, email: 'ops@example.com', maxPerHour: 10 },
  });
  await store.createEndpoint(endpoint, scenarioInput({ code: 'v1' }));
  await store.addScenarioVersion(
    endpoint.id,
    scenarioInput({ code: 'v2', language: 'typescript', createdBy: 'u1', note: 'Typed' }),
  );
  await store.putScenarioDraft({
    endpointId: endpoint.id,
    language: 'typescript',
    code: 'export default (): string => "draft"',
    savedBy: 'u1',
    savedAt: '2026-01-05T00:00:00.000Z',
    basedOnVersion: 2,
  });
  await store.createEndpoint(endpointInput({ slug: 'orders' }), scenarioInput());
  const queued = queuedProcess({ endpointId: endpoint.id, input: { request: { body: awkwardObject() } } });
  await store.createProcess(queued);
  await store.createProcess(
    sentProcess({ endpointId: endpoint.id, request: { ...newProcess().request, body: awkwardObject() } }),
  );
  await store.createProcess(
    newProcess({ status: 'failed', error: { code: 'scenario_error', name: 'Error', message: 'boom' } }),
  );
  await store.createUser({
    id: 'user-1',
    email: 'Admin@Example.com',
    name: 'Admin',
    role: 'admin',
    disabled: false,
    passwordHash: '$2b$12$hash',
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  await store.putSecret('CRM_TOKEN', 'tok-123');
  await store.createApiToken({
    id: 'token-1',
    name: 'CI',
    userId: 'user-1',
    tokenHash: 'c'.repeat(64),
    prefix: 'sgt_AbCd',
    createdAt: '2026-01-02T00:00:00.000Z',
    expiresAt: null,
    lastUsedAt: '2026-01-03T00:00:00.000Z',
    revokedAt: null,
  });
  await store.createApiKey({
    id: 'key-1',
    name: 'Partner',
    lookup: 'AbCd1234',
    keyHash: 'e'.repeat(64),
    endpointIds: [endpoint.id],
    createdAt: '2026-01-04T00:00:00.000Z',
    createdBy: 'user-1',
    expiresAt: '2027-01-01T00:00:00.000Z',
    lastUsedAt: null,
    revokedAt: null,
    rotatedFrom: null,
  });
  await store.appendAudit({
    id: 'audit-1',
    at: '2026-01-04T00:00:00.000Z',
    actor: { id: 'user-1', email: 'admin@example.com' },
    action: 'apiKey.create',
    entity: { type: 'apiKey', id: 'key-1', name: 'Partner' },
    ip: '203.0.113.7',
  });
  // Counted, but never part of a backup.
  await store.incrementRateCounter(`${endpoint.id}:ip:203.0.113.7`, new Date(Date.now() + 60_000).toISOString());
  return { store, queued, endpointId: endpoint.id };
}

const COUNTS = {
  endpoint: 2,
  scenarioVersion: 3,
  scenarioDraft: 1,
  process: 3,
  user: 1,
  secret: 1,
  apiToken: 1,
  apiKey: 1,
  auditEntry: 1,
};

/** The backup an older build wrote: its version, without the kinds it did not know. */
function olderBackup(backup: string, version: number, unknownKinds: string[]): string {
  const lines = backup.trimEnd().split('\n');
  const header = { ...JSON.parse(lines[0] ?? ''), version };
  const counts = Object.fromEntries(
    Object.entries(JSON.parse(lines.at(-1) ?? '').counts as Record<string, number>).filter(
      ([kind]) => !unknownKinds.includes(kind),
    ),
  );
  const records = lines.slice(1, -1).filter((line) => !unknownKinds.includes(JSON.parse(line).type));
  return [JSON.stringify(header), ...records, JSON.stringify({ type: 'end', counts })].join('\n');
}

describe('backup export and import', () => {
  it('moves every endpoint, version, process, user, secret, token, API key and audit entry into an empty store unchanged', async () => {
    const { store: source, queued, endpointId } = await populated();
    const backup = await exportText(source);
    const target = await freshStore();
    const counts = await importText(target, backup);
    expect(counts).toEqual(COUNTS);
    expect(await exportText(target)).toBe(backup);
    expect(await target.getEndpoint(endpointId)).toEqual(await source.getEndpoint(endpointId));
    expect(await target.listScenarioVersions(endpointId)).toEqual(await source.listScenarioVersions(endpointId));
    expect(await target.getProcessWithToken(queued.id)).toEqual({
      process: recordOf(queued),
      statusTokenHash: queued.statusTokenHash,
    });
    expect(await target.getUserByEmail('admin@example.com')).toEqual(await source.getUser('user-1'));
    expect(await target.listSecrets()).toEqual(await source.listSecrets());
    expect(await target.listApiTokens()).toEqual(await source.listApiTokens());
    expect(await target.listApiKeys()).toEqual(await source.listApiKeys());
    expect(await target.listAudit({ limit: 10 })).toEqual(await source.listAudit({ limit: 10 }));
    expect(await target.getRateCounter(`${endpointId}:ip:203.0.113.7`)).toBe(0);
  });

  it('lets the imported store go on: queued runs can be claimed and versions keep counting', async () => {
    const { store: source, queued, endpointId } = await populated();
    const target = await freshStore();
    await importText(target, await exportText(source));
    const claimed = await target.claimQueued('new-instance', 30_000, 2);
    expect(claimed?.process.id).toBe(queued.id);
    expect(claimed?.input).toEqual(queued.input);
    expect((await target.addScenarioVersion(endpointId, scenarioInput())).version).toBe(3);
  });

  it('retries an async run that was running at export as its next attempt', async () => {
    const source = await freshStore();
    const process = queuedProcess();
    await source.createProcess(process);
    await source.claimQueued('old-instance', 60_000, 2);
    const target = await freshStore();
    await importText(target, await exportText(source));
    expect((await target.claimQueued('new-instance', 30_000, 2))?.process).toMatchObject({
      id: process.id,
      attempt: 2,
    });
  });

  it('changes nothing when the same backup is imported twice', async () => {
    const { store: source } = await populated();
    const backup = await exportText(source);
    const target = await freshStore();
    await importText(target, backup);
    await importText(target, backup);
    expect(await exportText(target)).toBe(backup);
    expect(await target.countProcesses({})).toBe(3);
  });

  it('moves secrets between stores with different keys: plaintext in the backup, sealed with the target key', async () => {
    const sourceKeys = keyringOf();
    const source = await freshStore();
    await source.putSecret('CRM_TOKEN', backupSecretCodec(sourceKeys).seal('CRM_TOKEN', 'tok-123456'));
    const backup = await exportText(source, backupSecretCodec(sourceKeys));
    expect(JSON.parse(backup.split('\n')[0]!)).toMatchObject({ secretValues: 'plaintext' });
    expect(backup).toContain('"value":"tok-123456"');
    const targetKeys = keyringOf();
    const target = await freshStore();
    await importText(target, backup, backupSecretCodec(targetKeys));
    const [stored] = await target.listSecrets();
    expect(isSealed(stored!.value)).toBe(true);
    expect(backupSecretCodec(targetKeys).reveal('CRM_TOKEN', stored!.value)).toBe('tok-123456');
  });

  it('refuses to import secrets into a store without a key (MongoDB without SECRETS_KEY)', async () => {
    const { store: source } = await populated();
    const backup = await exportText(source);
    await expect(
      importText(await freshStore(), backup, backupSecretCodec({ current: null, all: [] })),
    ).rejects.toMatchObject({
      code: 'secrets_key_missing',
    });
  });

  it('writes a header line first and an end line with the counts last', async () => {
    const lines = (await exportText((await populated()).store)).trimEnd().split('\n');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ format: BACKUP_FORMAT, version: 5, source: 'embedded' });
    expect(JSON.parse(lines.at(-1) ?? '')).toEqual({ type: 'end', counts: COUNTS });
    expect(lines).toHaveLength(16);
  });

  it('still imports a version 1 backup, written before API tokens were backed up', async () => {
    const v1 = olderBackup(await exportText((await populated()).store), 1, [
      'scenarioDraft',
      'apiToken',
      'apiKey',
      'auditEntry',
    ]);
    const target = await freshStore();
    expect(await importText(target, v1)).toEqual({
      ...COUNTS,
      scenarioDraft: 0,
      apiToken: 0,
      apiKey: 0,
      auditEntry: 0,
    });
    expect(await target.getUserByEmail('admin@example.com')).not.toBeNull();
  });

  it('still imports a version 2 backup, written before API keys and the audit log were backed up', async () => {
    const v2 = olderBackup(await exportText((await populated()).store), 2, ['scenarioDraft', 'apiKey', 'auditEntry']);
    const target = await freshStore();
    expect(await importText(target, v2)).toEqual({ ...COUNTS, scenarioDraft: 0, apiKey: 0, auditEntry: 0 });
    expect(await target.listApiTokens()).toHaveLength(1);
    expect(await target.listApiKeys()).toEqual([]);
  });

  it('still imports a version 4 backup, written before drafts were backed up', async () => {
    const { store: source, endpointId } = await populated();
    const v4 = olderBackup(await exportText(source), 4, ['scenarioDraft']);
    const target = await freshStore();
    expect(await importText(target, v4)).toEqual({ ...COUNTS, scenarioDraft: 0 });
    expect(await target.getScenarioDraft(endpointId)).toBeNull();
    expect(await target.getScenarioVersion(endpointId, 2)).toMatchObject({ code: 'v2' });
  });

  it('moves a draft and the notes of versions with the rest of the endpoint', async () => {
    const { store: source, endpointId } = await populated();
    const target = await freshStore();
    await importText(target, await exportText(source));
    expect(await target.getScenarioDraft(endpointId)).toEqual(await source.getScenarioDraft(endpointId));
    expect(await target.listScenarioVersions(endpointId)).toEqual(await source.listScenarioVersions(endpointId));
  });

  it('moves an endpoint’s HMAC secret between stores with different keys: plaintext in the backup, sealed again', async () => {
    const sourceKeys = keyringOf();
    const source = await freshStore();
    const endpoint = endpointInput({ slug: 'github-hook' });
    const sealedSecret = backupSecretCodec(sourceKeys).seal(accessSecretPurpose(endpoint.id), 'whsec-123456');
    await source.createEndpoint(
      { ...endpoint, access: { type: 'hmac', preset: 'github', toleranceSeconds: 300, sealedSecret } },
      scenarioInput(),
    );
    await source.createEndpoint(endpointInput({ slug: 'still-public' }), scenarioInput());
    const backup = await exportText(source, backupSecretCodec(sourceKeys));
    expect(backup).toContain('"sealedSecret":"whsec-123456"');
    expect(backup).not.toContain(sealedSecret);

    const targetKeys = keyringOf();
    const target = await freshStore();
    await importText(target, backup, backupSecretCodec(targetKeys));
    const access = (await target.getEndpoint(endpoint.id))?.access;
    if (access?.type !== 'hmac') throw new Error('the endpoint lost its HMAC access');
    expect(isSealed(access.sealedSecret)).toBe(true);
    expect(backupSecretCodec(targetKeys).reveal(accessSecretPurpose(endpoint.id), access.sealedSecret)).toBe(
      'whsec-123456',
    );
    // Bound to its endpoint: the same sealed value does not open for another one.
    expect(() => backupSecretCodec(targetKeys).reveal(accessSecretPurpose('other'), access.sealedSecret)).toThrow();
    expect((await target.getEndpointBySlug('still-public'))?.access).toEqual({ type: 'public' });
  });

  it('still imports a version 3 backup, written before callback secrets and outbound records', async () => {
    const { store: source } = await populated();
    const lines = (await exportText(source)).trimEnd().split('\n');
    const v3 = lines.map((line, index) => {
      const value = JSON.parse(line);
      if (index === 0) return JSON.stringify({ ...value, version: 3 });
      if (value.type === 'endpoint') {
        const { sealedCallbackSecret: _secret, failureAlert: _alert, ...endpoint } = value.endpoint;
        return JSON.stringify({ ...value, endpoint });
      }
      if (value.type !== 'process') return line;
      const { fetches: _f, mails: _m, callback: _c, ...process } = value.process;
      return JSON.stringify({ ...value, process: { ...process, callbackAttempts: [] } });
    });
    const target = await freshStore();
    expect(await importText(target, v3.join('\n'))).toEqual(COUNTS);
    for (const endpoint of await target.listEndpoints())
      expect(endpoint).toMatchObject({ sealedCallbackSecret: null, failureAlert: null });
    const { items } = await target.listProcesses({ limit: 10 });
    expect(items).toHaveLength(3);
    for (const process of items) expect(process).toMatchObject({ fetches: [], mails: [], callback: null });
    expect(await target.countPendingCallbacks()).toBe(0);
  });

  it('moves what each run sent out and its callback delivery, still pending on the target', async () => {
    const { store: source, endpointId } = await populated();
    const [sent] = (await source.listProcesses({ endpointId, limit: 10 })).items.filter((p) => p.callback !== null);
    if (!sent) throw new Error('no process with a callback');
    await source.claimCallback('old-instance', 60_000);
    const backup = await exportText(source);
    expect(backup).not.toContain('old-instance');
    const target = await freshStore();
    await importText(target, backup);
    expect(await target.getProcess(sent.id)).toEqual(sent);
    expect((await target.claimCallback('new-instance', 60_000))?.id).toBe(sent.id);
  });

  it('moves an endpoint’s callback secret between stores with different keys: plaintext in the backup, sealed again', async () => {
    const sourceKeys = keyringOf();
    const source = await freshStore();
    const endpoint = endpointInput({ slug: 'notifies', callbackUrl: 'https://hooks.example.com/done' });
    const sealedCallbackSecret = backupSecretCodec(sourceKeys).seal(callbackSecretPurpose(endpoint.id), 'cbsec-123456');
    await source.createEndpoint({ ...endpoint, sealedCallbackSecret }, scenarioInput());
    await source.createEndpoint(endpointInput({ slug: 'no-callback' }), scenarioInput());
    const backup = await exportText(source, backupSecretCodec(sourceKeys));
    expect(backup).toContain('"sealedCallbackSecret":"cbsec-123456"');
    expect(backup).not.toContain(sealedCallbackSecret);

    const targetKeys = keyringOf();
    const target = await freshStore();
    await importText(target, backup, backupSecretCodec(targetKeys));
    const stored = (await target.getEndpoint(endpoint.id))?.sealedCallbackSecret;
    if (!stored) throw new Error('the endpoint lost its callback secret');
    expect(isSealed(stored)).toBe(true);
    expect(backupSecretCodec(targetKeys).reveal(callbackSecretPurpose(endpoint.id), stored)).toBe('cbsec-123456');
    // Bound to its use: the sealed callback secret does not open as the endpoint's access secret.
    expect(() => backupSecretCodec(targetKeys).reveal(accessSecretPurpose(endpoint.id), stored)).toThrow();
    expect((await target.getEndpointBySlug('no-callback'))?.sealedCallbackSecret).toBeNull();
  });

  it('refuses input that is not a complete backup of a known version, naming the line', async () => {
    const backup = await exportText((await populated()).store);
    const lines = backup.trimEnd().split('\n');
    const cases: Array<[string, RegExp]> = [
      ['', /empty/],
      ['{"hello":1}\n', /not a Scriptgate backup/],
      [`{"format":"${BACKUP_FORMAT}","version":99}\n`, /newer/],
      [lines.slice(0, -1).join('\n'), /incomplete/],
      [`${lines[0]}\nnot json\n`, /line 2: not JSON/],
      [`${lines[0]}\n{"type":"process","process":{}}\n`, /line 2: process record without/],
      [`${lines[0]}\n{"type":"session"}\n`, /line 2: unknown record type/],
    ];
    for (const [text, message] of cases) {
      await expect(importText(await freshStore(), text), text.slice(0, 40)).rejects.toThrow(message);
    }
  });
});

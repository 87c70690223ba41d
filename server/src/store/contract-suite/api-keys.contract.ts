import { describe, expect, it } from 'vitest';
import { newId } from '../ids.js';
import type { ApiKeyRecord } from '../types.js';
import { isoAt, type GetStore } from './fixtures.js';

function apiKey(overrides: Partial<ApiKeyRecord> = {}): ApiKeyRecord {
  const id = newId();
  return {
    id,
    name: 'Alertmanager',
    lookup: `lk${id.slice(-10)}`,
    keyHash: `${id}${'0'.repeat(40)}`.slice(0, 64),
    endpointIds: ['endpoint-a', 'endpoint-b'],
    createdAt: new Date().toISOString(),
    createdBy: 'user-1',
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    rotatedFrom: null,
    ...overrides,
  };
}

export function apiKeyContract(store: GetStore): void {
  describe('endpoint API keys', () => {
    it('creates a key and finds it by id and by its look-up part', async () => {
      const key = apiKey({ expiresAt: isoAt(Date.now(), 30 * 86_400_000) });
      expect(await store().createApiKey(key)).toEqual(key);
      expect(await store().getApiKey(key.id)).toEqual(key);
      expect(await store().getApiKeyByLookup(key.lookup)).toEqual(key);
      expect(await store().getApiKeyByLookup('unknown')).toBeNull();
      expect(await store().getApiKey('missing')).toBeNull();
    });

    it('rejects a key whose look-up part or id another key has with conflict and keeps the first', async () => {
      const first = apiKey();
      await store().createApiKey(first);
      await expect(store().createApiKey(apiKey({ lookup: first.lookup, name: 'copy' }))).rejects.toMatchObject({
        code: 'conflict',
      });
      await expect(store().createApiKey(apiKey({ id: first.id }))).rejects.toMatchObject({ code: 'conflict' });
      expect(await store().listApiKeys()).toEqual([first]);
    });

    it('lists keys oldest first, revoked and expired ones included', async () => {
      const base = Date.parse('2026-03-01T00:00:00.000Z');
      const older = apiKey({ createdAt: isoAt(base, 0), revokedAt: isoAt(base, 1000) });
      const newer = apiKey({ createdAt: isoAt(base, 60_000), expiresAt: isoAt(base, 120_000) });
      await store().createApiKey(newer);
      await store().createApiKey(older);
      expect((await store().listApiKeys()).map((k) => k.id)).toEqual([older.id, newer.id]);
    });

    it('changes only the patched fields: name, scope, expiry and revocation', async () => {
      const key = apiKey({ expiresAt: '2027-01-01T00:00:00.000Z' });
      await store().createApiKey(key);
      const renamed = await store().updateApiKey(key.id, { name: 'Grafana', endpointIds: ['endpoint-c'] });
      expect(renamed).toEqual({ ...key, name: 'Grafana', endpointIds: ['endpoint-c'] });
      const unlimited = await store().updateApiKey(key.id, { expiresAt: null, name: undefined });
      expect(unlimited).toEqual({ ...key, name: 'Grafana', endpointIds: ['endpoint-c'], expiresAt: null });
      expect(await store().updateApiKey(key.id, {})).toEqual(unlimited);
      expect(await store().getApiKey(key.id)).toEqual(unlimited);
      expect(await store().updateApiKey('missing', { name: 'x' })).toBeNull();
      expect(await store().updateApiKey(key.id, { endpointIds: [] })).toMatchObject({ endpointIds: [] });
    });

    it('keeps a revoked key findable with its revocation time, and a rotated key with the key it replaces', async () => {
      const old = apiKey();
      await store().createApiKey(old);
      // Rotation: the old key stops at the end of the overlap, the new one points back at it.
      const overlapEnd = isoAt(Date.now(), 3_600_000);
      await store().updateApiKey(old.id, { revokedAt: overlapEnd });
      const replacement = apiKey({ rotatedFrom: old.id, name: old.name, endpointIds: old.endpointIds });
      await store().createApiKey(replacement);
      expect(await store().getApiKeyByLookup(old.lookup)).toEqual({ ...old, revokedAt: overlapEnd });
      expect(await store().getApiKeyByLookup(replacement.lookup)).toEqual(replacement);
      const now = new Date().toISOString();
      await store().updateApiKey(old.id, { revokedAt: now });
      expect((await store().getApiKey(old.id))?.revokedAt).toBe(now);
      expect(await store().listApiKeys()).toHaveLength(2);
    });

    it('records when a key was last used and changes nothing else', async () => {
      const key = apiKey();
      await store().createApiKey(key);
      const at = '2026-11-23T10:00:00.000Z';
      await store().touchApiKey(key.id, at);
      expect(await store().getApiKey(key.id)).toEqual({ ...key, lastUsedAt: at });
      await store().touchApiKey('missing', at);
      expect(await store().listApiKeys()).toHaveLength(1);
    });

    it('returns copies: changing a returned key changes nothing stored', async () => {
      const key = apiKey();
      const created = await store().createApiKey(key);
      created.endpointIds.push('endpoint-evil');
      key.endpointIds.push('endpoint-also-evil');
      const found = await store().getApiKeyByLookup(created.lookup);
      found?.endpointIds.push('endpoint-evil');
      expect((await store().getApiKey(key.id))?.endpointIds).toEqual(['endpoint-a', 'endpoint-b']);
    });

    it('backs keys up as hashes and restores them exactly; importing twice changes nothing', async () => {
      const used = apiKey({ lastUsedAt: '2026-01-02T00:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z' });
      const revoked = apiKey({ revokedAt: '2026-01-03T00:00:00.000Z', rotatedFrom: used.id });
      for (const key of [used, revoked]) await store().createApiKey(key);
      const page = await store().exportRecords('apiKey', null, 10);
      expect(page).toEqual({
        records: [
          { type: 'apiKey', apiKey: used },
          { type: 'apiKey', apiKey: revoked },
        ],
        next: null,
      });
      await store().touchApiKey(used.id, '2026-12-01T00:00:00.000Z');
      await store().updateApiKey(revoked.id, { endpointIds: [] });
      await store().importRecords(page.records);
      await store().importRecords(page.records);
      expect(await store().listApiKeys()).toEqual([used, revoked]);
    });

    it('rejects an imported key whose look-up part another key already has with conflict', async () => {
      const key = apiKey();
      await store().createApiKey(key);
      const clash = apiKey({ lookup: key.lookup });
      await expect(store().importRecords([{ type: 'apiKey', apiKey: clash }])).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(await store().getApiKey(clash.id)).toBeNull();
    });
  });
}

import { describe, expect, it } from 'vitest';
import { newId } from '../ids.js';
import type { ApiTokenRecord } from '../types.js';
import { isoAt, type GetStore } from './fixtures.js';

function apiToken(overrides: Partial<ApiTokenRecord> = {}): ApiTokenRecord {
  const hash = `${newId()}${'0'.repeat(40)}`.slice(0, 64);
  return {
    id: newId(),
    name: 'CI deploy',
    userId: 'user-1',
    tokenHash: hash,
    prefix: 'sgt_AbCd',
    createdAt: new Date().toISOString(),
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

export function tokenContract(store: GetStore): void {
  describe('admin API tokens', () => {
    it('creates a token and finds it by id and by the hash of its secret', async () => {
      const token = apiToken({ expiresAt: isoAt(Date.now(), 30 * 86_400_000) });
      expect(await store().createApiToken(token)).toEqual(token);
      expect(await store().getApiToken(token.id)).toEqual(token);
      expect(await store().getApiTokenByHash(token.tokenHash)).toEqual(token);
      expect(await store().getApiTokenByHash('f'.repeat(64))).toBeNull();
      expect(await store().getApiToken('missing')).toBeNull();
    });

    it('rejects a second token with the same hash with conflict and keeps the first', async () => {
      const first = apiToken();
      await store().createApiToken(first);
      await expect(
        store().createApiToken(apiToken({ tokenHash: first.tokenHash, name: 'copy' })),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect(await store().listApiTokens()).toEqual([first]);
    });

    it('lists tokens oldest first, all of them or one user’s, revoked ones included', async () => {
      const a = apiToken({ userId: 'alice' });
      const b = apiToken({ userId: 'bob' });
      const c = apiToken({ userId: 'alice' });
      for (const token of [a, b, c]) await store().createApiToken(token);
      await store().revokeApiToken(c.id);
      expect((await store().listApiTokens()).map((t) => t.id)).toEqual([a.id, b.id, c.id]);
      expect((await store().listApiTokens('alice')).map((t) => t.id)).toEqual([a.id, c.id]);
      expect(await store().listApiTokens('nobody')).toEqual([]);
    });

    it('records when a token was last used and changes nothing else', async () => {
      const token = apiToken();
      await store().createApiToken(token);
      const at = '2026-11-23T10:00:00.000Z';
      await store().touchApiToken(token.id, at);
      expect(await store().getApiToken(token.id)).toEqual({ ...token, lastUsedAt: at });
      await store().touchApiToken('missing', at);
      expect(await store().listApiTokens()).toHaveLength(1);
    });

    it('revokes a token once, keeping it findable with the time it was revoked', async () => {
      const token = apiToken();
      await store().createApiToken(token);
      const at = '2026-11-23T11:00:00.000Z';
      expect(await store().revokeApiToken(token.id, at)).toBe(true);
      expect(await store().revokeApiToken(token.id, '2026-11-24T00:00:00.000Z')).toBe(false);
      expect(await store().revokeApiToken('missing')).toBe(false);
      expect(await store().getApiTokenByHash(token.tokenHash)).toEqual({ ...token, revokedAt: at });
    });

    it('revokes with the current time when none is given', async () => {
      const token = apiToken();
      await store().createApiToken(token);
      const before = Date.now();
      expect(await store().revokeApiToken(token.id)).toBe(true);
      const revokedAt = Date.parse((await store().getApiToken(token.id))?.revokedAt ?? '');
      expect(revokedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(revokedAt).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('backs tokens up as hashes and restores them exactly; importing twice changes nothing', async () => {
      const kept = apiToken({ lastUsedAt: '2026-01-02T00:00:00.000Z', expiresAt: '2027-01-01T00:00:00.000Z' });
      const revoked = apiToken({ revokedAt: '2026-01-03T00:00:00.000Z' });
      for (const token of [kept, revoked]) await store().createApiToken(token);
      const page = await store().exportRecords('apiToken', null, 10);
      expect(page).toEqual({
        records: [
          { type: 'apiToken', token: kept },
          { type: 'apiToken', token: revoked },
        ],
        next: null,
      });
      await store().touchApiToken(kept.id, '2026-12-01T00:00:00.000Z');
      await store().importRecords(page.records);
      await store().importRecords(page.records);
      expect(await store().listApiTokens()).toEqual([kept, revoked]);
    });

    it('rejects an imported token whose hash another token already has with conflict', async () => {
      const token = apiToken();
      await store().createApiToken(token);
      const clash = apiToken({ tokenHash: token.tokenHash });
      await expect(store().importRecords([{ type: 'apiToken', token: clash }])).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(await store().getApiToken(clash.id)).toBeNull();
    });
  });
}

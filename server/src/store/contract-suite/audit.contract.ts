import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../contract/index.js';
import { newId } from '../ids.js';
import type { AuditQuery, Store } from '../types.js';
import { isoAt, type GetStore } from './fixtures.js';

const BASE = Date.parse('2026-05-01T12:00:00.000Z');
const alice = { id: 'user-alice', email: 'alice@example.com' };
const bob = { id: 'user-bob', email: 'bob@example.com' };

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: newId(),
    at: isoAt(BASE, 0),
    actor: alice,
    action: 'endpoint.update',
    entity: { type: 'endpoint', id: 'endpoint-1', name: 'Contact form' },
    ip: '203.0.113.7',
    details: { fields: ['access', 'methods'] },
    ...overrides,
  };
}

async function pageThrough(store: Store, query: Omit<AuditQuery, 'limit' | 'cursor'>, limit: number) {
  const pages: AuditEntry[][] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listAudit({ ...query, limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

const ids = (entries: AuditEntry[]) => entries.map((e) => e.id);

export function auditContract(store: GetStore): void {
  describe('audit log', () => {
    it('lists entries newest first by time, whatever order they were written in', async () => {
      const middle = entry({ at: isoAt(BASE, 60_000) });
      const newest = entry({ at: isoAt(BASE, 120_000) });
      // Written last (restored from a backup, say) but the oldest.
      const oldest = entry({ at: isoAt(BASE, 0) });
      for (const e of [middle, newest, oldest]) await store().appendAudit(e);
      expect(await store().listAudit({ limit: 10 })).toEqual({ items: [newest, middle, oldest], nextCursor: null });
    });

    it('filters by actor, by entity type, by one entity and by time, alone and together', async () => {
      const a1 = entry({ at: isoAt(BASE, 1000) });
      const a2 = entry({
        at: isoAt(BASE, 2000),
        action: 'apiKey.create',
        entity: { type: 'apiKey', id: 'key-1', name: 'CI' },
      });
      const b1 = entry({ at: isoAt(BASE, 3000), actor: bob, entity: { type: 'endpoint', id: 'endpoint-2' } });
      const b2 = entry({
        at: isoAt(BASE, 4000),
        actor: bob,
        action: 'secret.delete',
        entity: { type: 'secret', id: 'CRM' },
      });
      const system = entry({
        at: isoAt(BASE, 5000),
        actor: null,
        action: 'user.create',
        entity: { type: 'user', id: 'u1' },
      });
      for (const e of [a1, a2, b1, b2, system]) await store().appendAudit(e);
      const list = async (query: Omit<AuditQuery, 'limit'>) =>
        ids((await store().listAudit({ ...query, limit: 50 })).items);

      expect(await list({ actor: alice.id })).toEqual(ids([a2, a1]));
      expect(await list({ actor: 'nobody' })).toEqual([]);
      expect(await list({ entity: 'endpoint' })).toEqual(ids([b1, a1]));
      expect(await list({ entity: 'endpoint:endpoint-2' })).toEqual(ids([b1]));
      expect(await list({ entity: 'apiKey:key-1' })).toEqual(ids([a2]));
      expect(await list({ entity: 'endpoint:missing' })).toEqual([]);
      expect(await list({ from: a2.at })).toEqual(ids([system, b2, b1, a2]));
      expect(await list({ to: b1.at })).toEqual(ids([a2, a1]));
      expect(await list({ from: a2.at, to: b2.at })).toEqual(ids([b1, a2]));
      expect(await list({ actor: bob.id, entity: 'endpoint', from: a1.at })).toEqual(ids([b1]));
      expect(await list({ actor: '', entity: '', from: '', to: '' })).toHaveLength(5);
    });

    it('takes times in any ISO form and keeps them in one', async () => {
      const e = entry({ at: '2026-05-01T14:00:00+02:00' });
      await store().appendAudit(e);
      expect((await store().listAudit({ limit: 5 })).items).toEqual([{ ...e, at: '2026-05-01T12:00:00.000Z' }]);
      expect((await store().listAudit({ from: '2026-05-01T12:00:00Z', limit: 5 })).items).toHaveLength(1);
      expect((await store().listAudit({ to: '2026-05-01T12:00:00Z', limit: 5 })).items).toHaveLength(0);
    });

    it('pages through entries with cursors without duplicates or gaps, also entries of the same time', async () => {
      const written: AuditEntry[] = [];
      for (let n = 0; n < 23; n += 1) {
        // Groups of entries share a time: the cursor must tell them apart by id.
        const e = entry({ at: isoAt(BASE, Math.floor(n / 4) * 1000) });
        await store().appendAudit(e);
        written.push(e);
      }
      const pages = await pageThrough(store(), {}, 5);
      expect(pages.map((page) => page.length)).toEqual([5, 5, 5, 5, 3]);
      const expected = [...written].sort((x, y) => (x.at === y.at ? (x.id < y.id ? 1 : -1) : x.at < y.at ? 1 : -1));
      expect(ids(pages.flat())).toEqual(ids(expected));
    });

    it('pages a filtered list to its end, the last page holding exactly the limit', async () => {
      for (let n = 0; n < 12; n += 1) {
        await store().appendAudit(entry({ at: isoAt(BASE, n * 1000), actor: n % 2 === 0 ? alice : bob }));
      }
      const pages = await pageThrough(store(), { actor: bob.id }, 3);
      expect(pages.map((page) => page.length)).toEqual([3, 3]);
      expect(new Set(ids(pages.flat())).size).toBe(6);
    });

    it('refuses an unknown entity type, a time that is not one and a forged cursor with validation_failed', async () => {
      await store().appendAudit(entry());
      const refused = [
        { entity: 'process' },
        { entity: 'endpoint:' },
        { from: 'yesterday' },
        { to: '2026-13-45' },
        { cursor: 'not a cursor!' },
        { cursor: Buffer.from('["x","y"]').toString('base64url') },
        { cursor: Buffer.from('{"$gt":""}').toString('base64url') },
        { actor: { $ne: null } as unknown as string },
      ];
      for (const query of refused) {
        await expect(store().listAudit({ ...query, limit: 10 }), JSON.stringify(query)).rejects.toMatchObject({
          code: 'validation_failed',
        });
      }
    });

    it('stores only the fields of an entry: nothing else a caller’s object carries', async () => {
      const e = entry({ details: { fields: ['access'], access: { type: 'hmac', preset: 'github' } } });
      const smuggled = {
        ...e,
        secret: 'top-secret-value',
        actor: { ...alice, passwordHash: 'top-secret-hash' },
        entity: { ...e.entity, token: 'top-secret-token' },
      } as unknown as AuditEntry;
      await store().appendAudit(smuggled);
      const page = await store().listAudit({ limit: 5 });
      expect(page.items).toEqual([e]);
      expect(JSON.stringify(page)).not.toContain('top-secret');
      const backup = await store().exportRecords('auditEntry', null, 10);
      expect(JSON.stringify(backup)).not.toContain('top-secret');
    });

    it('keeps entries of the system (no actor) and entries without a name or details', async () => {
      const bare: AuditEntry = {
        id: newId(),
        at: isoAt(BASE, 0),
        actor: null,
        action: 'token.revoke',
        entity: { type: 'token', id: 'token-1' },
        ip: '::1',
      };
      await store().appendAudit(bare);
      const [listed] = (await store().listAudit({ limit: 1 })).items;
      expect(listed).toEqual(bare);
      expect(listed && Object.keys(listed).sort()).toEqual(['action', 'actor', 'at', 'entity', 'id', 'ip']);
      expect(listed && Object.keys(listed.entity).sort()).toEqual(['id', 'type']);
    });

    it('rejects a second entry with the same id with conflict', async () => {
      const e = entry();
      await store().appendAudit(e);
      await expect(store().appendAudit({ ...e, action: 'endpoint.delete' })).rejects.toMatchObject({
        code: 'conflict',
      });
      expect((await store().listAudit({ limit: 5 })).items).toEqual([e]);
    });

    it('keeps entries through retention, however old', async () => {
      const old = entry({ at: isoAt(Date.now(), -400 * 86_400_000) });
      await store().appendAudit(old);
      await store().purgeExpired(new Date().toISOString());
      expect((await store().listAudit({ limit: 5 })).items).toEqual([old]);
    });

    it('backs entries up and restores them exactly; importing twice changes nothing', async () => {
      const first = entry({ at: isoAt(BASE, 0) });
      const second = entry({ at: isoAt(BASE, 1000), actor: null, details: { nested: { 'a.b': 1, $set: 2 } } });
      for (const e of [first, second]) await store().appendAudit(e);
      const page = await store().exportRecords('auditEntry', null, 10);
      expect(page).toEqual({
        records: [
          { type: 'auditEntry', entry: first },
          { type: 'auditEntry', entry: second },
        ],
        next: null,
      });
      await store().importRecords(page.records);
      await store().importRecords(page.records);
      expect((await store().listAudit({ limit: 10 })).items).toEqual([second, first]);
    });
  });
}

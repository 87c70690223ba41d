import { describe, expect, it } from 'vitest';
import { newId } from '../ids.js';
import type { SessionRecord, UserRecord } from '../types.js';
import { isoAt, type GetStore } from './fixtures.js';

function user(overrides: Partial<UserRecord> = {}): UserRecord {
  return {
    id: newId(),
    email: 'Admin@Example.com',
    name: 'Admin',
    role: 'admin',
    disabled: false,
    passwordHash: '$2b$12$hash',
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}

function session(userId: string, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    id: newId(),
    userId,
    csrfToken: 'csrf-token',
    createdAt: new Date().toISOString(),
    expiresAt: isoAt(Date.now(), 3600_000),
    ...overrides,
  };
}

export function accountContract(store: GetStore): void {
  describe('users and sessions', () => {
    it('creates users and finds them by id and by email in any case', async () => {
      const created = await store().createUser(user());
      expect(await store().getUser(created.id)).toEqual(created);
      expect(await store().getUserByEmail('admin@example.COM')).toEqual(created);
      expect(await store().getUserByEmail('other@example.com')).toBeNull();
      expect(await store().getUser('missing')).toBeNull();
      expect(await store().countUsers()).toBe(1);
    });

    it('rejects a second user with the same email in another case', async () => {
      await store().createUser(user());
      await expect(store().createUser(user({ email: 'ADMIN@example.com' }))).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(await store().countUsers()).toBe(1);
    });

    it('updates users and keeps emails unique', async () => {
      const admin = await store().createUser(user());
      const editor = await store().createUser(user({ email: 'editor@example.com', role: 'editor' }));
      const updated = await store().updateUser(editor.id, { role: 'viewer', disabled: true, name: 'Ed' });
      expect(updated).toEqual({ ...editor, role: 'viewer', disabled: true, name: 'Ed' });
      await expect(store().updateUser(editor.id, { email: 'admin@EXAMPLE.com' })).rejects.toMatchObject({
        code: 'conflict',
      });
      expect(await store().updateUser('missing', { name: 'x' })).toBeNull();
      expect((await store().listUsers()).map((u) => u.id)).toEqual([admin.id, editor.id]);
      await store().updateUser(editor.id, { email: 'New@Example.com' });
      expect((await store().getUserByEmail('new@example.com'))?.id).toBe(editor.id);
    });

    it('stores sessions, forgets expired ones and deletes them one by one or per user', async () => {
      const admin = await store().createUser(user());
      const first = session(admin.id);
      const second = session(admin.id);
      const other = session('someone-else');
      const expired = session(admin.id, { expiresAt: isoAt(Date.now(), -1000) });
      for (const s of [first, second, other, expired]) await store().createSession(s);
      expect(await store().getSession(first.id)).toEqual(first);
      expect(await store().getSession(expired.id)).toBeNull();
      await store().deleteSession(first.id);
      expect(await store().getSession(first.id)).toBeNull();
      expect(await store().getSession(second.id)).toEqual(second);
      await store().deleteUserSessions(admin.id);
      expect(await store().getSession(second.id)).toBeNull();
      expect(await store().getSession(other.id)).toEqual(other);
    });
  });

  describe('secrets', () => {
    it('puts, replaces, lists by name and deletes secrets', async () => {
      await store().putSecret('SMTP_PASSWORD', 'one');
      await store().putSecret('CRM_TOKEN', 'two');
      await store().putSecret('SMTP_PASSWORD', 'three');
      const secrets = await store().listSecrets();
      expect(secrets.map(({ name, value }) => ({ name, value }))).toEqual([
        { name: 'CRM_TOKEN', value: 'two' },
        { name: 'SMTP_PASSWORD', value: 'three' },
      ]);
      expect(secrets.every((s) => !Number.isNaN(Date.parse(s.updatedAt)))).toBe(true);
      expect(await store().deleteSecret('CRM_TOKEN')).toBe(true);
      expect(await store().deleteSecret('CRM_TOKEN')).toBe(false);
      expect((await store().listSecrets()).map((s) => s.name)).toEqual(['SMTP_PASSWORD']);
    });

    it('keeps a value as an opaque string, byte for byte (sealing happens above the store)', async () => {
      const sealed = `sgenc:v1:0123456789abcdef:${'A-z_9'.repeat(200)}`;
      await store().putSecret('SEALED', sealed);
      await store().putSecret('UNICODE', 'ключ \u0000 "quoted" \\ 🔑');
      const values = Object.fromEntries((await store().listSecrets()).map(({ name, value }) => [name, value]));
      expect(values).toEqual({ SEALED: sealed, UNICODE: 'ключ \u0000 "quoted" \\ 🔑' });
    });
  });
}

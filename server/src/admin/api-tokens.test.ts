import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedStore } from '../store/embedded/embedded-store.js';
import type { ApiTokenRecord, Store } from '../store/types.js';
import { apiTokenHash, bearerToken, createTouchThrottle, isTokenUsable, newApiToken } from './api-tokens.js';

describe('admin API token values', () => {
  it('makes sgt_ tokens with 32 random bytes, an 8-character prefix and a sha256 hash', () => {
    const a = newApiToken();
    const b = newApiToken();
    expect(a.token).toMatch(/^sgt_[A-Za-z0-9_-]{43}$/);
    expect(a.prefix).toBe(a.token.slice(0, 8));
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.tokenHash).toBe(apiTokenHash(a.token));
    expect(b.token).not.toBe(a.token);
  });

  it('reads the token of a Bearer header only', () => {
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeNull();
    expect(bearerToken('Bearer sgt_abc')).toBe('sgt_abc');
    expect(bearerToken('bearer   sgt_abc ')).toBe('sgt_abc');
    // Bearer credentials that are not ours are refused, not ignored.
    expect(bearerToken('Bearer eyJhbGciOi')).toBe('');
    expect(bearerToken('Bearer ')).toBe('');
    expect(bearerToken(`Bearer sgt_${'a'.repeat(300)}`)).toBe('');
  });

  it('refuses revoked and expired tokens', () => {
    const now = Date.parse('2026-06-01T00:00:00.000Z');
    const token = { revokedAt: null, expiresAt: null } as ApiTokenRecord;
    expect(isTokenUsable(token, now)).toBe(true);
    expect(isTokenUsable({ ...token, expiresAt: '2026-06-02T00:00:00.000Z' }, now)).toBe(true);
    expect(isTokenUsable({ ...token, expiresAt: '2026-06-01T00:00:00.000Z' }, now)).toBe(false);
    expect(isTokenUsable({ ...token, revokedAt: '2026-05-01T00:00:00.000Z' }, now)).toBe(false);
  });
});

describe('last-used bookkeeping', () => {
  let dataDir: string;
  let store: Store;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'scriptgate-tokens-'));
    store = await createEmbeddedStore({ dataDir });
  });
  afterEach(async () => {
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes lastUsedAt at most once a minute per token', async () => {
    const { tokenHash, prefix } = newApiToken();
    const base = {
      name: 'ci',
      userId: 'u1',
      tokenHash,
      prefix,
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    };
    const token = await store.createApiToken({ id: 't1', ...base });
    const touch = createTouchThrottle(store, 60_000);
    const start = Date.parse('2026-06-01T00:00:00.000Z');
    const lastUsed = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return (await store.getApiToken('t1'))?.lastUsedAt;
    };

    touch(token, start);
    expect(await lastUsed()).toBe('2026-06-01T00:00:00.000Z');
    touch(token, start + 30_000);
    touch({ ...token, lastUsedAt: '2026-06-01T00:00:00.000Z' }, start + 59_999);
    expect(await lastUsed()).toBe('2026-06-01T00:00:00.000Z');
    touch(token, start + 60_000);
    expect(await lastUsed()).toBe('2026-06-01T00:01:00.000Z');
    // Another instance touched it recently: the stored time counts too.
    const other = createTouchThrottle(store, 60_000);
    other({ ...token, lastUsedAt: '2026-06-01T00:01:00.000Z' }, start + 90_000);
    expect(await lastUsed()).toBe('2026-06-01T00:01:00.000Z');
  });
});

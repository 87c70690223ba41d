import { describe, expect, it } from 'vitest';
import { apiKeyFrom, createApiKeyHasher, keyUnusableReason, lookupOf } from './api-keys.js';

const record = (fields: Partial<{ revokedAt: string | null; expiresAt: string | null }> = {}) =>
  ({ revokedAt: null, expiresAt: null, ...fields }) as never;

describe('endpoint API keys', () => {
  it('generates sgk_ keys whose look-up part finds them and whose keyed hash matches only them', () => {
    const hasher = createApiKeyHasher('pepper');
    const { key, lookup, keyHash } = hasher.generate();
    expect(key).toMatch(/^sgk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(lookupOf(key)).toBe(lookup);
    expect(hasher.matches(key, { keyHash })).toBe(true);
    expect(hasher.matches(`${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`, { keyHash })).toBe(false);
    // Another server's pepper gives another hash: a leaked table is useless elsewhere.
    expect(createApiKeyHasher('other').matches(key, { keyHash })).toBe(false);
    expect(hasher.generate().lookup).not.toBe(lookup);
  });

  it('reads the key from X-Api-Key or a Bearer sgk_ token, and nothing else', () => {
    expect(apiKeyFrom({ 'x-api-key': ' sgk_x ' })).toBe('sgk_x');
    expect(apiKeyFrom({ authorization: 'Bearer sgk_abc' })).toBe('sgk_abc');
    expect(apiKeyFrom({ authorization: 'bearer   sgk_abc  ' })).toBe('sgk_abc');
    expect(apiKeyFrom({ authorization: 'Bearer eyJhbGciOi' })).toBeNull();
    expect(apiKeyFrom({ authorization: 'Basic c2drXzp4' })).toBeNull();
    expect(apiKeyFrom({})).toBeNull();
    expect(lookupOf('sgk_short_x')).toBeNull();
    expect(lookupOf('sgt_0123456789ab_' + 'a'.repeat(43))).toBeNull();
  });

  it('refuses a key past its expiry or revocation, and keeps one revoked for later (a rotation overlap) working', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    expect(keyUnusableReason(record(), now)).toBeNull();
    expect(keyUnusableReason(record({ expiresAt: '2029-12-31T23:59:59Z' }), now)).toMatch(/expired/);
    expect(keyUnusableReason(record({ revokedAt: '2029-12-31T23:59:59Z' }), now)).toMatch(/revoked/);
    expect(keyUnusableReason(record({ revokedAt: '2030-01-01T00:10:00Z' }), now)).toBeNull();
  });
});

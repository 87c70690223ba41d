import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PREFIX, type ApiKeyInfo } from '../contract/index.js';
import type { ApiKeyRecord } from '../store/types.js';

/**
 * Endpoint API keys: `sgk_<lookup>_<secret>`. The look-up part (12 hex characters) finds the
 * record by an index; the whole key is checked against a keyed hash (HMAC-SHA256 with the
 * server's pepper) in constant time. A fast hash is right here: the secret part is 256 random
 * bits, so no dictionary or brute force applies, and a slow hash would cost every call.
 */

const LOOKUP = /^[0-9a-f]{12}$/;
const KEY = /^sgk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export function createApiKeyHasher(pepper: string) {
  const macKey = createHmac('sha256', pepper).update('scriptgate api key\u0000').digest();
  const hashOf = (key: string) => createHmac('sha256', macKey).update(key).digest('hex');
  return {
    /** A new key and what the store keeps of it. */
    generate(): { key: string; lookup: string; keyHash: string } {
      const lookup = randomBytes(6).toString('hex');
      const key = `${API_KEY_PREFIX}${lookup}_${randomBytes(32).toString('base64url')}`;
      return { key, lookup, keyHash: hashOf(key) };
    },
    /** Whether `key` is the key `record` was made from. */
    matches(key: string, record: Pick<ApiKeyRecord, 'keyHash'>): boolean {
      const given = Buffer.from(hashOf(key), 'hex');
      const expected = Buffer.from(record.keyHash, 'hex');
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

export type ApiKeyHasher = ReturnType<typeof createApiKeyHasher>;

/** The look-up part of a well-formed key, or null. */
export function lookupOf(key: string): string | null {
  const lookup = KEY.exec(key)?.[1];
  return lookup !== undefined && LOOKUP.test(lookup) ? lookup : null;
}

/** The key a caller sent: `Authorization: Bearer sgk_…` or `X-Api-Key: sgk_…`. */
export function apiKeyFrom(headers: Readonly<Record<string, string | string[] | undefined>>): string | null {
  const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const fromHeader = single(headers['x-api-key'])?.trim();
  if (fromHeader) return fromHeader;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(single(headers.authorization) ?? '')?.[1];
  return bearer?.startsWith(API_KEY_PREFIX) ? bearer : null;
}

/** Why a key cannot be used right now, or null when it can. */
export function keyUnusableReason(record: ApiKeyRecord, now: number): string | null {
  if (record.revokedAt !== null && Date.parse(record.revokedAt) <= now) return 'the API key was revoked';
  if (record.expiresAt !== null && Date.parse(record.expiresAt) <= now) return 'the API key has expired';
  return null;
}

export function apiKeyInfo(record: ApiKeyRecord): ApiKeyInfo {
  return {
    id: record.id,
    name: record.name,
    prefix: `${API_KEY_PREFIX}${record.lookup}`,
    endpointIds: [...record.endpointIds],
    expiresAt: record.expiresAt,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
    revokedAt: record.revokedAt,
  };
}

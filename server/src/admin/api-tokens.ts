import { createHash } from 'node:crypto';
import { API_TOKEN_PREFIX, type ApiTokenInfo, type User } from '../contract/index.js';
import { randomToken } from '../store/ids.js';
import type { ApiTokenRecord, Store } from '../store/types.js';

/** Admin API tokens (README "The admin"): `sgt_` + 32 random bytes; only the sha256 is stored. */

const TOKEN_BYTES = 32;
/** Longer than any token we hand out: such a header is refused without hashing it. */
const MAX_TOKEN_LENGTH = 200;
export const TOUCH_INTERVAL_MS = 60_000;

export function apiTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newApiToken(): { token: string; tokenHash: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomToken(TOKEN_BYTES)}`;
  return { token, tokenHash: apiTokenHash(token), prefix: token.slice(0, 8) };
}

/**
 * The token of an `Authorization: Bearer …` header; null when the header is absent or uses
 * another scheme. A Bearer header that is not one of our tokens gives '' (refused, never
 * passed on to the cookie check: a caller that sent credentials gets an answer about them).
 */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer[ \t]+(\S*)[ \t]*$/i.exec(header ?? '');
  if (!match) return null;
  const token = match[1] ?? '';
  return token.startsWith(API_TOKEN_PREFIX) && token.length <= MAX_TOKEN_LENGTH ? token : '';
}

/** A token can act when it was neither revoked nor has expired. */
export function isTokenUsable(token: ApiTokenRecord, now: number): boolean {
  return token.revokedAt === null && (token.expiresAt === null || Date.parse(token.expiresAt) > now);
}

/**
 * Records `lastUsedAt` at most once per interval per token, so a busy automation costs one
 * write a minute, not one per call. Checks the stored time too: other instances touch it.
 */
export function createTouchThrottle(store: Store, intervalMs = TOUCH_INTERVAL_MS) {
  const touched = new Map<string, number>();
  return (token: ApiTokenRecord, now: number): void => {
    const stored = token.lastUsedAt === null ? 0 : Date.parse(token.lastUsedAt);
    if (now - Math.max(stored, touched.get(token.id) ?? 0) < intervalMs) return;
    if (touched.size >= 10_000) {
      for (const [id, at] of touched) if (now - at >= intervalMs) touched.delete(id);
    }
    touched.set(token.id, now);
    // Bookkeeping only: a failed write must not fail the call it records; the next call retries.
    store.touchApiToken(token.id, new Date(now).toISOString()).catch(() => touched.delete(token.id));
  };
}

/** The list view: never the secret or its hash. */
export function tokenInfo(token: ApiTokenRecord, owner: User): ApiTokenInfo {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    userId: token.userId,
    userEmail: owner.email,
    role: owner.role,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    lastUsedAt: token.lastUsedAt,
  };
}

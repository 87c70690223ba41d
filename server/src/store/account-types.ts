import type { User } from '../contract/index.js';

/** Records of the small account tables (users, sessions, API tokens, secrets, idempotency keys). */

export interface UserRecord extends User {
  passwordHash: string;
}

export type UserPatch = Partial<Pick<UserRecord, 'name' | 'role' | 'disabled' | 'passwordHash' | 'email'>>;

export interface SessionRecord {
  /** sha256 (hex) of the session token in the cookie. */
  id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * An admin API token (`/api/admin/tokens`). It acts as its user, with the user's
 * current role. Only the hash of the secret is kept: a leaked database holds no usable token.
 */
export interface ApiTokenRecord {
  id: string;
  name: string;
  userId: string;
  /** sha256 (hex) of the whole token string; unique. */
  tokenHash: string;
  /** First 8 characters of the token, shown in lists so a user can tell tokens apart. */
  prefix: string;
  createdAt: string;
  /** ISO time after which the token is refused; null: never expires. */
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** Set once when the token is revoked; a revoked token is kept (who had what, when) but refused. */
  revokedAt: string | null;
}

/**
 * An endpoint API key (`sgk_<lookup>_<secret>`). The look-up part finds the record; only an
 * HMAC of the whole key (keyed with the server's pepper) is kept, compared in constant time.
 */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** The key's public look-up part (unique), also shown as its prefix. */
  lookup: string;
  /** HMAC-SHA256 (hex) of the whole key. */
  keyHash: string;
  endpointIds: string[];
  createdAt: string;
  /** The user who created it (null when imported). */
  createdBy: string | null;
  /** ISO time after which the key is refused; null: never expires. */
  expiresAt: string | null;
  lastUsedAt: string | null;
  /** When the key stops working: set on revoke (now) or rotate (now + overlap). */
  revokedAt: string | null;
  /** Set on a key made by rotating another: the id of the key it replaces. */
  rotatedFrom: string | null;
}

export type ApiKeyPatch = Partial<Pick<ApiKeyRecord, 'name' | 'endpointIds' | 'expiresAt' | 'revokedAt'>>;

export interface IdempotencyRecord {
  endpointId: string;
  key: string;
  /** sha256 (hex) of the request's method, subpath, query and body: a repeat must match it. */
  fingerprint: string;
  processId: string;
  /** Stored response of a finished sync run; null while running or for async runs. */
  response: { status: number; headers: Record<string, string>; bodyBase64: string } | null;
  createdAt: string;
  expiresAt: string;
}

export interface SecretRecord {
  name: string;
  value: string;
  updatedAt: string;
}

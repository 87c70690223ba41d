import type { ApiTokenRecord } from '../account-types.js';
import { tokenHashTaken } from '../store-errors.js';
import { isUniqueViolation } from './database.js';
import type { SqlDatabase } from './sql.js';

/** Admin API tokens: one row per token, found by the hash of its secret. */

export interface ApiTokenRow {
  id: string;
  name: string;
  user_id: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export const UPSERT_API_TOKEN = `INSERT INTO api_tokens (id, name, user_id, token_hash, prefix, created_at, expires_at, last_used_at, revoked_at)
  VALUES (@id, @name, @user_id, @token_hash, @prefix, @created_at, @expires_at, @last_used_at, @revoked_at)
  ON CONFLICT (id) DO UPDATE SET name = excluded.name, user_id = excluded.user_id, token_hash = excluded.token_hash,
    prefix = excluded.prefix, created_at = excluded.created_at, expires_at = excluded.expires_at,
    last_used_at = excluded.last_used_at, revoked_at = excluded.revoked_at`;

export function createTokenRepo(db: SqlDatabase) {
  const s = {
    insert: db.prepare(
      `INSERT INTO api_tokens (id, name, user_id, token_hash, prefix, created_at, expires_at, last_used_at, revoked_at)
       VALUES (@id, @name, @user_id, @token_hash, @prefix, @created_at, @expires_at, @last_used_at, @revoked_at)`,
    ),
    byId: db.prepare<[string], ApiTokenRow>('SELECT * FROM api_tokens WHERE id = ?'),
    byHash: db.prepare<[string], ApiTokenRow>('SELECT * FROM api_tokens WHERE token_hash = ?'),
    all: db.prepare<[], ApiTokenRow>('SELECT * FROM api_tokens ORDER BY id'),
    ofUser: db.prepare<[string], ApiTokenRow>('SELECT * FROM api_tokens WHERE user_id = ? ORDER BY id'),
    touch: db.prepare<[string, string]>('UPDATE api_tokens SET last_used_at = ? WHERE id = ?'),
    revoke: db.prepare<[string, string]>('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
  };

  return {
    createApiToken(token: ApiTokenRecord): ApiTokenRecord {
      try {
        s.insert.run(toApiTokenRow(token));
      } catch (err) {
        if (isUniqueViolation(err)) throw tokenHashTaken();
        throw err;
      }
      return toApiToken(s.byId.get(token.id) as ApiTokenRow);
    },
    getApiToken: (id: string) => orNull(s.byId.get(String(id))),
    getApiTokenByHash: (tokenHash: string) => orNull(s.byHash.get(String(tokenHash))),
    listApiTokens: (userId?: string) =>
      (userId === undefined ? s.all.all() : s.ofUser.all(String(userId))).map(toApiToken),
    touchApiToken: (id: string, at: string) => void s.touch.run(at, String(id)),
    revokeApiToken: (id: string, at: string = new Date().toISOString()) => s.revoke.run(at, String(id)).changes > 0,
  };
}

export function toApiTokenRow(token: ApiTokenRecord): ApiTokenRow {
  return {
    id: token.id,
    name: token.name,
    user_id: token.userId,
    token_hash: token.tokenHash,
    prefix: token.prefix,
    created_at: token.createdAt,
    expires_at: token.expiresAt ?? null,
    last_used_at: token.lastUsedAt ?? null,
    revoked_at: token.revokedAt ?? null,
  };
}

export function toApiToken(row: ApiTokenRow): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    tokenHash: row.token_hash,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

function orNull(row: ApiTokenRow | undefined): ApiTokenRecord | null {
  return row === undefined ? null : toApiToken(row);
}

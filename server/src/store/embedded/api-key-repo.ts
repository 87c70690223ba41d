import type { ApiKeyPatch, ApiKeyRecord } from '../account-types.js';
import { apiKeyTaken } from '../store-errors.js';
import { isUniqueViolation } from './database.js';
import type { SqlDatabase } from './sql.js';

/** Endpoint API keys (`sgk_…`): one row per key, found by its public look-up part (unique). */

export interface ApiKeyRow {
  id: string;
  name: string;
  lookup: string;
  key_hash: string;
  /** JSON array of endpoint ids. */
  endpoint_ids: string;
  created_at: string;
  created_by: string | null;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  rotated_from: string | null;
}

const COLUMNS = `id, name, lookup, key_hash, endpoint_ids, created_at, created_by, expires_at, last_used_at,
  revoked_at, rotated_from`;
const VALUES = `@id, @name, @lookup, @key_hash, @endpoint_ids, @created_at, @created_by, @expires_at, @last_used_at,
  @revoked_at, @rotated_from`;

/** Restores a backed-up key by id; a different key holding its look-up part is a unique violation. */
export const UPSERT_API_KEY = `INSERT INTO api_keys (${COLUMNS}) VALUES (${VALUES})
  ON CONFLICT (id) DO UPDATE SET name = excluded.name, lookup = excluded.lookup, key_hash = excluded.key_hash,
    endpoint_ids = excluded.endpoint_ids, created_at = excluded.created_at, created_by = excluded.created_by,
    expires_at = excluded.expires_at, last_used_at = excluded.last_used_at, revoked_at = excluded.revoked_at,
    rotated_from = excluded.rotated_from`;

export function createApiKeyRepo(db: SqlDatabase) {
  const s = {
    insert: db.prepare(`INSERT INTO api_keys (${COLUMNS}) VALUES (${VALUES})`),
    byId: db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE id = ?'),
    byLookup: db.prepare<[string], ApiKeyRow>('SELECT * FROM api_keys WHERE lookup = ?'),
    all: db.prepare<[], ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at, id'),
    // One statement, so a patch never interleaves with another write to the same key.
    update: db.prepare<Record<string, unknown>, ApiKeyRow>(
      `UPDATE api_keys SET
         name = CASE WHEN @set_name THEN @name ELSE name END,
         endpoint_ids = CASE WHEN @set_endpoint_ids THEN @endpoint_ids ELSE endpoint_ids END,
         expires_at = CASE WHEN @set_expires_at THEN @expires_at ELSE expires_at END,
         revoked_at = CASE WHEN @set_revoked_at THEN @revoked_at ELSE revoked_at END
       WHERE id = @id RETURNING *`,
    ),
    touch: db.prepare<[string, string]>('UPDATE api_keys SET last_used_at = ? WHERE id = ?'),
  };

  return {
    createApiKey(key: ApiKeyRecord): ApiKeyRecord {
      try {
        s.insert.run(toApiKeyRow(key));
      } catch (err) {
        if (isUniqueViolation(err)) throw apiKeyTaken();
        throw err;
      }
      return toApiKey(s.byId.get(String(key.id)) as ApiKeyRow);
    },
    getApiKey: (id: string) => orNull(s.byId.get(String(id))),
    getApiKeyByLookup: (lookup: string) => orNull(s.byLookup.get(String(lookup))),
    listApiKeys: () => s.all.all().map(toApiKey),
    updateApiKey(id: string, patch: ApiKeyPatch): ApiKeyRecord | null {
      const has = (field: keyof ApiKeyPatch) => (patch[field] === undefined ? 0 : 1);
      const row = s.update.get({
        id: String(id),
        set_name: has('name'),
        name: patch.name === undefined ? null : String(patch.name),
        set_endpoint_ids: has('endpointIds'),
        endpoint_ids: patch.endpointIds === undefined ? null : JSON.stringify(patch.endpointIds.map(String)),
        set_expires_at: has('expiresAt'),
        expires_at: patch.expiresAt ?? null,
        set_revoked_at: has('revokedAt'),
        revoked_at: patch.revokedAt ?? null,
      });
      return orNull(row);
    },
    touchApiKey: (id: string, at: string) => void s.touch.run(String(at), String(id)),
  };
}

export function toApiKeyRow(key: ApiKeyRecord): ApiKeyRow {
  return {
    id: String(key.id),
    name: String(key.name),
    lookup: String(key.lookup),
    key_hash: String(key.keyHash),
    endpoint_ids: JSON.stringify(key.endpointIds.map(String)),
    created_at: key.createdAt,
    created_by: key.createdBy ?? null,
    expires_at: key.expiresAt ?? null,
    last_used_at: key.lastUsedAt ?? null,
    revoked_at: key.revokedAt ?? null,
    rotated_from: key.rotatedFrom ?? null,
  };
}

export function toApiKey(row: ApiKeyRow): ApiKeyRecord {
  return {
    id: row.id,
    name: row.name,
    lookup: row.lookup,
    keyHash: row.key_hash,
    endpointIds: JSON.parse(row.endpoint_ids) as string[],
    createdAt: row.created_at,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    rotatedFrom: row.rotated_from,
  };
}

function orNull(row: ApiKeyRow | undefined): ApiKeyRecord | null {
  return row === undefined ? null : toApiKey(row);
}

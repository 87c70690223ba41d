import { endpointSettings } from '../endpoint-settings.js';
import { apiKeyTaken, slugTaken, tokenHashTaken } from '../store-errors.js';
import type { TransferKind, TransferRecord } from '../types.js';
import { isUniqueViolation } from './database.js';
import { toDraft, toDraftRow, UPSERT_DRAFT, type DraftRow } from './draft-repo.js';
import { toEndpoint, toVersion, type EndpointRow, type VersionRow } from './endpoint-repo.js';
import { toUser, writeUser, type UserRow } from './account-repo.js';
import { toApiKey, toApiKeyRow, UPSERT_API_KEY, type ApiKeyRow } from './api-key-repo.js';
import { toAuditEntry, toAuditRow, UPSERT_AUDIT, type AuditRow } from './audit-repo.js';
import type { SqlDatabase } from './sql.js';
import { toApiToken, toApiTokenRow, UPSERT_API_TOKEN, type ApiTokenRow } from './token-repo.js';
import { fromProcessRow, parseInput, RECORD_COLUMNS, toProcessRow, type ProcessRow } from './process-rows.js';

type ExportRow = ProcessRow & { status_token_hash: string | null; input: string | null; lease_owner: string | null };

/**
 * Backup pages and restores. Pages are keyset-paged (`WHERE key > ?`), so an export of a big
 * history never holds a cursor open across writes. Restores are upserts by id: endpoints and
 * versions use ON CONFLICT … DO UPDATE rather than REPLACE, which would delete the old row
 * and cascade to its scenario versions.
 */
export function createTransferRepo(db: SqlDatabase) {
  const pages = {
    endpoint: db.prepare<[string, number], EndpointRow>('SELECT * FROM endpoints WHERE id > ? ORDER BY id LIMIT ?'),
    scenarioVersion: db.prepare<[string, number, number], VersionRow>(
      'SELECT * FROM scenario_versions WHERE (endpoint_id, version) > (?, ?) ORDER BY endpoint_id, version LIMIT ?',
    ),
    scenarioDraft: db.prepare<[string, number], DraftRow>(
      'SELECT * FROM scenario_drafts WHERE endpoint_id > ? ORDER BY endpoint_id LIMIT ?',
    ),
    process: db.prepare<[string, number], ExportRow>(
      `SELECT ${RECORD_COLUMNS}, status_token_hash, lease_owner,
         CASE WHEN status IN ('queued', 'running') THEN input END AS input
       FROM processes WHERE id > ? ORDER BY id LIMIT ?`,
    ),
    user: db.prepare<[string, number], UserRow>('SELECT * FROM users WHERE id > ? ORDER BY id LIMIT ?'),
    secret: db.prepare<[string, number], { name: string; value: string; updated_at: string }>(
      'SELECT * FROM secrets WHERE name > ? ORDER BY name LIMIT ?',
    ),
    apiToken: db.prepare<[string, number], ApiTokenRow>('SELECT * FROM api_tokens WHERE id > ? ORDER BY id LIMIT ?'),
    apiKey: db.prepare<[string, number], ApiKeyRow>('SELECT * FROM api_keys WHERE id > ? ORDER BY id LIMIT ?'),
    auditEntry: db.prepare<[string, number], AuditRow>('SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?'),
  };
  const upserts = {
    endpoint: db.prepare(
      `INSERT INTO endpoints (id, slug, scenario_version, language, created_at, updated_at, settings)
       VALUES (@id, @slug, @scenario_version, @language, @created_at, @updated_at, @settings)
       ON CONFLICT (id) DO UPDATE SET slug = excluded.slug, scenario_version = excluded.scenario_version,
         language = excluded.language, created_at = excluded.created_at, updated_at = excluded.updated_at,
         settings = excluded.settings`,
    ),
    scenarioVersion: db.prepare(
      `INSERT INTO scenario_versions (endpoint_id, version, language, created_at, created_by, restored_from, code, compiled, note)
       VALUES (@endpoint_id, @version, @language, @created_at, @created_by, @restored_from, @code, @compiled, @note)
       ON CONFLICT (endpoint_id, version) DO UPDATE SET language = excluded.language, created_at = excluded.created_at,
         created_by = excluded.created_by, restored_from = excluded.restored_from, code = excluded.code,
         compiled = excluded.compiled, note = excluded.note`,
    ),
    scenarioDraft: db.prepare(UPSERT_DRAFT),
    // Processes have no dependent rows, so REPLACE is a plain overwrite here.
    process: db.prepare(
      `INSERT OR REPLACE INTO processes (id, endpoint_id, slug, scenario_version, mode, status, attempt, queued_at,
         started_at, finished_at, duration_ms, lease_owner, lease_expires_at, status_token_hash, ip, rerun_of,
         logs_truncated, callback_due_at, search_text, principal, error, callback, fetches, mails, logs, response,
         request, input, idempotency_key)
       VALUES (@id, @endpoint_id, @slug, @scenario_version, @mode, @status, @attempt, @queued_at, @started_at,
         @finished_at, @duration_ms, @lease_owner, @lease_expires_at, @status_token_hash, @ip, @rerun_of,
         @logs_truncated, @callback_due_at, @search_text, @principal, @error, @callback, @fetches, @mails, @logs,
         @response, @request, @input, @idempotency_key)`,
    ),
    user: db.prepare(
      `INSERT INTO users (id, email, email_lower, name, role, disabled, password_hash, created_at)
       VALUES (@id, @email, @email_lower, @name, @role, @disabled, @password_hash, @created_at)
       ON CONFLICT (id) DO UPDATE SET email = excluded.email, email_lower = excluded.email_lower, name = excluded.name,
         role = excluded.role, disabled = excluded.disabled, password_hash = excluded.password_hash,
         created_at = excluded.created_at`,
    ),
    secret: db.prepare<[string, string, string]>(
      `INSERT INTO secrets (name, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
    apiToken: db.prepare(UPSERT_API_TOKEN),
    apiKey: db.prepare(UPSERT_API_KEY),
    auditEntry: db.prepare(UPSERT_AUDIT),
  };

  function exportPage(kind: TransferKind, after: string | null, limit: number): TransferRecord[] {
    const from = after ?? '';
    switch (kind) {
      case 'endpoint':
        return pages.endpoint.all(from, limit).map((row) => ({ type: kind, endpoint: toEndpoint(row) }));
      case 'scenarioVersion': {
        const [endpointId, version] = after === null ? ['', 0] : (JSON.parse(after) as [string, number]);
        return pages.scenarioVersion
          .all(endpointId, version, limit)
          .map((row) => ({ type: kind, version: toVersion(row) }));
      }
      case 'scenarioDraft':
        return pages.scenarioDraft.all(from, limit).map((row) => ({ type: kind, draft: toDraft(row) }));
      case 'process':
        return pages.process.all(from, limit).map((row) => ({
          type: kind,
          process: fromProcessRow(row),
          statusTokenHash: row.status_token_hash,
          input: parseInput(row.input),
          owner: row.lease_owner,
        }));
      case 'user':
        return pages.user.all(from, limit).map((row) => ({ type: kind, user: toUser(row) }));
      case 'secret':
        return pages.secret.all(from, limit).map((row) => ({
          type: kind,
          secret: { name: row.name, value: row.value, updatedAt: row.updated_at },
        }));
      case 'apiToken':
        return pages.apiToken.all(from, limit).map((row) => ({ type: kind, token: toApiToken(row) }));
      case 'apiKey':
        return pages.apiKey.all(from, limit).map((row) => ({ type: kind, apiKey: toApiKey(row) }));
      case 'auditEntry':
        return pages.auditEntry.all(from, limit).map((row) => ({ type: kind, entry: toAuditEntry(row) }));
    }
  }

  function keyOf(record: TransferRecord): string {
    switch (record.type) {
      case 'endpoint':
        return record.endpoint.id;
      case 'scenarioVersion':
        return JSON.stringify([record.version.endpointId, record.version.version]);
      case 'scenarioDraft':
        return record.draft.endpointId;
      case 'process':
        return record.process.id;
      case 'user':
        return record.user.id;
      case 'secret':
        return record.secret.name;
      case 'apiToken':
        return record.token.id;
      case 'apiKey':
        return record.apiKey.id;
      case 'auditEntry':
        return record.entry.id;
    }
  }

  function importOne(record: TransferRecord): void {
    switch (record.type) {
      case 'endpoint': {
        const { endpoint } = record;
        try {
          upserts.endpoint.run({
            id: endpoint.id,
            slug: endpoint.slug,
            scenario_version: endpoint.scenarioVersion,
            language: endpoint.language,
            created_at: endpoint.createdAt,
            updated_at: endpoint.updatedAt,
            settings: JSON.stringify(endpointSettings(endpoint)),
          });
        } catch (err) {
          if (isUniqueViolation(err)) throw slugTaken(endpoint.slug);
          throw err;
        }
        return;
      }
      case 'scenarioVersion': {
        const { version: v } = record;
        upserts.scenarioVersion.run({
          endpoint_id: v.endpointId,
          version: v.version,
          language: v.language,
          created_at: v.createdAt,
          created_by: v.createdBy ?? null,
          restored_from: v.restoredFrom ?? null,
          code: v.code,
          compiled: v.compiled,
          // Backups written before notes existed have none.
          note: v.note ?? null,
        });
        return;
      }
      case 'scenarioDraft':
        upserts.scenarioDraft.run(toDraftRow(record.draft));
        return;
      case 'process': {
        const { process } = record;
        const row = toProcessRow({
          ...process,
          statusTokenHash: record.statusTokenHash,
          input: record.input,
          owner: record.owner,
        });
        // The instance that held an async run is gone: an expired lease lets the next claim retry it.
        // A pending callback arrives unleased (leases are not exported) and is delivered by the target.
        const expired = process.status === 'running' && process.mode === 'async' ? 0 : null;
        upserts.process.run({ ...row, lease_expires_at: expired });
        return;
      }
      case 'user':
        writeUser(upserts.user, record.user);
        return;
      case 'secret':
        upserts.secret.run(record.secret.name, record.secret.value, record.secret.updatedAt);
        return;
      case 'apiToken':
        try {
          upserts.apiToken.run(toApiTokenRow(record.token));
        } catch (err) {
          if (isUniqueViolation(err)) throw tokenHashTaken();
          throw err;
        }
        return;
      case 'apiKey':
        try {
          upserts.apiKey.run(toApiKeyRow(record.apiKey));
        } catch (err) {
          if (isUniqueViolation(err)) throw apiKeyTaken();
          throw err;
        }
        return;
      case 'auditEntry':
        upserts.auditEntry.run(toAuditRow(record.entry));
        return;
    }
  }

  const importTx = db.transaction((records: TransferRecord[]) => {
    for (const record of records) importOne(record);
  });

  return {
    exportRecords(kind: TransferKind, after: string | null, limit: number) {
      const size = Math.max(1, Math.min(Math.floor(limit) || 1, 10_000));
      const records = exportPage(kind, after, size);
      const last = records[records.length - 1];
      return { records, next: records.length === size && last ? keyOf(last) : null };
    },
    importRecords: (records: TransferRecord[]) => importTx.immediate(records),
  };
}

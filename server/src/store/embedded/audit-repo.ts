import type { AuditEntry } from '../../contract/index.js';
import { AppError } from '../../core/app-error.js';
import { auditEntryFrom, auditEntryOf, normalizeAuditQuery, toAuditPage } from '../audit-query.js';
import type { AuditQuery } from '../types.js';
import { isUniqueViolation } from './database.js';
import type { SqlDatabase, SqlStatement } from './sql.js';

/**
 * The audit log: one row per change made through the admin API. Entries are kept (no
 * retention): they are small and rare, and an audit trail that forgets is no audit trail.
 */

export interface AuditRow {
  id: string;
  at: string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  entity_name: string | null;
  ip: string;
  details: string | null;
}

/** Restores a backed-up entry by id: importing twice changes nothing. */
export const UPSERT_AUDIT = `INSERT INTO audit_log (id, at, actor_id, actor_email, action, entity_type, entity_id,
    entity_name, ip, details)
  VALUES (@id, @at, @actor_id, @actor_email, @action, @entity_type, @entity_id, @entity_name, @ip, @details)
  ON CONFLICT (id) DO UPDATE SET at = excluded.at, actor_id = excluded.actor_id, actor_email = excluded.actor_email,
    action = excluded.action, entity_type = excluded.entity_type, entity_id = excluded.entity_id,
    entity_name = excluded.entity_name, ip = excluded.ip, details = excluded.details`;

const NEWEST_FIRST = 'ORDER BY at DESC, id DESC';

export function createAuditRepo(db: SqlDatabase) {
  const insert = db.prepare(
    `INSERT INTO audit_log (id, at, actor_id, actor_email, action, entity_type, entity_id, entity_name, ip, details)
     VALUES (@id, @at, @actor_id, @actor_email, @action, @entity_type, @entity_id, @entity_name, @ip, @details)`,
  );
  // A handful of filter combinations: each prepared once.
  const lists = new Map<string, SqlStatement<Record<string, unknown>, AuditRow>>();

  function listAudit(query: AuditQuery) {
    const q = normalizeAuditQuery(query);
    const conditions: string[] = [];
    if (q.actor !== null) conditions.push('actor_id = @actor');
    if (q.entityType !== null) conditions.push('entity_type = @entityType');
    if (q.entityId !== null) conditions.push('entity_id = @entityId');
    if (q.from !== null) conditions.push('at >= @from');
    if (q.to !== null) conditions.push('at < @to');
    if (q.after !== null) conditions.push('(at, id) < (@afterAt, @afterId)');
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const sql = `SELECT * FROM audit_log ${where} ${NEWEST_FIRST} LIMIT @limit`;
    let statement = lists.get(sql);
    if (!statement) {
      statement = db.prepare<Record<string, unknown>, AuditRow>(sql);
      lists.set(sql, statement);
    }
    const params: Record<string, unknown> = { limit: q.limit + 1 };
    if (q.actor !== null) params.actor = q.actor;
    if (q.entityType !== null) params.entityType = q.entityType;
    if (q.entityId !== null) params.entityId = q.entityId;
    if (q.from !== null) params.from = q.from;
    if (q.to !== null) params.to = q.to;
    if (q.after !== null) Object.assign(params, { afterAt: q.after.at, afterId: q.after.id });
    return toAuditPage(statement.all(params).map(toAuditEntry), q.limit);
  }

  return {
    appendAudit(entry: AuditEntry): void {
      try {
        insert.run(toAuditRow(entry));
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('conflict', 'An audit entry with this id already exists');
        throw err;
      }
    },
    listAudit,
  };
}

export function toAuditRow(entry: AuditEntry): AuditRow {
  const clean = auditEntryOf(entry);
  return {
    id: clean.id,
    at: clean.at,
    actor_id: clean.actor?.id ?? null,
    actor_email: clean.actor?.email ?? null,
    action: clean.action,
    entity_type: clean.entity.type,
    entity_id: clean.entity.id,
    entity_name: clean.entity.name ?? null,
    ip: clean.ip,
    details: clean.details === undefined ? null : JSON.stringify(clean.details),
  };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return auditEntryFrom({
    id: row.id,
    at: row.at,
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    entityName: row.entity_name,
    ip: row.ip,
    detailsJson: row.details,
  });
}

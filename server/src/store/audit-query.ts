import { AUDIT_ENTITIES, type AuditEntity, type AuditEntry } from '../contract/index.js';
import { AppError } from '../core/app-error.js';
import { clampLimit } from './process-query.js';
import type { AuditQuery } from './types.js';

/**
 * Audit log rules shared by both adapters. Entries are listed newest first by (`at`, `id`), so
 * an entry restored from a backup sits where its time puts it; the cursor carries both. As with
 * the process list, every filter value is checked here before it reaches a query.
 */
export interface NormalizedAuditQuery {
  actor: string | null;
  entityType: AuditEntity | null;
  entityId: string | null;
  from: string | null;
  to: string | null;
  limit: number;
  /** The last entry of the previous page: the next page starts below it. */
  after: AuditPosition | null;
}

export interface AuditPosition {
  at: string;
  id: string;
}

const MAX_VALUE_LENGTH = 200;
const MAX_CURSOR_LENGTH = 400;
const ID_PATTERN = /^[0-9A-Za-z_-]{1,100}$/;

export function normalizeAuditQuery(query: AuditQuery): NormalizedAuditQuery {
  const entity = normalizeEntity(query.entity);
  return {
    actor: optionalString(query.actor, 'actor'),
    entityType: entity?.type ?? null,
    entityId: entity?.id ?? null,
    from: optionalTime(query.from, 'from'),
    to: optionalTime(query.to, 'to'),
    limit: clampLimit(query.limit),
    after: query.cursor == null || query.cursor === '' ? null : decodeAuditCursor(query.cursor),
  };
}

/** Builds `{ items, nextCursor }` from `limit + 1` entries fetched newest first. */
export function toAuditPage(entries: AuditEntry[], limit: number): { items: AuditEntry[]; nextCursor: string | null } {
  const items = entries.length > limit ? entries.slice(0, limit) : entries;
  const last = items[items.length - 1];
  return { items, nextCursor: entries.length > limit && last ? encodeAuditCursor(last) : null };
}

export function encodeAuditCursor(position: AuditPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id]), 'utf8').toString('base64url');
}

function decodeAuditCursor(cursor: unknown): AuditPosition {
  const refused = () => invalid('cursor', 'is not a cursor from a previous page');
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw refused();
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  if (!Array.isArray(value) || value.length !== 2) throw refused();
  const [at, id] = value as unknown[];
  if (typeof at !== 'string' || isoOrNull(at) !== at || typeof id !== 'string' || !ID_PATTERN.test(id)) {
    throw refused();
  }
  return { at, id };
}

/**
 * The entry exactly as the port defines it, with `at` in the one ISO form the list sorts and
 * filters on. Only the known fields are kept: whatever else a caller's object carries (a
 * request body, a secret) is not written.
 */
export function auditEntryOf(entry: AuditEntry): AuditEntry {
  const at = isoOrNull(entry.at);
  if (at === null) throw invalid('at', 'must be an ISO-8601 time');
  if (!AUDIT_ENTITIES.includes(entry.entity.type))
    throw invalid('entity', `must be one of ${AUDIT_ENTITIES.join(', ')}`);
  const clean: AuditEntry = {
    id: String(entry.id),
    at,
    actor: entry.actor === null ? null : { id: String(entry.actor.id), email: String(entry.actor.email) },
    action: String(entry.action),
    entity: { type: entry.entity.type, id: String(entry.entity.id) },
    ip: String(entry.ip),
  };
  if (entry.entity.name !== undefined) clean.entity.name = String(entry.entity.name);
  if (entry.details !== undefined) clean.details = JSON.parse(JSON.stringify(entry.details)) as Record<string, unknown>;
  return clean;
}

/** Rebuilds an entry from its stored columns or fields (the same shape in both adapters). */
export function auditEntryFrom(stored: {
  id: string;
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  entityName: string | null;
  ip: string;
  detailsJson: string | null;
}): AuditEntry {
  const entry: AuditEntry = {
    id: stored.id,
    at: stored.at,
    actor: stored.actorId === null ? null : { id: stored.actorId, email: stored.actorEmail ?? '' },
    action: stored.action,
    entity: { type: stored.entityType as AuditEntity, id: stored.entityId },
    ip: stored.ip,
  };
  if (stored.entityName !== null) entry.entity.name = stored.entityName;
  if (stored.detailsJson !== null) entry.details = JSON.parse(stored.detailsJson) as Record<string, unknown>;
  return entry;
}

/** `endpoint` or `endpoint:<id>` (the id may itself hold `:`). */
function normalizeEntity(value: unknown): { type: AuditEntity; id: string | null } | null {
  const text = optionalString(value, 'entity');
  if (text === null) return null;
  const colon = text.indexOf(':');
  const typeText = colon === -1 ? text : text.slice(0, colon);
  const type = AUDIT_ENTITIES.find((known) => known === typeText);
  if (!type) throw invalid('entity', `must be one of ${AUDIT_ENTITIES.join(', ')}, optionally followed by :<id>`);
  if (colon === -1) return { type, id: null };
  const id = text.slice(colon + 1);
  if (id === '') throw invalid('entity', 'names no id after the colon');
  return { type, id };
}

function optionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  if (value.length > MAX_VALUE_LENGTH) throw invalid(field, `must be at most ${MAX_VALUE_LENGTH} characters`);
  return value;
}

function optionalTime(value: unknown, field: string): string | null {
  const text = optionalString(value, field);
  if (text === null) return null;
  const iso = isoOrNull(text);
  if (iso === null) throw invalid(field, 'must be an ISO-8601 time');
  return iso;
}

function isoOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time.toISOString();
}

function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field} ${message}`, { details: { fields: { [field]: message } } });
}

import mongoose from 'mongoose';
import type { AuditEntry } from '../../contract/index.js';
import { AppError } from '../../core/app-error.js';
import { auditEntryFrom, auditEntryOf, normalizeAuditQuery, toAuditPage } from '../audit-query.js';
import type { AuditQuery } from '../types.js';
import { isDuplicateKey } from './connection.js';
import type { AuditDoc, Models } from './models.js';

/**
 * The audit log: one document per change made through the admin API. No TTL index: entries are
 * kept (small and rare, and an audit trail must outlive the history it explains).
 */

export function toAuditDoc(entry: AuditEntry): AuditDoc {
  const clean = auditEntryOf(entry);
  return {
    _id: clean.id,
    at: clean.at,
    actorId: clean.actor?.id ?? null,
    actorEmail: clean.actor?.email ?? null,
    action: clean.action,
    entityType: clean.entity.type,
    entityId: clean.entity.id,
    entityName: clean.entity.name ?? null,
    ip: clean.ip,
    detailsJson: clean.details === undefined ? null : JSON.stringify(clean.details),
  };
}

export function toAuditEntry(doc: AuditDoc): AuditEntry {
  return auditEntryFrom({
    id: doc._id,
    at: doc.at,
    actorId: doc.actorId ?? null,
    actorEmail: doc.actorEmail ?? null,
    action: doc.action,
    entityType: doc.entityType,
    entityId: doc.entityId,
    entityName: doc.entityName ?? null,
    ip: doc.ip,
    detailsJson: doc.detailsJson ?? null,
  });
}

/**
 * The list filter from validated values only (audit-query.ts): plain strings for equality, and
 * our own operators marked `trusted` (the connection sanitises every other `$` object).
 */
function buildAuditFilter(query: AuditQuery): { filter: mongoose.FilterQuery<AuditDoc>; limit: number } {
  const q = normalizeAuditQuery(query);
  const filter: mongoose.FilterQuery<AuditDoc> = {};
  if (q.actor !== null) filter.actorId = String(q.actor);
  if (q.entityType !== null) filter.entityType = String(q.entityType);
  if (q.entityId !== null) filter.entityId = String(q.entityId);
  if (q.from !== null || q.to !== null) {
    const range: Record<string, string> = {};
    if (q.from !== null) range.$gte = String(q.from);
    if (q.to !== null) range.$lt = String(q.to);
    filter.at = mongoose.trusted(range);
  }
  if (q.after !== null) {
    // Below the last entry of the previous page in (at, _id) order.
    filter.$or = [
      { at: mongoose.trusted({ $lt: String(q.after.at) }) },
      { at: String(q.after.at), _id: mongoose.trusted({ $lt: String(q.after.id) }) },
    ];
  }
  return { filter, limit: q.limit };
}

export function createAuditRepo(models: Models) {
  const { Audit } = models;

  return {
    async appendAudit(entry: AuditEntry): Promise<void> {
      try {
        await Audit.insertMany([toAuditDoc(entry)], { lean: true });
      } catch (err) {
        if (isDuplicateKey(err)) throw new AppError('conflict', 'An audit entry with this id already exists');
        throw err;
      }
    },
    async listAudit(query: AuditQuery) {
      const { filter, limit } = buildAuditFilter(query);
      const docs = await Audit.find(filter)
        .sort({ at: -1, _id: -1 })
        .limit(limit + 1)
        .lean<AuditDoc[]>();
      return toAuditPage(docs.map(toAuditEntry), limit);
    },
  };
}

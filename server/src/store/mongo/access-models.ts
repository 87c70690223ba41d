import { Schema } from 'mongoose';
import type { ApiKeyDoc, AuditDoc, RateCounterDoc } from './documents.js';

const nullableString = { type: String, default: null };
const options = { versionKey: false, minimize: false } as const;

/** Endpoint API keys, rate-limit counters and the audit log (issue 10). */
export function accessSchemas() {
  const apiKey = new Schema<ApiKeyDoc>(
    {
      _id: String,
      name: String,
      lookup: { type: String, required: true },
      keyHash: { type: String, required: true },
      endpointIds: [String],
      createdAt: String,
      createdBy: nullableString,
      expiresAt: nullableString,
      lastUsedAt: nullableString,
      revokedAt: nullableString,
      rotatedFrom: nullableString,
    },
    options,
  );
  // Every call of an `apiKey` endpoint finds its key by the look-up part.
  apiKey.index({ lookup: 1 }, { unique: true });
  apiKey.index({ createdAt: 1, _id: 1 });
  const rateCounter = new Schema<RateCounterDoc>(
    { _id: String, count: { type: Number, required: true }, expiresAt: { type: Date, required: true } },
    options,
  );
  // Counters only matter within their window: MongoDB removes them after it.
  rateCounter.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  const audit = new Schema<AuditDoc>(
    {
      _id: String,
      at: { type: String, required: true },
      actorId: nullableString,
      actorEmail: nullableString,
      action: String,
      entityType: { type: String, required: true },
      entityId: String,
      entityName: nullableString,
      ip: String,
      detailsJson: nullableString,
    },
    options,
  );
  // Newest first, alone or within one actor, entity type or entity. No TTL: audit entries are kept.
  audit.index({ at: -1, _id: -1 });
  audit.index({ actorId: 1, at: -1, _id: -1 });
  audit.index({ entityType: 1, at: -1, _id: -1 });
  audit.index({ entityType: 1, entityId: 1, at: -1, _id: -1 });
  return { apiKey, rateCounter, audit };
}

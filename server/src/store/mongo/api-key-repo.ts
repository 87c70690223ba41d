import type { ApiKeyPatch, ApiKeyRecord } from '../account-types.js';
import { apiKeyTaken } from '../store-errors.js';
import { isDuplicateKey } from './connection.js';
import type { ApiKeyDoc, Models } from './models.js';

/** Endpoint API keys (`sgk_…`): one document per key, found by its look-up part (unique index). */

export function toApiKeyDoc(key: ApiKeyRecord): ApiKeyDoc {
  return {
    _id: String(key.id),
    name: String(key.name),
    lookup: String(key.lookup),
    keyHash: String(key.keyHash),
    endpointIds: key.endpointIds.map(String),
    createdAt: String(key.createdAt),
    createdBy: key.createdBy == null ? null : String(key.createdBy),
    expiresAt: key.expiresAt == null ? null : String(key.expiresAt),
    lastUsedAt: key.lastUsedAt == null ? null : String(key.lastUsedAt),
    revokedAt: key.revokedAt == null ? null : String(key.revokedAt),
    rotatedFrom: key.rotatedFrom == null ? null : String(key.rotatedFrom),
  };
}

export function toApiKey(doc: ApiKeyDoc): ApiKeyRecord {
  return {
    id: doc._id,
    name: doc.name,
    lookup: doc.lookup,
    keyHash: doc.keyHash,
    endpointIds: [...doc.endpointIds],
    createdAt: doc.createdAt,
    createdBy: doc.createdBy ?? null,
    expiresAt: doc.expiresAt ?? null,
    lastUsedAt: doc.lastUsedAt ?? null,
    revokedAt: doc.revokedAt ?? null,
    rotatedFrom: doc.rotatedFrom ?? null,
  };
}

/** The `$set` of a patch: only the fields it names, each cast to what the document holds. */
function patchToSet(patch: ApiKeyPatch): Partial<ApiKeyDoc> {
  const set: Partial<ApiKeyDoc> = {};
  if (patch.name !== undefined) set.name = String(patch.name);
  if (patch.endpointIds !== undefined) set.endpointIds = patch.endpointIds.map(String);
  if (patch.expiresAt !== undefined) set.expiresAt = patch.expiresAt === null ? null : String(patch.expiresAt);
  if (patch.revokedAt !== undefined) set.revokedAt = patch.revokedAt === null ? null : String(patch.revokedAt);
  return set;
}

export function createApiKeyRepo(models: Models) {
  const { ApiKey } = models;

  return {
    async createApiKey(key: ApiKeyRecord): Promise<ApiKeyRecord> {
      const doc = toApiKeyDoc(key);
      try {
        await ApiKey.insertMany([doc], { lean: true });
      } catch (err) {
        if (isDuplicateKey(err)) throw apiKeyTaken();
        throw err;
      }
      return toApiKey(doc);
    },
    async getApiKey(id: string): Promise<ApiKeyRecord | null> {
      const doc = await ApiKey.findOne({ _id: String(id) }).lean<ApiKeyDoc>();
      return doc ? toApiKey(doc) : null;
    },
    async getApiKeyByLookup(lookup: string): Promise<ApiKeyRecord | null> {
      const doc = await ApiKey.findOne({ lookup: String(lookup) }).lean<ApiKeyDoc>();
      return doc ? toApiKey(doc) : null;
    },
    async listApiKeys(): Promise<ApiKeyRecord[]> {
      return (await ApiKey.find({}).sort({ createdAt: 1, _id: 1 }).lean<ApiKeyDoc[]>()).map(toApiKey);
    },
    async updateApiKey(id: string, patch: ApiKeyPatch): Promise<ApiKeyRecord | null> {
      const set = patchToSet(patch);
      const doc =
        Object.keys(set).length === 0
          ? await ApiKey.findOne({ _id: String(id) }).lean<ApiKeyDoc>()
          : await ApiKey.findOneAndUpdate(
              { _id: String(id) },
              { $set: set },
              { returnDocument: 'after' },
            ).lean<ApiKeyDoc>();
      return doc ? toApiKey(doc) : null;
    },
    async touchApiKey(id: string, at: string): Promise<void> {
      await ApiKey.updateOne({ _id: String(id) }, { $set: { lastUsedAt: String(at) } });
    },
  };
}

import type { ApiTokenRecord } from '../account-types.js';
import { tokenHashTaken } from '../store-errors.js';
import { isDuplicateKey } from './connection.js';
import type { ApiTokenDoc, Models } from './models.js';

/** Admin API tokens: one document per token, found by the hash of its secret (unique index). */

export function toApiTokenDoc(token: ApiTokenRecord): ApiTokenDoc {
  return {
    _id: String(token.id),
    name: String(token.name),
    userId: String(token.userId),
    tokenHash: String(token.tokenHash),
    prefix: String(token.prefix),
    createdAt: token.createdAt,
    expiresAt: token.expiresAt ?? null,
    lastUsedAt: token.lastUsedAt ?? null,
    revokedAt: token.revokedAt ?? null,
  };
}

export function toApiToken(doc: ApiTokenDoc): ApiTokenRecord {
  return {
    id: doc._id,
    name: doc.name,
    userId: doc.userId,
    tokenHash: doc.tokenHash,
    prefix: doc.prefix,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt ?? null,
    lastUsedAt: doc.lastUsedAt ?? null,
    revokedAt: doc.revokedAt ?? null,
  };
}

export function createTokenRepo(models: Models) {
  const { ApiToken } = models;

  return {
    async createApiToken(token: ApiTokenRecord): Promise<ApiTokenRecord> {
      const doc = toApiTokenDoc(token);
      try {
        await ApiToken.insertMany([doc], { lean: true });
      } catch (err) {
        if (isDuplicateKey(err)) throw tokenHashTaken();
        throw err;
      }
      return toApiToken(doc);
    },
    async getApiToken(id: string): Promise<ApiTokenRecord | null> {
      const doc = await ApiToken.findOne({ _id: String(id) }).lean<ApiTokenDoc>();
      return doc ? toApiToken(doc) : null;
    },
    async getApiTokenByHash(tokenHash: string): Promise<ApiTokenRecord | null> {
      const doc = await ApiToken.findOne({ tokenHash: String(tokenHash) }).lean<ApiTokenDoc>();
      return doc ? toApiToken(doc) : null;
    },
    async listApiTokens(userId?: string): Promise<ApiTokenRecord[]> {
      const filter = userId === undefined ? {} : { userId: String(userId) };
      return (await ApiToken.find(filter).sort({ _id: 1 }).lean<ApiTokenDoc[]>()).map(toApiToken);
    },
    async touchApiToken(id: string, at: string): Promise<void> {
      await ApiToken.updateOne({ _id: String(id) }, { $set: { lastUsedAt: String(at) } });
    },
    async revokeApiToken(id: string, at: string = new Date().toISOString()): Promise<boolean> {
      const result = await ApiToken.updateOne(
        { _id: String(id), revokedAt: null },
        { $set: { revokedAt: String(at) } },
      );
      return result.modifiedCount > 0;
    },
  };
}

import mongoose from 'mongoose';
import { AppError } from '../../core/app-error.js';
import { emailTaken } from '../store-errors.js';
import type { IdempotencyRecord, SecretRecord, SessionRecord, UserPatch, UserRecord } from '../types.js';
import { isDuplicateKey } from './connection.js';
import type { IdempotencyDoc, Models, SessionDoc, UserDoc } from './models.js';

/** Users, sessions, secrets and idempotency keys: the small collections. */

export function toUserDoc(user: UserRecord): UserDoc {
  return {
    _id: String(user.id),
    email: String(user.email),
    emailLower: String(user.email).toLowerCase(),
    name: user.name,
    role: user.role,
    disabled: user.disabled === true,
    passwordHash: user.passwordHash,
    createdAt: user.createdAt,
  };
}

export function toUser(doc: UserDoc): UserRecord {
  return {
    id: doc._id,
    email: doc.email,
    name: doc.name,
    role: doc.role,
    disabled: doc.disabled === true,
    passwordHash: doc.passwordHash,
    createdAt: doc.createdAt,
  };
}

/** One document per (endpoint, key): the pair itself is the id, so "first use wins" is a unique insert. */
export function idempotencyId(endpointId: string, key: string): string {
  return JSON.stringify([String(endpointId), String(key)]);
}

function toIdempotencyDoc(record: IdempotencyRecord): IdempotencyDoc {
  const expiresAt = new Date(record.expiresAt);
  return {
    _id: idempotencyId(record.endpointId, record.key),
    endpointId: String(record.endpointId),
    key: String(record.key),
    fingerprint: String(record.fingerprint),
    processId: String(record.processId),
    responseJson: record.response === null ? null : JSON.stringify(record.response),
    // One form of time, so that expiry compares as text.
    createdAt: new Date(record.createdAt).toISOString(),
    expiresAt: expiresAt.toISOString(),
    expireAt: expiresAt,
  };
}

function toIdempotency(doc: IdempotencyDoc): IdempotencyRecord {
  return {
    endpointId: doc.endpointId,
    key: doc.key,
    fingerprint: doc.fingerprint ?? '',
    processId: doc.processId,
    response: doc.responseJson ? (JSON.parse(doc.responseJson) as IdempotencyRecord['response']) : null,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
  };
}

function toSession(doc: SessionDoc): SessionRecord {
  return {
    id: doc._id,
    userId: doc.userId,
    csrfToken: doc.csrfToken,
    createdAt: doc.createdAt,
    expiresAt: doc.expiresAt,
  };
}

export function createAccountRepo(models: Models) {
  const { User, Session, Secret, Idempotency } = models;

  return {
    async createUser(user: UserRecord): Promise<UserRecord> {
      const doc = toUserDoc(user);
      try {
        await User.insertMany([doc], { lean: true });
      } catch (err) {
        if (isDuplicateKey(err, 'emailLower')) throw emailTaken();
        throw err;
      }
      return toUser(doc);
    },
    async getUser(id: string) {
      const doc = await User.findOne({ _id: String(id) }).lean<UserDoc>();
      return doc ? toUser(doc) : null;
    },
    async getUserByEmail(email: string) {
      const doc = await User.findOne({ emailLower: String(email).toLowerCase() }).lean<UserDoc>();
      return doc ? toUser(doc) : null;
    },
    async listUsers() {
      return (await User.find({}).sort({ createdAt: 1, _id: 1 }).lean<UserDoc[]>()).map(toUser);
    },
    async updateUser(id: string, patch: UserPatch): Promise<UserRecord | null> {
      const set: Partial<UserDoc> = {};
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.role !== undefined) set.role = patch.role;
      if (patch.disabled !== undefined) set.disabled = patch.disabled === true;
      if (patch.passwordHash !== undefined) set.passwordHash = patch.passwordHash;
      if (patch.email !== undefined) {
        set.email = String(patch.email);
        set.emailLower = String(patch.email).toLowerCase();
      }
      try {
        const doc = await User.findOneAndUpdate(
          { _id: String(id) },
          { $set: set },
          { returnDocument: 'after' },
        ).lean<UserDoc>();
        return doc ? toUser(doc) : null;
      } catch (err) {
        if (isDuplicateKey(err, 'emailLower')) throw emailTaken();
        throw err;
      }
    },
    countUsers: () => User.countDocuments({}).exec(),

    async createSession(session: SessionRecord): Promise<void> {
      const doc: SessionDoc = {
        _id: String(session.id),
        userId: String(session.userId),
        csrfToken: session.csrfToken,
        createdAt: session.createdAt,
        expiresAt: session.expiresAt,
        expireAt: new Date(session.expiresAt),
      };
      await Session.insertMany([doc], { lean: true });
    },
    async getSession(id: string) {
      const now = new Date().toISOString();
      // The TTL monitor runs about once a minute, so expiry is checked here too.
      const doc = await Session.findOne({
        _id: String(id),
        expiresAt: mongoose.trusted({ $gt: now }),
      }).lean<SessionDoc>();
      return doc ? toSession(doc) : null;
    },
    async deleteSession(id: string): Promise<void> {
      await Session.deleteOne({ _id: String(id) });
    },
    async deleteUserSessions(userId: string): Promise<void> {
      await Session.deleteMany({ userId: String(userId) });
    },

    async listSecrets(): Promise<SecretRecord[]> {
      const docs = await Secret.find({})
        .sort({ _id: 1 })
        .lean<Array<{ _id: string; value: string; updatedAt: string }>>();
      return docs.map((doc) => ({ name: doc._id, value: doc.value, updatedAt: doc.updatedAt }));
    },
    async putSecret(name: string, value: string): Promise<void> {
      await Secret.updateOne(
        { _id: String(name) },
        { $set: { value: String(value), updatedAt: new Date().toISOString() } },
        { upsert: true },
      );
    },
    async deleteSecret(name: string): Promise<boolean> {
      return (await Secret.deleteOne({ _id: String(name) })).deletedCount > 0;
    },

    /**
     * The insert is the claim: the key pair is the `_id`, so of concurrent inserts exactly one
     * succeeds. On a duplicate, an expired record (the TTL monitor runs only every minute) is
     * replaced by one compare-and-set on its expiry, and a live one is returned.
     */
    async putIdempotency(record: IdempotencyRecord) {
      const doc = toIdempotencyDoc(record);
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          await Idempotency.insertMany([doc], { lean: true });
          return { created: true, record: toIdempotency(doc) };
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        const { _id, ...fields } = doc;
        const now = new Date().toISOString();
        const replaced = await Idempotency.findOneAndUpdate(
          { _id, expiresAt: mongoose.trusted({ $lte: now }) },
          { $set: fields },
          { returnDocument: 'after' },
        ).lean<IdempotencyDoc>();
        if (replaced) return { created: true, record: toIdempotency(replaced) };
        const existing = await Idempotency.findOne({ _id }).lean<IdempotencyDoc>();
        if (existing) return { created: false, record: toIdempotency(existing) };
        // Removed by the TTL monitor between the two reads: try the insert again.
      }
      throw new AppError('conflict', 'The idempotency key is being used by another request');
    },
    async getIdempotency(endpointId: string, key: string): Promise<IdempotencyRecord | null> {
      const doc = await Idempotency.findOne({
        _id: idempotencyId(endpointId, key),
        expiresAt: mongoose.trusted({ $gt: new Date().toISOString() }),
      }).lean<IdempotencyDoc>();
      return doc ? toIdempotency(doc) : null;
    },
    async takeOverIdempotency(
      endpointId: string,
      key: string,
      expectedProcessId: string,
      record: IdempotencyRecord,
    ): Promise<boolean> {
      const { _id, ...fields } = toIdempotencyDoc({ ...record, endpointId, key });
      // `responseJson: null` also matches a missing field: an answered key is never taken over.
      const result = await Idempotency.updateOne(
        { _id, processId: String(expectedProcessId), responseJson: null },
        { $set: fields },
      );
      return result.matchedCount > 0;
    },
    async setIdempotencyResponse(
      endpointId: string,
      key: string,
      response: IdempotencyRecord['response'],
      processId?: string,
    ): Promise<boolean> {
      const result = await Idempotency.updateOne(
        { _id: idempotencyId(endpointId, key), ...(processId === undefined ? {} : { processId: String(processId) }) },
        { $set: { responseJson: response === null ? null : JSON.stringify(response) } },
      );
      return result.matchedCount > 0;
    },
  };
}

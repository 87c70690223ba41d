import { Schema, type Connection, type Model } from 'mongoose';
import { accessSchemas } from './access-models.js';
import type {
  ApiKeyDoc,
  ApiTokenDoc,
  AuditDoc,
  EndpointDoc,
  HealthDoc,
  IdempotencyDoc,
  InputChunkDoc,
  ProcessDoc,
  RateCounterDoc,
  ScenarioDraftDoc,
  ScenarioVersionDoc,
  SecretDoc,
  SessionDoc,
  UserDoc,
} from './documents.js';

export type * from './documents.js';

const nullableString = { type: String, default: null };

/**
 * Every due time is after this (see process-docs.ts): `callbackDueAt > DUE_AFTER` is the filter
 * of the partial index of pending callbacks. MongoDB uses a partial index only for a query that
 * contains its filter, so every query for pending callbacks carries the same condition.
 */
export const DUE_AFTER = new Date(0);
const options = { versionKey: false, minimize: false } as const;

/**
 * Every Idempotency-Key is a non-empty string, so `$gt: ''` holds exactly the processes that
 * have one (null is another BSON type and never compares greater than a string): the filter of
 * the partial index of keyed processes, repeated in every query by key so the planner uses it.
 */
export const KEYED = { $gt: '' } as const;

function processSchema(): Schema<ProcessDoc> {
  const schema = new Schema<ProcessDoc>(
    {
      _id: String,
      endpointId: { type: String, required: true },
      slug: String,
      scenarioVersion: Number,
      mode: String,
      status: { type: String, required: true },
      attempt: Number,
      queuedAt: String,
      startedAt: nullableString,
      finishedAt: nullableString,
      durationMs: { type: Number, default: null },
      ip: String,
      rerunOf: nullableString,
      logsTruncated: Boolean,
      principalJson: nullableString,
      errorJson: nullableString,
      requestJson: String,
      responseJson: nullableString,
      logs: [String],
      fetches: [String],
      mails: [String],
      callbackUrl: nullableString,
      callbackStatus: nullableString,
      callbackAttempts: [String],
      callbackNextAttemptAt: nullableString,
      callbackDueAt: { type: Date, default: null },
      callbackLeaseOwner: nullableString,
      callbackLeaseExpiresAt: { type: Date, default: null },
      searchBase: String,
      searchError: String,
      searchBody: { type: String, default: '' },
      searchLogs: { type: [String], default: [] },
      statusTokenHash: nullableString,
      leaseOwner: nullableString,
      leaseExpiresAt: { type: Date, default: null },
      expireAt: { type: Date, default: null },
      inputJson: nullableString,
      inputChunks: { type: Number, default: 0 },
      idempotencyKey: nullableString,
    },
    options,
  );
  // The admin list: newest first (ids are time-ordered), alone or within one filter.
  schema.index({ endpointId: 1, _id: -1 });
  schema.index({ status: 1, _id: -1 });
  schema.index({ mode: 1, _id: -1 });
  schema.index({ queuedAt: -1 });
  // Recovery and the claim sweep look for running runs by lease expiry; retention by finish time.
  schema.index({ status: 1, leaseExpiresAt: 1 });
  schema.index({ status: 1, finishedAt: 1 });
  // Due callback deliveries, oldest first: only pending ones carry a due time, so the index
  // holds those alone.
  schema.index({ callbackDueAt: 1, _id: 1 }, { partialFilterExpression: { callbackDueAt: { $gt: DUE_AFTER } } });
  // The processes called with one Idempotency-Key, newest first, alone or within one endpoint.
  // Partial: only processes that have a key are in it (see KEYED, which every such query carries).
  schema.index({ idempotencyKey: 1, endpointId: 1, _id: -1 }, { partialFilterExpression: { idempotencyKey: KEYED } });
  // PROCESS_RETENTION_DAYS: MongoDB deletes a finished process once `expireAt` has passed.
  schema.index({ expireAt: 1 }, { expireAfterSeconds: 0 });
  return schema;
}

function schemas() {
  const endpoint = new Schema<EndpointDoc>(
    {
      _id: String,
      slug: { type: String, required: true, unique: true },
      scenarioVersion: Number,
      versionCounter: Number,
      language: String,
      createdAt: String,
      updatedAt: String,
      settingsJson: String,
    },
    options,
  );
  const scenarioVersion = new Schema<ScenarioVersionDoc>(
    {
      _id: String,
      endpointId: { type: String, required: true },
      version: Number,
      language: String,
      createdAt: String,
      createdBy: nullableString,
      restoredFrom: { type: Number, default: null },
      code: String,
      compiled: String,
      note: nullableString,
    },
    options,
  );
  scenarioVersion.index({ endpointId: 1, version: -1 }, { unique: true });
  const scenarioDraft = new Schema<ScenarioDraftDoc>(
    {
      _id: String,
      language: String,
      code: String,
      savedBy: nullableString,
      savedAt: String,
      basedOnVersion: Number,
    },
    options,
  );
  const inputChunk = new Schema<InputChunkDoc>({ _id: String, processId: String, n: Number, data: String }, options);
  inputChunk.index({ processId: 1, n: 1 });
  const idempotency = new Schema<IdempotencyDoc>(
    {
      _id: String,
      endpointId: String,
      key: String,
      fingerprint: { type: String, default: '' },
      processId: String,
      responseJson: nullableString,
      createdAt: String,
      expiresAt: String,
      expireAt: Date,
    },
    options,
  );
  idempotency.index({ expireAt: 1 }, { expireAfterSeconds: 0 });
  const user = new Schema<UserDoc>(
    {
      _id: String,
      email: String,
      emailLower: { type: String, required: true, unique: true },
      name: String,
      role: String,
      disabled: Boolean,
      passwordHash: String,
      createdAt: String,
    },
    options,
  );
  const session = new Schema<SessionDoc>(
    {
      _id: String,
      userId: { type: String, index: true },
      csrfToken: String,
      createdAt: String,
      expiresAt: String,
      expireAt: Date,
    },
    options,
  );
  session.index({ expireAt: 1 }, { expireAfterSeconds: 0 });
  const health = new Schema<HealthDoc>({ _id: String, checkedAt: Date }, options);
  const secret = new Schema<SecretDoc>({ _id: String, value: String, updatedAt: String }, options);
  const apiToken = new Schema<ApiTokenDoc>(
    {
      _id: String,
      name: String,
      userId: { type: String, required: true },
      tokenHash: { type: String, required: true },
      prefix: String,
      createdAt: String,
      expiresAt: nullableString,
      lastUsedAt: nullableString,
      revokedAt: nullableString,
    },
    options,
  );
  // Every Bearer call looks its token up by hash; a user's own list is by owner, oldest first.
  apiToken.index({ tokenHash: 1 }, { unique: true });
  apiToken.index({ userId: 1, _id: 1 });
  return {
    endpoint,
    scenarioVersion,
    scenarioDraft,
    process: processSchema(),
    inputChunk,
    idempotency,
    health,
    user,
    session,
    secret,
    apiToken,
    ...accessSchemas(),
  };
}

export interface Models {
  Endpoint: Model<EndpointDoc>;
  ScenarioVersion: Model<ScenarioVersionDoc>;
  ScenarioDraft: Model<ScenarioDraftDoc>;
  Process: Model<ProcessDoc>;
  InputChunk: Model<InputChunkDoc>;
  Idempotency: Model<IdempotencyDoc>;
  Health: Model<HealthDoc>;
  User: Model<UserDoc>;
  Session: Model<SessionDoc>;
  Secret: Model<SecretDoc>;
  ApiToken: Model<ApiTokenDoc>;
  ApiKey: Model<ApiKeyDoc>;
  RateCounter: Model<RateCounterDoc>;
  Audit: Model<AuditDoc>;
}

/** Models bound to one connection, with explicit collection names (no pluralising surprises). */
export function createModels(connection: Connection): Models {
  const s = schemas();
  return {
    Endpoint: connection.model<EndpointDoc>('Endpoint', s.endpoint, 'endpoints'),
    ScenarioVersion: connection.model<ScenarioVersionDoc>('ScenarioVersion', s.scenarioVersion, 'scenarioversions'),
    ScenarioDraft: connection.model<ScenarioDraftDoc>('ScenarioDraft', s.scenarioDraft, 'scenariodrafts'),
    Process: connection.model<ProcessDoc>('Process', s.process, 'processes'),
    InputChunk: connection.model<InputChunkDoc>('InputChunk', s.inputChunk, 'processinputs'),
    Idempotency: connection.model<IdempotencyDoc>('Idempotency', s.idempotency, 'idempotency'),
    Health: connection.model<HealthDoc>('Health', s.health, 'health'),
    User: connection.model<UserDoc>('User', s.user, 'users'),
    Session: connection.model<SessionDoc>('Session', s.session, 'sessions'),
    Secret: connection.model<SecretDoc>('Secret', s.secret, 'secrets'),
    ApiToken: connection.model<ApiTokenDoc>('ApiToken', s.apiToken, 'apitokens'),
    ApiKey: connection.model<ApiKeyDoc>('ApiKey', s.apiKey, 'apikeys'),
    RateCounter: connection.model<RateCounterDoc>('RateCounter', s.rateCounter, 'ratecounters'),
    Audit: connection.model<AuditDoc>('Audit', s.audit, 'auditlog'),
  };
}

/** Creates the collections and indexes the models declare (autoIndex is off: this is the one place). */
export async function ensureIndexes(models: Models): Promise<void> {
  for (const model of Object.values(models) as Array<Model<unknown>>) {
    await model.createCollection().catch((err: unknown) => {
      // 48 NamespaceExists: another instance (or an earlier start) created it first.
      if ((err as { code?: unknown }).code !== 48) throw err;
    });
    await model.createIndexes();
  }
}

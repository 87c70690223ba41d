import type { ApiKeyRecord, ApiTokenRecord } from '../account-types.js';
import type { ProcessCallback, ProcessMode, ProcessStatus, Role, ScenarioLanguage } from '../../contract/index.js';

/**
 * Documents as stored. Anything shaped by a user (request, response, endpoint settings, run
 * input, log text) is kept as a JSON string: keys with `$` or `.` and any nesting depth then
 * round-trip exactly, and nothing user-made is ever interpreted as an operator or a path.
 * Times are ISO strings (they sort as text); the Date fields exist only for TTL indexes.
 */
export interface EndpointDoc {
  _id: string;
  slug: string;
  scenarioVersion: number;
  /** Highest version number handed out; `$inc` on it numbers parallel saves atomically. */
  versionCounter: number;
  language: ScenarioLanguage;
  createdAt: string;
  updatedAt: string;
  settingsJson: string;
}

export interface ScenarioVersionDoc {
  /** `<endpointId>:<version>`, so an import can upsert by id. */
  _id: string;
  endpointId: string;
  version: number;
  language: ScenarioLanguage;
  createdAt: string;
  createdBy: string | null;
  restoredFrom: number | null;
  code: string;
  compiled: string;
  /** Absent on versions written before notes existed. */
  note?: string | null;
}

export interface ScenarioDraftDoc {
  /** The endpoint's id: one draft per endpoint. */
  _id: string;
  language: ScenarioLanguage;
  code: string;
  savedBy: string | null;
  savedAt: string;
  basedOnVersion: number;
}

export interface ProcessDoc {
  _id: string;
  endpointId: string;
  slug: string;
  scenarioVersion: number;
  mode: ProcessMode;
  status: ProcessStatus;
  attempt: number;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  ip: string;
  rerunOf: string | null;
  logsTruncated: boolean;
  principalJson: string | null;
  errorJson: string | null;
  requestJson: string;
  responseJson: string | null;
  /** One JSON string per line, so recovery can `$push` a line atomically. */
  logs: string[];
  /** The requests and messages the run sent, one JSON string each. */
  fetches: string[];
  mails: string[];
  /**
   * The callback, flattened so that an attempt is one `$push` and a due delivery is found on an
   * index. No `callbackStatus`: the process has no callback (documents written before callbacks
   * were delivered have none of these fields, and an empty `callbackAttempts`).
   */
  callbackUrl: string | null;
  callbackStatus: ProcessCallback['status'] | null;
  /** One JSON string per attempt. */
  callbackAttempts: string[];
  callbackNextAttemptAt: string | null;
  /** Only while pending: when the next attempt is due (what the claim's partial index holds). */
  callbackDueAt: Date | null;
  callbackLeaseOwner: string | null;
  callbackLeaseExpiresAt: Date | null;
  /** Lower-cased `<slug> <url> <id>` and error message: what the `q` filter searches. */
  searchBase: string;
  searchError: string;
  /** Words of the request body and of each log line (search-text.ts); absent on older documents. */
  searchBody?: string;
  searchLogs?: string[];
  statusTokenHash: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: Date | null;
  /** Set only when the process finishes: the TTL index removes it then. Queued/running never expire. */
  expireAt: Date | null;
  /** Run input up to INLINE_INPUT_BYTES; larger inputs live in `processinputs` chunks. */
  inputJson: string | null;
  inputChunks: number;
  /** The caller's Idempotency-Key; null (or, in documents written before keys were recorded, absent) without one. */
  idempotencyKey: string | null;
}

export interface InputChunkDoc {
  _id: string;
  processId: string;
  n: number;
  data: string;
}

export interface IdempotencyDoc {
  _id: string;
  endpointId: string;
  key: string;
  /** Absent in records written before fingerprints were kept: they match no request. */
  fingerprint: string;
  processId: string;
  responseJson: string | null;
  createdAt: string;
  expiresAt: string;
  expireAt: Date;
}

/** The one document the readiness probe rewrites (`Store.checkWritable`). */
export interface HealthDoc {
  _id: string;
  checkedAt: Date;
}

export interface UserDoc {
  _id: string;
  email: string;
  emailLower: string;
  name: string;
  role: Role;
  disabled: boolean;
  passwordHash: string;
  createdAt: string;
}

export interface SessionDoc {
  _id: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  expireAt: Date;
}

export interface SecretDoc {
  _id: string;
  value: string;
  updatedAt: string;
}

/** The record as stored: the id is the document's `_id`. */
export type ApiTokenDoc = Omit<ApiTokenRecord, 'id'> & { _id: string };

/** An endpoint API key: the id is `_id`; `lookup` has a unique index. */
export type ApiKeyDoc = Omit<ApiKeyRecord, 'id'> & { _id: string };

/** A rate-limit counter; the TTL index on `expiresAt` removes it once its window is over. */
export interface RateCounterDoc {
  /** The bucket name. */
  _id: string;
  count: number;
  expiresAt: Date;
}

/** An audit entry flattened for its indexes; `details` is JSON text like every user-shaped value. */
export interface AuditDoc {
  _id: string;
  /** ISO time in one form (`toISOString`), so it sorts and compares as text. */
  at: string;
  actorId: string | null;
  actorEmail: string | null;
  action: string;
  entityType: string;
  entityId: string;
  entityName: string | null;
  ip: string;
  detailsJson: string | null;
}

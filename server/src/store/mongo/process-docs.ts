import {
  FINISHED_STATUSES,
  type ProcessCallback,
  type ProcessRecord,
  type ProcessStatus,
} from '../../contract/index.js';
import { callbackDueAt } from '../callback-state.js';
import { searchBase, searchBody, searchError, searchLogLine } from '../search-text.js';
import type { NewProcess, ProcessPatch } from '../types.js';
import { DUE_AFTER, type ProcessDoc } from './models.js';

/** Pure mapping between process records and documents: testable without a server. */

/** Fields of a ProcessDoc the record is built from: never the run input, which can be large. */
export const RECORD_PROJECTION = { inputJson: 0, statusTokenHash: 0 } as const;

export function isFinished(status: ProcessStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}

/** When MongoDB's TTL index may remove a process that finished at `finishedAt`. */
export function expiryOf(finishedAt: string | null | undefined, now: Date, retentionMs: number): Date {
  const finished = finishedAt ? Date.parse(finishedAt) : Number.NaN;
  return new Date((Number.isNaN(finished) ? now.getTime() : finished) + retentionMs);
}

/** The document of a new process, without its run input (see input-store.ts). */
export function toProcessDoc(
  process: NewProcess,
  now: Date,
  retentionMs: number,
): Omit<ProcessDoc, 'inputJson' | 'inputChunks'> {
  return {
    _id: process.id,
    endpointId: process.endpointId,
    slug: process.slug,
    scenarioVersion: process.scenarioVersion,
    mode: process.mode,
    status: process.status,
    attempt: process.attempt,
    queuedAt: process.queuedAt,
    startedAt: process.startedAt ?? null,
    finishedAt: process.finishedAt ?? null,
    durationMs: process.durationMs ?? null,
    ip: process.ip,
    rerunOf: process.rerunOf ?? null,
    logsTruncated: process.logsTruncated === true,
    principalJson: jsonOrNull(process.principal),
    errorJson: jsonOrNull(process.error),
    requestJson: JSON.stringify(process.request),
    responseJson: jsonOrNull(process.response),
    logs: (process.logs ?? []).map((line) => JSON.stringify(line)),
    // Records from before outbound requests were recorded (old backups) have none.
    fetches: (process.fetches ?? []).map((item) => JSON.stringify(item)),
    mails: (process.mails ?? []).map((item) => JSON.stringify(item)),
    ...callbackFields(process.callback, now),
    searchBase: searchBase(process),
    searchError: searchError(process.error),
    searchBody: searchBody(process.request.body),
    searchLogs: (process.logs ?? []).map(searchLogLine),
    statusTokenHash: process.statusTokenHash ?? null,
    // A sync run created `running` records its owner (no expiry) so recovery can find it.
    leaseOwner: process.status === 'running' ? (process.owner ?? null) : null,
    leaseExpiresAt: null,
    expireAt: isFinished(process.status) ? expiryOf(process.finishedAt, now, retentionMs) : null,
    // Records from before idempotency keys were recorded (old backups) have none.
    idempotencyKey: process.idempotencyKey ?? null,
  };
}

/** Builds the record in the same key order as the port's type (exports and tests compare JSON). */
export function fromProcessDoc(doc: ProcessDoc): ProcessRecord {
  return {
    id: doc._id,
    endpointId: doc.endpointId,
    slug: doc.slug,
    scenarioVersion: doc.scenarioVersion,
    mode: doc.mode,
    status: doc.status,
    attempt: doc.attempt,
    request: JSON.parse(doc.requestJson) as ProcessRecord['request'],
    response: parseOrNull(doc.responseJson) as ProcessRecord['response'],
    logs: (doc.logs ?? []).map((line) => JSON.parse(line) as ProcessRecord['logs'][number]),
    logsTruncated: doc.logsTruncated === true,
    error: parseOrNull(doc.errorJson) as ProcessRecord['error'],
    queuedAt: doc.queuedAt,
    startedAt: doc.startedAt ?? null,
    finishedAt: doc.finishedAt ?? null,
    durationMs: doc.durationMs ?? null,
    ip: doc.ip,
    principal: parseOrNull(doc.principalJson) as ProcessRecord['principal'],
    fetches: (doc.fetches ?? []).map((item) => JSON.parse(item) as ProcessRecord['fetches'][number]),
    mails: (doc.mails ?? []).map((item) => JSON.parse(item) as ProcessRecord['mails'][number]),
    callback: callbackOf(doc),
    rerunOf: doc.rerunOf ?? null,
    idempotencyKey: doc.idempotencyKey ?? null,
  };
}

/**
 * The `$set` of a patch. Only fields present (and not undefined) are written, so a status
 * change never rewrites the stored request. The run input is handled by the caller.
 */
export function patchToSet(patch: ProcessPatch, now: Date, retentionMs: number): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const has = <K extends keyof ProcessPatch>(key: K) => Object.hasOwn(patch, key) && patch[key] !== undefined;
  if (has('status') && patch.status) {
    set.status = patch.status;
    // A lease only means something while running; leaving `running` releases it.
    if (patch.status !== 'running') {
      set.leaseOwner = null;
      set.leaseExpiresAt = null;
    }
    set.expireAt = isFinished(patch.status) ? expiryOf(patch.finishedAt, now, retentionMs) : null;
  }
  if (has('response')) set.responseJson = jsonOrNull(patch.response);
  if (has('logs')) {
    set.logs = (patch.logs ?? []).map((line) => JSON.stringify(line));
    set.searchLogs = (patch.logs ?? []).map(searchLogLine);
  }
  if (has('logsTruncated')) set.logsTruncated = patch.logsTruncated === true;
  if (has('error')) {
    set.errorJson = jsonOrNull(patch.error);
    set.searchError = searchError(patch.error);
  }
  if (has('startedAt')) set.startedAt = patch.startedAt ?? null;
  if (has('finishedAt')) set.finishedAt = patch.finishedAt ?? null;
  if (has('durationMs')) set.durationMs = patch.durationMs ?? null;
  if (has('attempt')) set.attempt = patch.attempt;
  if (has('scenarioVersion')) set.scenarioVersion = patch.scenarioVersion;
  if (has('fetches')) set.fetches = (patch.fetches ?? []).map((item) => JSON.stringify(item));
  if (has('mails')) set.mails = (patch.mails ?? []).map((item) => JSON.stringify(item));
  if (has('callback')) Object.assign(set, callbackFields(patch.callback, now));
  return set;
}

/**
 * The flattened callback fields of a document, lease freed: a new callback state is a new
 * delivery, and whoever held the old one's lease no longer does.
 */
export function callbackFields(callback: ProcessCallback | null | undefined, now: Date) {
  return {
    callbackUrl: callback?.url ?? null,
    callbackStatus: callback?.status ?? null,
    callbackAttempts: (callback?.attempts ?? []).map((attempt) => JSON.stringify(attempt)),
    callbackNextAttemptAt: callback?.nextAttemptAt ?? null,
    callbackDueAt: dueDate(callbackDueAt(callback, now.getTime())),
    callbackLeaseOwner: null,
    callbackLeaseExpiresAt: null,
  };
}

/** A due time as the partial index holds it: always after DUE_AFTER, so even a 1970 time is found. */
export function dueDate(due: number | null): Date | null {
  return due === null ? null : new Date(Math.max(due, DUE_AFTER.getTime() + 1));
}

function callbackOf(doc: ProcessDoc): ProcessCallback | null {
  if (!doc.callbackStatus) return null;
  return {
    url: doc.callbackUrl ?? '',
    status: doc.callbackStatus,
    attempts: (doc.callbackAttempts ?? []).map((a) => JSON.parse(a) as ProcessCallback['attempts'][number]),
    nextAttemptAt: doc.callbackNextAttemptAt ?? null,
  };
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function parseOrNull(text: string | null | undefined): unknown {
  return text === null || text === undefined ? null : JSON.parse(text);
}

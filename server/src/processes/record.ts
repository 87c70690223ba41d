import type { LogLine, RunError, RunOutcome, RunRequest } from '@scriptgate/runner';
import type {
  ProcessError,
  ProcessLogLine,
  ProcessRecord,
  ProcessRequest,
  ProcessResponse,
  ProcessSummary,
} from '../contract/index.js';
import type { Redactor } from '../secrets/redact.js';
import type { NewProcess } from '../store/types.js';
import { recordAnswer, type HttpAnswer } from '../exchange/respond.js';
import { bodyPreview } from './body-preview.js';

const REDACTED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);
const REDACTED = '[redacted]';

/** The fields a run that ended sets on its record (see processes/service.ts, lifecycle/). */
export type FinishedFields = Pick<
  ProcessRecord,
  'status' | 'response' | 'logs' | 'logsTruncated' | 'error' | 'finishedAt' | 'durationMs' | 'fetches' | 'mails'
>;

/*
 * The two functions below copy a record field by field, always in the same order, rather than
 * with `{ ...record, ...fields }`: every record then has one shape, and building one stays on
 * V8's fast paths. Spreads of records of varying shapes missed V8's inline caches on each
 * request (~9 % of the event loop's time under load). A field added to ProcessRecord fails to
 * compile here until it is copied.
 */

/** `record` with the fields a run that ended sets. */
export function finishedRecord(record: ProcessRecord, finish: FinishedFields): ProcessRecord {
  return {
    id: record.id,
    endpointId: record.endpointId,
    slug: record.slug,
    scenarioVersion: record.scenarioVersion,
    mode: record.mode,
    status: finish.status,
    attempt: record.attempt,
    request: record.request,
    response: finish.response,
    logs: finish.logs,
    logsTruncated: finish.logsTruncated,
    error: finish.error,
    queuedAt: record.queuedAt,
    startedAt: record.startedAt,
    finishedAt: finish.finishedAt,
    durationMs: finish.durationMs,
    ip: record.ip,
    principal: record.principal,
    fetches: finish.fetches,
    mails: finish.mails,
    callback: record.callback,
    rerunOf: record.rerunOf,
    idempotencyKey: record.idempotencyKey,
  };
}

/** `record` as the store takes a new process: with what only the store keeps. */
export function storedProcess(
  record: ProcessRecord,
  kept: Pick<NewProcess, 'statusTokenHash' | 'input'> & { owner: string | null },
): NewProcess {
  return {
    id: record.id,
    endpointId: record.endpointId,
    slug: record.slug,
    scenarioVersion: record.scenarioVersion,
    mode: record.mode,
    status: record.status,
    attempt: record.attempt,
    request: record.request,
    response: record.response,
    logs: record.logs,
    logsTruncated: record.logsTruncated,
    error: record.error,
    queuedAt: record.queuedAt,
    startedAt: record.startedAt,
    finishedAt: record.finishedAt,
    durationMs: record.durationMs,
    ip: record.ip,
    principal: record.principal,
    fetches: record.fetches,
    mails: record.mails,
    callback: record.callback,
    rerunOf: record.rerunOf,
    idempotencyKey: record.idempotencyKey,
    statusTokenHash: kept.statusTokenHash,
    input: kept.input,
    owner: kept.owner,
  };
}

/** What the process record keeps of the request: redacted headers, body cut at `bodyLimit` characters. */
export function recordRequest(request: RunRequest, bodyLimit: number, redactor: Redactor): ProcessRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = REDACTED_HEADERS.has(name) ? REDACTED : redactor.text(value);
  }
  let body: unknown = request.body;
  let bodyTruncated = false;
  // A parsed body serializes to at most a few times its raw text (`a&b` → {"a":"","b":""}),
  // so a small raw body needs no serializing here just to learn that it fits.
  const surelyFits =
    request.rawBody.length > 0 && request.rawBody.length * 8 <= bodyLimit && request.files.length === 0;
  if (body !== null && body !== undefined && !surelyFits) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    if (text.length > bodyLimit) {
      // Redacted before the cut (with room for a secret that straddles it), so no prefix of one is kept.
      body = redactor.text(text.slice(0, bodyLimit + redactor.maxMatchLength)).slice(0, bodyLimit);
      bodyTruncated = true;
    }
  }
  return {
    method: request.method,
    url: redactor.text(request.url),
    path: redactor.text(request.path),
    subpath: redactor.text(request.subpath),
    headers,
    query: redactor.value(request.query),
    body: redactor.value(body),
    bodyTruncated,
    files: request.files.map(({ field, name, contentType, size }) => ({ field, name, contentType, size })),
  };
}

/**
 * What the record keeps of the answer: headers and a body cut at `limit`, with every secret
 * masked. Only the part that is kept is scanned (plus room for a secret across the cut), so a
 * large body costs no more than a small one. The answer itself, sent to the caller, is unchanged.
 */
export function recordResponse(answer: HttpAnswer, limit: number, redactor: Redactor): ProcessResponse {
  if (!redactor.active) return recordAnswer(answer, limit);
  const keep = limit + redactor.maxMatchLength;
  const body = Buffer.isBuffer(answer.body)
    ? redactor.bytes(answer.body.length > keep ? answer.body.subarray(0, keep) : answer.body)
    : redactor.text(answer.body.length > keep ? answer.body.slice(0, keep) : answer.body);
  const recorded = recordAnswer({ ...answer, body }, limit);
  const headers = Object.fromEntries(
    Object.entries(recorded.headers).map(([name, value]) => [name, redactor.text(value)]),
  );
  return { ...recorded, headers, bodyTruncated: recorded.bodyTruncated || answer.body.length > limit };
}

/**
 * The outcome with secrets masked in its error (message and stack: they go to the caller and
 * into the record) and its log lines. A successful result is left as is: it is the answer.
 */
export function redactOutcome(outcome: RunOutcome, redactor: Redactor): RunOutcome {
  if (!redactor.active) return outcome;
  const logs = outcome.logs.map((line) => {
    const text = redactor.text(line.text);
    return text === line.text ? line : { ...line, text };
  });
  if (outcome.ok) return { ...outcome, logs };
  const { error } = outcome;
  return {
    ...outcome,
    logs,
    error: {
      ...error,
      name: redactor.text(error.name),
      message: redactor.text(error.message),
      ...(error.stack === undefined ? {} : { stack: redactor.text(error.stack) }),
    },
  };
}

export function toLogLine(line: LogLine): ProcessLogLine {
  return { level: line.level, time: new Date(line.time).toISOString(), text: line.text };
}

export function toProcessError(error: RunError): ProcessError {
  return {
    code: error.code,
    name: error.name,
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
  };
}

/** The list view: drops logs, bodies and headers; keeps a one-line preview of the request body. */
export function summarize(record: ProcessRecord): ProcessSummary {
  const { logs: _logs, request, response, fetches: _fetches, mails: _mails, callback: _callback, ...rest } = record;
  return {
    ...rest,
    request: { method: request.method, url: request.url, subpath: request.subpath },
    responseStatus: response?.status ?? null,
    bodyPreview: bodyPreview(request.body),
  };
}

import type { LogLine, RunError, RunOutcome, RunRequest } from '@scriptgate/runner';
import type {
  ProcessError,
  ProcessLogLine,
  ProcessRecord,
  ProcessRequest,
  ProcessStatus,
  ProcessSummary,
} from '../contract/index.js';

const REDACTED_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'x-api-key']);
const REDACTED = '[redacted]';
const SECRET = '[secret]';

/** Replaces every occurrence of a secret value (at least 4 characters long) in `text`. */
export function redactSecrets(text: string, secretValues: readonly string[]): string {
  let out = text;
  for (const value of secretValues) {
    if (value.length >= 4 && out.includes(value)) out = out.split(value).join(SECRET);
  }
  return out;
}

function redactValue(value: unknown, secretValues: readonly string[]): unknown {
  if (secretValues.length === 0) return value;
  if (typeof value === 'string') return redactSecrets(value, secretValues);
  if (value === null || typeof value !== 'object') return value;
  const text = JSON.stringify(value);
  const redacted = redactSecrets(text, secretValues);
  // Parsed back (a new object) only when a secret was actually found.
  return redacted === text ? value : (JSON.parse(redacted) as unknown);
}

/** What the process record keeps of the request: redacted headers, body cut at `bodyLimit` characters. */
export function recordRequest(request: RunRequest, bodyLimit: number, secretValues: readonly string[]): ProcessRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name] = REDACTED_HEADERS.has(name) ? REDACTED : redactSecrets(value, secretValues);
  }
  let body: unknown = request.body;
  let bodyTruncated = false;
  // A parsed body serializes to at most a few times its raw text (`a&b` → {"a":"","b":""}),
  // so a small raw body needs no serializing here just to learn that it fits.
  const surelyFits = request.rawBody.length > 0 && request.rawBody.length * 8 <= bodyLimit && request.files.length === 0;
  if (body !== null && body !== undefined && !surelyFits) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    if (text.length > bodyLimit) {
      body = text.slice(0, bodyLimit);
      bodyTruncated = true;
    }
  }
  return {
    method: request.method,
    url: redactSecrets(request.url, secretValues),
    path: request.path,
    subpath: request.subpath,
    headers,
    query: redactValue(request.query, secretValues) as Record<string, unknown>,
    body: redactValue(body, secretValues),
    bodyTruncated,
    files: request.files.map(({ field, name, contentType, size }) => ({ field, name, contentType, size })),
  };
}

export function toLogLine(line: LogLine): ProcessLogLine {
  return { level: line.level, time: new Date(line.time).toISOString(), text: line.text };
}

export function statusOf(outcome: RunOutcome): ProcessStatus {
  if (outcome.ok) return 'succeeded';
  if (outcome.error.code === 'scenario_timeout') return 'timeout';
  if (outcome.error.code === 'cancelled') return 'cancelled';
  return 'failed';
}

export function toProcessError(error: RunError): ProcessError {
  return {
    code: error.code,
    name: error.name,
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
  };
}

/** The list view: drops logs, bodies and headers. */
export function summarize(record: ProcessRecord): ProcessSummary {
  const { logs: _logs, request, response, callbackAttempts: _attempts, ...rest } = record;
  return {
    ...rest,
    request: { method: request.method, url: request.url, subpath: request.subpath },
    responseStatus: response?.status ?? null,
  };
}

import type { ProcessRecord } from '../../contract/index.js';
import { callbackDueAt } from '../callback-state.js';
import { searchBase, searchText, searchError, SEARCH_SEPARATOR } from '../search-text.js';
import type { NewProcess, ProcessPatch, RunInput } from '../types.js';

/** A `processes` row as SQLite returns it (JSON texts still unparsed). */
export interface ProcessRow {
  id: string;
  endpoint_id: string;
  slug: string;
  scenario_version: number;
  mode: ProcessRecord['mode'];
  status: ProcessRecord['status'];
  attempt: number;
  queued_at: string;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  ip: string;
  rerun_of: string | null;
  logs_truncated: number;
  principal: string | null;
  error: string | null;
  callback: string | null;
  fetches: string;
  mails: string;
  logs: string;
  response: string | null;
  request: string;
  idempotency_key: string | null;
}

/** The columns a ProcessRecord is built from: never `input`, which can be large. */
export const RECORD_COLUMNS =
  'id, endpoint_id, slug, scenario_version, mode, status, attempt, queued_at, started_at, finished_at, ' +
  'duration_ms, ip, rerun_of, logs_truncated, principal, error, callback, fetches, mails, logs, response, request, ' +
  'idempotency_key';

export function toProcessRow(process: NewProcess): Record<string, unknown> {
  return {
    id: process.id,
    endpoint_id: process.endpointId,
    slug: process.slug,
    scenario_version: process.scenarioVersion,
    mode: process.mode,
    status: process.status,
    attempt: process.attempt,
    queued_at: process.queuedAt,
    started_at: process.startedAt ?? null,
    finished_at: process.finishedAt ?? null,
    duration_ms: process.durationMs ?? null,
    status_token_hash: process.statusTokenHash ?? null,
    // A lease only means something while running; a sync run has an owner but no expiry.
    lease_owner: process.status === 'running' ? (process.owner ?? null) : null,
    ip: process.ip,
    rerun_of: process.rerunOf ?? null,
    logs_truncated: process.logsTruncated ? 1 : 0,
    search_text: searchText(searchBase(process), process.error),
    principal: jsonOrNull(process.principal),
    error: jsonOrNull(process.error),
    // Records from before outbound requests were recorded (old backups) have none.
    callback: jsonOrNull(process.callback),
    callback_due_at: callbackDueAt(process.callback, Date.now()),
    fetches: JSON.stringify(process.fetches ?? []),
    mails: JSON.stringify(process.mails ?? []),
    logs: JSON.stringify(process.logs ?? []),
    response: jsonOrNull(process.response),
    request: JSON.stringify(process.request),
    input: jsonOrNull(process.input),
    // Records from before idempotency keys were recorded (old backups) have none.
    idempotency_key: process.idempotencyKey ?? null,
  };
}

export function fromProcessRow(row: ProcessRow): ProcessRecord {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    slug: row.slug,
    scenarioVersion: row.scenario_version,
    mode: row.mode,
    status: row.status,
    attempt: row.attempt,
    request: JSON.parse(row.request) as ProcessRecord['request'],
    response: parseOrNull(row.response) as ProcessRecord['response'],
    logs: JSON.parse(row.logs) as ProcessRecord['logs'],
    logsTruncated: row.logs_truncated === 1,
    error: parseOrNull(row.error) as ProcessRecord['error'],
    queuedAt: row.queued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.duration_ms,
    ip: row.ip,
    principal: parseOrNull(row.principal) as ProcessRecord['principal'],
    fetches: JSON.parse(row.fetches) as ProcessRecord['fetches'],
    mails: JSON.parse(row.mails) as ProcessRecord['mails'],
    callback: parseOrNull(row.callback) as ProcessRecord['callback'],
    rerunOf: row.rerun_of,
    idempotencyKey: row.idempotency_key,
  };
}

export function parseInput(text: string | null | undefined): RunInput | null {
  return text == null ? null : (JSON.parse(text) as RunInput);
}

/**
 * How each patchable field is written: the SQL assignment(s) and the bound value. Only the
 * fields present in a patch are written, so an update never rewrites what it did not change
 * (a status change does not re-serialise a 1 MB request).
 */
const PATCH_COLUMNS: { [K in keyof Required<ProcessPatch>]: { sql: string; value: (v: ProcessPatch[K]) => unknown } } =
  {
    status: {
      // A lease only means something while running; leaving `running` releases it.
      sql: `status = @status, lease_owner = CASE WHEN @status = 'running' THEN lease_owner END,
          lease_expires_at = CASE WHEN @status = 'running' THEN lease_expires_at END`,
      value: (v) => v,
    },
    response: { sql: 'response = @response', value: (v) => jsonOrNull(v) },
    logs: { sql: 'logs = @logs', value: (v) => JSON.stringify(v ?? []) },
    logsTruncated: { sql: 'logs_truncated = @logsTruncated', value: (v) => (v ? 1 : 0) },
    error: {
      sql: `error = @error, search_text = substr(search_text, 1, instr(search_text, char(${SEARCH_SEPARATOR.charCodeAt(0)}))) || @errorSearch`,
      value: (v) => jsonOrNull(v),
    },
    startedAt: { sql: 'started_at = @startedAt', value: (v) => v ?? null },
    finishedAt: { sql: 'finished_at = @finishedAt', value: (v) => v ?? null },
    durationMs: { sql: 'duration_ms = @durationMs', value: (v) => v ?? null },
    attempt: { sql: 'attempt = @attempt', value: (v) => v },
    scenarioVersion: { sql: 'scenario_version = @scenarioVersion', value: (v) => v },
    input: { sql: 'input = @input', value: (v) => jsonOrNull(v) },
    fetches: { sql: 'fetches = @fetches', value: (v) => JSON.stringify(v ?? []) },
    mails: { sql: 'mails = @mails', value: (v) => JSON.stringify(v ?? []) },
    callback: {
      // A new callback state is a new delivery: whoever held the old one's lease no longer does.
      sql: `callback = @callback, callback_due_at = @callbackDue, callback_lease_owner = NULL,
          callback_lease_expires_at = NULL`,
      value: (v) => jsonOrNull(v),
    },
  };

export type PatchField = keyof typeof PATCH_COLUMNS;
const PATCH_FIELDS = Object.keys(PATCH_COLUMNS) as PatchField[];

/** The fields a patch sets, in a fixed order: the key of the cached statement. */
export function patchFields(patch: ProcessPatch): PatchField[] {
  return PATCH_FIELDS.filter((field) => Object.hasOwn(patch, field) && patch[field] !== undefined);
}

export function patchAssignments(fields: PatchField[]): string {
  return fields.length === 0 ? 'id = id' : fields.map((field) => PATCH_COLUMNS[field].sql).join(', ');
}

export function patchParams(fields: PatchField[], patch: ProcessPatch): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const field of fields) {
    const column = PATCH_COLUMNS[field] as { value: (v: unknown) => unknown };
    params[field] = column.value(patch[field]);
  }
  if (fields.includes('error')) params.errorSearch = searchError(patch.error);
  if (fields.includes('callback')) params.callbackDue = callbackDueAt(patch.callback, Date.now());
  return params;
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

function parseOrNull(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

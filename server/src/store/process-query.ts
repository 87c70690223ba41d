import { PROCESS_STATUSES, type ProcessMode, type ProcessStatus } from '../contract/index.js';
import { AppError } from '../core/app-error.js';
import type { ProcessFilter, ProcessQuery } from './types.js';

/**
 * Validation shared by both adapters: every filter value is checked against an allow-list
 * or a type before it reaches a query, so nothing the caller sends is used as a query
 * object (the MongoDB adapter relies on this to stay injection-safe).
 */
export interface NormalizedFilter {
  endpointId: string | null;
  statuses: ProcessStatus[] | null;
  mode: ProcessMode | null;
  from: string | null;
  to: string | null;
  /** Lower-cased, trimmed; null when empty. */
  q: string | null;
  /** Exact, as the caller sent it; null when absent. */
  idempotencyKey: string | null;
}

export interface NormalizedQuery extends NormalizedFilter {
  limit: number;
  /** Id of the last item of the previous page: the next page starts below it. */
  afterId: string | null;
}

export const MAX_PAGE_LIMIT = 200;
const DEFAULT_PAGE_LIMIT = 50;
const MAX_CURSOR_LENGTH = 200;

export function normalizeFilter(filter: ProcessFilter): NormalizedFilter {
  return {
    endpointId: optionalString(filter.endpointId, 'endpointId'),
    statuses: normalizeStatuses(filter.status),
    mode: normalizeMode(filter.mode),
    from: normalizeTime(filter.from, 'from'),
    to: normalizeTime(filter.to, 'to'),
    q: normalizeSearch(filter.q),
    idempotencyKey: normalizeIdempotencyKey(filter.idempotencyKey),
  };
}

export function normalizeQuery(query: ProcessQuery): NormalizedQuery {
  return {
    ...normalizeFilter(query),
    limit: clampLimit(query.limit),
    afterId: query.cursor == null || query.cursor === '' ? null : decodeCursor(query.cursor),
  };
}

export function clampLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return DEFAULT_PAGE_LIMIT;
  return Math.min(MAX_PAGE_LIMIT, Math.max(1, Math.floor(limit)));
}

/** The cursor is opaque to clients: base64url of the last id of the page. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: unknown): string {
  if (typeof cursor !== 'string' || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw invalid('cursor', 'is not a cursor from a previous page');
  }
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9A-Za-z_-]+$/.test(id)) throw invalid('cursor', 'is not a cursor from a previous page');
  return id;
}

/** Builds `{ items, nextCursor }` from `limit + 1` fetched rows. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.length > limit ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}

function optionalString(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid(field, 'must be a string');
  return value;
}

function normalizeStatuses(value: unknown): ProcessStatus[] | null {
  if (value === undefined || value === null) return null;
  const list: unknown = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list)) throw invalid('status', 'must be a status or a list of statuses');
  const statuses = new Set<ProcessStatus>();
  for (const status of list) {
    const known = PROCESS_STATUSES.find((s) => s === status);
    if (!known) throw invalid('status', `must be one of ${PROCESS_STATUSES.join(', ')}`);
    statuses.add(known);
  }
  return statuses.size === 0 ? null : [...statuses];
}

function normalizeMode(value: unknown): ProcessMode | null {
  if (value === undefined || value === null) return null;
  if (value !== 'sync' && value !== 'async') throw invalid('mode', 'must be sync or async');
  return value;
}

function normalizeTime(value: unknown, field: string): string | null {
  const text = optionalString(value, field);
  if (text === null) return null;
  const time = new Date(text);
  if (Number.isNaN(time.getTime())) throw invalid(field, 'must be an ISO-8601 time');
  return time.toISOString();
}

function normalizeSearch(value: unknown): string | null {
  const text = optionalString(value, 'q');
  if (text === null) return null;
  const q = text.trim().toLowerCase();
  return q === '' ? null : q;
}

/** Keys are 1–255 printable characters (SPEC §2): a longer value could never match. */
const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

function normalizeIdempotencyKey(value: unknown): string | null {
  const key = optionalString(value, 'idempotencyKey');
  if (key !== null && key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw invalid('idempotencyKey', `must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  return key;
}

function invalid(field: string, message: string): AppError {
  return new AppError('validation_failed', `${field} ${message}`, { details: { fields: { [field]: message } } });
}

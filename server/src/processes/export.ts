import type { Response } from 'express';
import type { ProcessRecord } from '../contract/index.js';
import { MAX_PAGE_LIMIT } from '../store/process-query.js';
import type { ProcessFilter, Store } from '../store/types.js';

export type ExportFormat = 'csv' | 'ndjson';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** The CSV's columns: what tells one submission from another, and its body whole. */
const CSV_COLUMNS: ReadonlyArray<[string, (p: ProcessRecord) => string | number | null]> = [
  ['id', (p) => p.id],
  ['queuedAt', (p) => p.queuedAt],
  ['finishedAt', (p) => p.finishedAt],
  ['durationMs', (p) => p.durationMs],
  ['status', (p) => p.status],
  ['mode', (p) => p.mode],
  ['endpoint', (p) => p.slug],
  ['method', (p) => p.request.method],
  ['url', (p) => p.request.url],
  ['responseStatus', (p) => p.response?.status ?? null],
  ['error', (p) => p.error?.message ?? null],
  ['ip', (p) => p.ip],
  ['caller', (p) => (p.principal && p.principal.type !== 'anonymous' ? callerOf(p.principal) : null)],
  ['body', (p) => bodyText(p.request.body)],
];

/**
 * Streams the processes of a list filter, newest first, page by page from the store (never
 * the whole history in memory), waiting for the client to read before fetching more and
 * stopping when it leaves. At most `maxRows` rows: `X-Export-Total` says how many matched and
 * `X-Export-Truncated` whether some were left out, so nobody mistakes a cut export for all.
 */
export async function streamProcessExport(options: {
  store: Store;
  filter: ProcessFilter;
  format: ExportFormat;
  maxRows: number;
  res: Response;
  now?: Date;
}): Promise<{ rows: number; truncated: boolean }> {
  const { store, filter, format, maxRows, res } = options;
  const total = await store.countProcesses(filter);
  // The first page is read before any header is sent, so a bad filter still gets a JSON error.
  let page = await store.listProcesses({ ...filter, limit: Math.min(MAX_PAGE_LIMIT, maxRows) });
  res.status(200);
  res.set({
    'Content-Type': CONTENT_TYPES[format],
    'Content-Disposition': `attachment; filename="${exportFileName(format, options.now ?? new Date())}"`,
    'Cache-Control': 'no-store',
    'X-Export-Total': String(total),
    'X-Export-Truncated': String(total > maxRows),
  });
  let closed = false;
  res.once('close', () => {
    closed = true;
  });
  // Excel reads a CSV without a byte-order mark as the local code page: Cyrillic would be garbled.
  if (format === 'csv') await write(res, `\uFEFF${csvLine(CSV_COLUMNS.map(([name]) => name))}`);
  let rows = 0;
  for (;;) {
    const items = page.items.slice(0, maxRows - rows);
    if (items.length > 0) {
      await write(res, items.map((record) => formatRow(record, format)).join(''));
      rows += items.length;
    }
    if (closed || rows >= maxRows || !page.nextCursor) break;
    page = await store.listProcesses({
      ...filter,
      limit: Math.min(MAX_PAGE_LIMIT, maxRows - rows),
      cursor: page.nextCursor,
    });
  }
  res.end();
  return { rows, truncated: total > rows };
}

export function exportFileName(format: ExportFormat, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `scriptgate-processes-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}`;
}

function formatRow(record: ProcessRecord, format: ExportFormat): string {
  if (format === 'ndjson') return `${JSON.stringify(record)}\n`;
  return csvLine(CSV_COLUMNS.map(([, value]) => value(record)));
}

/** One RFC 4180 line (CRLF), every text cell guarded against formula injection. */
export function csvLine(cells: ReadonlyArray<string | number | null>): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a tab or CR before one)
 * as a formula — `=HYPERLINK(...)` typed into a public form would run on the admin's machine
 * (OWASP "CSV injection"). Such text is prefixed with `'`, which shows it as text. Numbers are
 * ours and left as they are.
 */
export function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function bodyText(body: unknown): string | null {
  if (body === null || body === undefined) return null;
  return typeof body === 'string' ? body : JSON.stringify(body);
}

function callerOf(principal: NonNullable<ProcessRecord['principal']>): string {
  const who = principal.name ?? principal.id;
  return who ? `${principal.type}: ${who}` : principal.type;
}

/** Writes and waits for the socket to drain, so a slow client holds back the reading, not memory. */
function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

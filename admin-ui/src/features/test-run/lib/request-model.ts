import type { HttpMethod, ProcessRequest, TestRunRequest } from '@contract';
import { recordToRows, rowsToRecord, type KeyValueRow } from '../../../components/KeyValueEditor';

export type BodyType = 'none' | 'json' | 'form' | 'text';
export const BODY_TYPES: readonly BodyType[] = ['json', 'form', 'text', 'none'];

/** What the request builder holds: strings as typed, turned into a request only when run. */
export interface RequestDraft {
  method: string;
  subpath: string;
  query: KeyValueRow[];
  headers: KeyValueRow[];
  bodyType: BodyType;
  jsonBody: string;
  formBody: KeyValueRow[];
  textBody: string;
}

export type DraftRequest = NonNullable<TestRunRequest['request']>;
export type BuildResult = { ok: true; request: DraftRequest } | { ok: false; problem: 'invalidJson'; detail: string };

const EXAMPLE_JSON = '{\n  "name": "Jane",\n  "email": "jane@example.com"\n}';
const FORM_TYPE = 'application/x-www-form-urlencoded';
/** Headers a browser or proxy sets by itself; copying them from a recorded request only confuses a test run. */
const TRANSPORT_HEADERS = new Set([
  'host',
  'content-length',
  'connection',
  'transfer-encoding',
  'accept-encoding',
  'keep-alive',
]);

export function defaultDraft(methods: readonly HttpMethod[]): RequestDraft {
  const method = methods.includes('POST') ? 'POST' : (methods[0] ?? 'GET');
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return {
    method,
    subpath: '',
    query: [],
    headers: [],
    bodyType: hasBody ? 'json' : 'none',
    jsonBody: EXAMPLE_JSON,
    formBody: [
      { key: 'name', value: 'Jane' },
      { key: 'email', value: 'jane@example.com' },
    ],
    textBody: '',
  };
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `a[b][c]=1` → `{ a: { b: { c: "1" } } }`, as the public endpoint parses forms; a final `[]` appends. */
export function formToObject(rows: readonly KeyValueRow[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const row of rows) {
    const name = row.key.trim();
    if (!name) continue;
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(name);
    const path = match ? [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)] : [name];
    const append = path.length > 1 && path[path.length - 1] === '';
    const keys = append ? path.slice(0, -1) : path;
    if (keys.some((key) => key === '' || UNSAFE_KEYS.has(key))) continue;
    let node = root;
    for (const key of keys.slice(0, -1)) {
      const child = node[key];
      if (!child || typeof child !== 'object' || Array.isArray(child)) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    const leaf = keys[keys.length - 1]!;
    if (append) {
      const list = Array.isArray(node[leaf]) ? (node[leaf] as unknown[]) : [];
      list.push(row.value);
      node[leaf] = list;
    } else {
      node[leaf] = row.value;
    }
  }
  return root;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** The builder's draft as the test-run API wants it, or why it cannot be sent. */
export function buildTestRequest(draft: RequestDraft): BuildResult {
  const headers = rowsToRecord(draft.headers);
  const request: DraftRequest = {
    method: draft.method.trim().toUpperCase() || 'GET',
    subpath: draft.subpath.trim(),
    query: rowsToRecord(draft.query),
    headers,
  };
  if (request.method === 'GET' || request.method === 'HEAD' || draft.bodyType === 'none') return { ok: true, request };
  if (draft.bodyType === 'json') {
    if (!draft.jsonBody.trim()) return { ok: true, request };
    try {
      request.body = JSON.parse(draft.jsonBody) as unknown;
    } catch (error) {
      return { ok: false, problem: 'invalidJson', detail: (error as Error).message };
    }
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
  } else if (draft.bodyType === 'form') {
    // Sent parsed, as the public endpoint would hand it to the scenario.
    request.body = formToObject(draft.formBody);
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = FORM_TYPE;
  } else {
    request.body = draft.textBody;
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'text/plain; charset=utf-8';
  }
  return { ok: true, request };
}

/** Flattens a parsed form back into `a[b]` rows. */
function objectToFormRows(value: Record<string, unknown>, prefix = ''): KeyValueRow[] {
  return Object.entries(value).flatMap(([key, item]) => {
    const name = prefix ? `${prefix}[${key}]` : key;
    if (Array.isArray(item)) return item.map((entry) => ({ key: `${name}[]`, value: String(entry) }));
    if (item && typeof item === 'object') return objectToFormRows(item as Record<string, unknown>, name);
    return [{ key: name, value: item === null || item === undefined ? '' : String(item) }];
  });
}

/** A recorded request, loaded into the builder to be edited and run again. */
export function draftFromProcess(recorded: ProcessRequest, methods: readonly HttpMethod[]): RequestDraft {
  const base = defaultDraft(methods);
  const headers = Object.entries(recorded.headers)
    .filter(([name, value]) => !TRANSPORT_HEADERS.has(name) && value !== '[redacted]')
    .map(([key, value]) => ({ key, value }));
  const type = (recorded.headers['content-type'] ?? '').toLowerCase();
  const draft: RequestDraft = {
    ...base,
    method: recorded.method,
    subpath: recorded.subpath,
    query: recordToRows(recorded.query),
    headers,
    bodyType: 'none',
  };
  const body = recorded.body;
  if (body === null || body === undefined || body === '') return draft;
  if (type.includes(FORM_TYPE) && typeof body === 'object' && !Array.isArray(body)) {
    return { ...draft, bodyType: 'form', formBody: objectToFormRows(body as Record<string, unknown>) };
  }
  if (typeof body === 'string') return { ...draft, bodyType: 'text', textBody: body };
  return { ...draft, bodyType: 'json', jsonBody: JSON.stringify(body, null, 2) };
}

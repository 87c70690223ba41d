import type { ProcessRecord } from '../../contract/index.js';
import { newId } from '../ids.js';
import type { EndpointInput, NewProcess, ScenarioInput, Store } from '../types.js';

/** Shared by the contract tests: one fresh store per test. */
export type StoreFactory = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;
export type GetStore = () => Store;

export function endpointInput(overrides: Partial<EndpointInput> = {}): EndpointInput {
  return {
    id: newId(),
    slug: `ep-${Math.random().toString(36).slice(2, 10)}`,
    name: 'Contact form',
    description: 'Receives the contact form',
    enabled: true,
    methods: ['GET', 'POST'],
    alwaysAsync: false,
    timeoutMs: null,
    cors: { origins: ['https://example.com'], credentials: false, headers: ['x-requested-with'], maxAgeSeconds: 600 },
    access: { type: 'public' },
    ipAllowlist: [],
    rateLimit: null,
    failureAlert: null,
    asyncResponse: null,
    callbackUrl: null,
    sealedCallbackSecret: null,
    bodyLimitBytes: null,
    cspSandbox: true,
    secrets: [],
    language: 'javascript',
    ...overrides,
  };
}

export function scenarioInput(overrides: Partial<ScenarioInput> = {}): ScenarioInput {
  const code = overrides.code ?? 'export default async () => ({ ok: true })';
  return { language: 'javascript', code, compiled: code, createdBy: null, ...overrides };
}

export function newProcess(overrides: Partial<NewProcess> = {}): NewProcess {
  const now = new Date().toISOString();
  const id = overrides.id ?? newId();
  return {
    id,
    endpointId: 'endpoint-1',
    slug: 'contact-form',
    scenarioVersion: 1,
    mode: 'sync',
    status: 'succeeded',
    attempt: 1,
    request: {
      method: 'POST',
      url: `https://gate.example.test/api/webrequest/contact-form?ref=${id}`,
      path: '/api/webrequest/contact-form',
      subpath: '',
      headers: { 'content-type': 'application/json', authorization: '[redacted]' },
      query: { ref: id },
      body: { email: 'lead@example.com', message: 'Hello' },
      bodyTruncated: false,
      files: [],
    },
    response: {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
      bodyEncoding: 'utf8',
      bodyTruncated: false,
    },
    logs: [{ level: 'info', time: now, text: 'new lead' }],
    logsTruncated: false,
    error: null,
    queuedAt: now,
    startedAt: now,
    finishedAt: now,
    durationMs: 12,
    ip: '203.0.113.7',
    principal: { type: 'anonymous', id: null },
    fetches: [],
    mails: [],
    callback: null,
    rerunOf: null,
    idempotencyKey: null,
    statusTokenHash: null,
    input: null,
    ...overrides,
  };
}

/** An async process waiting in the queue, with its run input and status token. */
export function queuedProcess(overrides: Partial<NewProcess> = {}): NewProcess {
  return newProcess({
    mode: 'async',
    status: 'queued',
    response: null,
    logs: [],
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    statusTokenHash: 'a'.repeat(64),
    input: { request: { method: 'POST', body: { n: 1 } } },
    ...overrides,
  });
}

/** A finished async run with what it sent out and a callback `pending` since `dueAt` (default: now). */
export function sentProcess(overrides: Partial<NewProcess> = {}, dueAt = new Date().toISOString()): NewProcess {
  const at = new Date().toISOString();
  return newProcess({
    mode: 'async',
    statusTokenHash: 'e'.repeat(64),
    fetches: [
      {
        method: 'POST',
        url: 'https://crm.example.com/api/leads?token=[redacted]',
        status: 201,
        at,
        durationMs: 84,
        bytes: 120,
      },
      {
        method: 'GET',
        url: 'http://169.254.169.254/latest',
        error: 'blocked: link-local address',
        at,
        durationMs: 0,
        bytes: 0,
      },
    ],
    mails: [
      {
        to: ['sales@example.com'],
        subject: 'New lead',
        status: 'sent',
        messageId: '<m1@example.com>',
        at,
        durationMs: 40,
      },
      {
        to: ['x@elsewhere.test'],
        subject: 'Spam',
        status: 'refused',
        error: 'recipient not allowed',
        at,
        durationMs: 0,
      },
    ],
    callback: { url: 'https://hooks.example.com/done', status: 'pending', attempts: [], nextAttemptAt: dueAt },
    ...overrides,
  });
}

/** The ProcessRecord part of a NewProcess, as `getProcess` returns it. */
export function recordOf(process: NewProcess): ProcessRecord {
  const { statusTokenHash: _token, input: _input, owner: _owner, ...record } = process;
  return record;
}

export function isoAt(base: string | number, offsetMs: number): string {
  return new Date(new Date(base).getTime() + offsetMs).toISOString();
}

/** Keys that break naive document stores: operators, dotted paths and prototype names. */
export function awkwardObject(): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify({
      $where: 'sleep(1000)',
      'a.b': { 'c.d': 1, $gt: '' },
      $set: { x: 1 },
      constructor: { prototype: { polluted: true } },
      nested: [{ $in: [1, 2] }, { 'x.y': [[[{ $ne: null }]]] }],
      unicode: 'Привет 你好 🎉 ñ \u0000 end',
    }).replace('"constructor"', '"__proto__":{"polluted":true},"constructor"'),
  ) as Record<string, unknown>;
}

/** Deeply nested value (200 levels): deeper than a naive MongoDB document may go. */
export function deeplyNested(depth = 200): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) value = { [`level.${level}`]: value };
  return value;
}

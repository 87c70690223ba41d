import { describe, expect, it } from 'vitest';
import type { RunRequest } from '@scriptgate/runner';
import { NO_REDACTION, createRedactor } from '../secrets/redact.js';
import type { HttpAnswer } from '../exchange/respond.js';
import type { ProcessRecord } from '../contract/index.js';
import {
  finishedRecord,
  recordRequest,
  recordResponse,
  redactOutcome,
  storedProcess,
  type FinishedFields,
} from './record.js';

const secrets = createRedactor(['s3cr3t-value']);

const request: RunRequest = {
  url: 'https://h/api/webrequest/x?token=s3cr3t-value',
  method: 'POST',
  path: '/api/webrequest/x',
  subpath: '',
  headers: { authorization: 'Bearer abc', cookie: 'a=b', 'x-api-key': 'k', 'x-trace': 'carries s3cr3t-value here' },
  cookies: { a: 'b' },
  query: { token: 's3cr3t-value' },
  body: { text: 'y'.repeat(100), secret: 's3cr3t-value' },
  rawBody: '',
  files: [{ field: 'f', name: 'a.txt', contentType: 'text/plain', size: 3, dataBase64: 'YWJj' }],
  ip: '127.0.0.1',
};

describe('process request record', () => {
  it('redacts authorization, cookie and API-key headers and every secret value', () => {
    const recorded = recordRequest(request, 10_000, secrets);
    expect(recorded.headers).toMatchObject({
      authorization: '[redacted]',
      cookie: '[redacted]',
      'x-api-key': '[redacted]',
    });
    expect(recorded.headers['x-trace']).toBe('carries [secret] here');
    expect(recorded.url).not.toContain('s3cr3t-value');
    expect(JSON.stringify(recorded)).not.toContain('s3cr3t-value');
  });

  it('cuts a large body at the configured size and says so', () => {
    const recorded = recordRequest(request, 50, NO_REDACTION);
    expect(recorded.bodyTruncated).toBe(true);
    expect(typeof recorded.body).toBe('string');
    expect((recorded.body as string).length).toBe(50);
  });

  it('keeps file metadata but never the bytes', () => {
    const recorded = recordRequest(request, 10_000, NO_REDACTION);
    expect(recorded.files).toEqual([{ field: 'f', name: 'a.txt', contentType: 'text/plain', size: 3 }]);
  });

  it('ignores secrets too short to redact safely', () => {
    expect(recordRequest({ ...request, url: 'https://h/?q=abc' }, 10_000, createRedactor(['abc'])).url).toBe(
      'https://h/?q=abc',
    );
  });

  it('keeps no prefix of a secret that straddles the cut of a long body', () => {
    const body = `${'x'.repeat(45)}s3cr3t-value${'y'.repeat(100)}`;
    const recorded = recordRequest({ ...request, body, rawBody: body, files: [] }, 50, secrets);
    expect(recorded.bodyTruncated).toBe(true);
    expect(recorded.body).toBe(`${'x'.repeat(45)}[secr`);
  });
});

describe('process response record', () => {
  const text = (body: string, headers: Array<[string, string]> = []): HttpAnswer => ({
    status: 200,
    headers,
    body,
    binary: false,
  });

  it('masks secrets and their base64 in the recorded body and headers but not in the answer itself', () => {
    const answer = text(`{"token":"s3cr3t-value","b64":"${Buffer.from('x:s3cr3t-value').toString('base64')}"}`, [
      ['x-token', 's3cr3t-value'],
    ]);
    const recorded = recordResponse(answer, 10_000, secrets);
    expect(recorded.body).not.toContain('s3cr3t-value');
    expect(recorded.body).not.toContain(Buffer.from('s3cr3t-value').toString('base64').slice(2, -2));
    expect(recorded.headers['x-token']).toBe('[secret]');
    expect(answer.body).toContain('s3cr3t-value');
  });

  it('masks a secret in a binary body and keeps the recorded base64 decodable', () => {
    const body = Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from('s3cr3t-value'), Buffer.from([3])]);
    const recorded = recordResponse({ status: 200, headers: [], body, binary: true }, 10_000, secrets);
    expect(recorded.bodyEncoding).toBe('base64');
    expect(Buffer.from(recorded.body, 'base64').toString('latin1')).toBe('\u0000\u0001\u0002[secret]\u0003');
  });

  it('says a long body was cut even when masking shortened it', () => {
    const recorded = recordResponse(text(`${'s3cr3t-value'.repeat(10)}`), 100, secrets);
    expect(recorded.bodyTruncated).toBe(true);
    expect(recorded.body).not.toContain('s3cr3t');
  });
});

describe('run outcome redaction', () => {
  it('masks secrets in the error message, stack and log lines, and leaves a result alone', () => {
    const failed = redactOutcome(
      {
        ok: false,
        error: {
          code: 'scenario_error',
          name: 'Error',
          message: 'bad token s3cr3t-value',
          stack: 'Error: bad token s3cr3t-value\n  at scenario.js:1:1',
        },
        logs: [{ level: 'info', time: 1, text: `b64 ${Buffer.from('s3cr3t-value').toString('base64')}` }],
        logsTruncated: false,
        durationMs: 1,
        cpuMs: 1,
        warm: true,
        fetches: [],
        mails: [],
      },
      secrets,
    );
    expect(JSON.stringify(failed)).not.toContain('s3cr3t-value');
    expect(JSON.stringify(failed)).not.toContain(Buffer.from('s3cr3t-value').toString('base64'));
    const ok = {
      ok: true as const,
      result: { kind: 'text' as const, text: 's3cr3t-value' },
      logs: [],
      logsTruncated: false,
      durationMs: 1,
      cpuMs: 1,
      warm: true,
      fetches: [],
      mails: [],
    };
    expect(redactOutcome(ok, secrets)).toMatchObject({ result: { text: 's3cr3t-value' } });
  });
});

describe('records copied field by field', () => {
  // Every field holds a value of its own, so a field copied from the wrong side, or not at all, shows.
  const running: ProcessRecord = {
    id: 'p1',
    endpointId: 'e1',
    slug: 'orders',
    scenarioVersion: 3,
    mode: 'sync',
    status: 'running',
    attempt: 2,
    request: recordRequest(request, 10_000, NO_REDACTION),
    response: null,
    logs: [{ level: 'info', time: '2026-11-30T00:00:00.000Z', text: 'before' }],
    logsTruncated: false,
    error: null,
    queuedAt: '2026-11-30T00:00:00.000Z',
    startedAt: '2026-11-30T00:00:00.001Z',
    finishedAt: null,
    durationMs: null,
    ip: '10.0.0.1',
    principal: { type: 'apiKey', id: 'k1', name: 'partner' },
    fetches: [],
    mails: [],
    callback: { url: 'https://cb.example.test/', status: 'pending', attempts: [], nextAttemptAt: null },
    rerunOf: 'p0',
    idempotencyKey: 'key-1',
  };
  const finish: FinishedFields = {
    status: 'failed',
    response: { status: 500, headers: {}, body: 'x', bodyEncoding: 'utf8', bodyTruncated: false },
    logs: [{ level: 'error', time: '2026-11-30T00:00:01.000Z', text: 'after' }],
    logsTruncated: true,
    error: { code: 'scenario_error', name: 'Error', message: 'boom' },
    finishedAt: '2026-11-30T00:00:01.000Z',
    durationMs: 999,
    fetches: [
      {
        method: 'GET',
        url: 'https://api.example.test/',
        status: 200,
        at: '2026-11-30T00:00:00.500Z',
        durationMs: 5,
        bytes: 2,
      },
    ],
    mails: [
      {
        to: ['a@example.test'],
        subject: 's',
        status: 'sent',
        messageId: 'm',
        at: '2026-11-30T00:00:00.600Z',
        durationMs: 9,
      },
    ],
  };

  it('finishedRecord is the record with the fields of its end, and nothing else changed', () => {
    const finished = finishedRecord(running, finish);
    expect(finished).toStrictEqual({ ...running, ...finish });
    expect(Object.keys(finished).sort()).toStrictEqual(Object.keys(running).sort());
  });

  it('storedProcess is the record with what only the store keeps', () => {
    const kept = { statusTokenHash: 'abc', input: { request: { url: 'u' } }, owner: 'instance-1' };
    expect(storedProcess(running, kept)).toStrictEqual({ ...running, ...kept });
  });
});

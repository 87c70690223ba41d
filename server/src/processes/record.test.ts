import { describe, expect, it } from 'vitest';
import type { RunRequest } from '@scriptgate/runner';
import { recordRequest, redactSecrets } from './record.js';

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
    const recorded = recordRequest(request, 10_000, ['s3cr3t-value']);
    expect(recorded.headers).toMatchObject({ authorization: '[redacted]', cookie: '[redacted]', 'x-api-key': '[redacted]' });
    expect(recorded.headers['x-trace']).toBe('carries [secret] here');
    expect(recorded.url).not.toContain('s3cr3t-value');
    expect(JSON.stringify(recorded)).not.toContain('s3cr3t-value');
  });

  it('cuts a large body at the configured size and says so', () => {
    const recorded = recordRequest(request, 50, []);
    expect(recorded.bodyTruncated).toBe(true);
    expect(typeof recorded.body).toBe('string');
    expect((recorded.body as string).length).toBe(50);
  });

  it('keeps file metadata but never the bytes', () => {
    const recorded = recordRequest(request, 10_000, []);
    expect(recorded.files).toEqual([{ field: 'f', name: 'a.txt', contentType: 'text/plain', size: 3 }]);
  });

  it('ignores secrets too short to redact safely', () => {
    expect(redactSecrets('abc abc', ['abc'])).toBe('abc abc');
  });
});

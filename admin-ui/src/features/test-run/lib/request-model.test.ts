import type { ProcessRequest } from '@contract';
import { describe, expect, it } from 'vitest';
import { buildTestRequest, defaultDraft, draftFromProcess, formToObject } from './request-model';

describe('test-run request builder', () => {
  it('sends a JSON body parsed, with a JSON content type', () => {
    const draft = { ...defaultDraft(['POST']), jsonBody: '{"email":"a@b.c"}', query: [{ key: 'x', value: '1' }] };
    expect(buildTestRequest(draft)).toEqual({
      ok: true,
      request: {
        method: 'POST',
        subpath: '',
        query: { x: '1' },
        headers: { 'content-type': 'application/json' },
        body: { email: 'a@b.c' },
      },
    });
  });

  it('says why a JSON body cannot be sent instead of sending it', () => {
    const result = buildTestRequest({ ...defaultDraft(['POST']), jsonBody: '{"email":' });
    expect(result.ok).toBe(false);
  });

  it('sends a form parsed into nested objects, as the public endpoint would', () => {
    const draft = {
      ...defaultDraft(['POST']),
      bodyType: 'form' as const,
      formBody: [
        { key: 'name', value: 'Jane' },
        { key: 'address[city]', value: 'Oslo' },
        { key: 'tags[]', value: 'a' },
        { key: 'tags[]', value: 'b' },
        { key: '__proto__[x]', value: 'no' },
      ],
    };
    const result = buildTestRequest(draft);
    expect(result.ok && result.request.body).toEqual({ name: 'Jane', address: { city: 'Oslo' }, tags: ['a', 'b'] });
    expect(result.ok && result.request.headers?.['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('keeps a content type the user set and leaves the body out of GET', () => {
    const draft = {
      ...defaultDraft(['GET']),
      headers: [{ key: 'Content-Type', value: 'text/csv' }],
      bodyType: 'text' as const,
      textBody: 'a,b',
    };
    expect(buildTestRequest(draft)).toMatchObject({ ok: true, request: { method: 'GET' } });
    const post = buildTestRequest({ ...draft, method: 'POST' });
    expect(post.ok && post.request.headers).toEqual({ 'Content-Type': 'text/csv' });
    expect(post.ok && post.request.body).toBe('a,b');
  });

  it('ignores unsafe keys in form names', () => {
    expect(formToObject([{ key: 'constructor[prototype]', value: 'x' }])).toEqual({});
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });

  it('loads a recorded request without transport or redacted headers', () => {
    const recorded: ProcessRequest = {
      method: 'POST',
      url: 'http://h/api/webrequest/a/x?q=1',
      path: '/api/webrequest/a/x',
      subpath: '/x',
      headers: {
        host: 'h',
        'content-type': 'application/x-www-form-urlencoded',
        authorization: '[redacted]',
        'x-k': 'v',
      },
      query: { q: '1' },
      body: { a: { b: '1' }, list: ['x', 'y'] },
      bodyTruncated: false,
      files: [],
    };
    const draft = draftFromProcess(recorded, ['POST']);
    expect(draft.headers).toEqual([
      { key: 'content-type', value: 'application/x-www-form-urlencoded' },
      { key: 'x-k', value: 'v' },
    ]);
    expect(draft.bodyType).toBe('form');
    expect(formToObject(draft.formBody)).toEqual({ a: { b: '1' }, list: ['x', 'y'] });
    expect(draft.query).toEqual([{ key: 'q', value: '1' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { errorBody } from '../core/app-error.js';
import type { RequestSchema } from '../contract/index.js';
import { compileRequestCheck, createRequestChecks, requestInvalid, type RequestParts } from './request-validation.js';

const schema: RequestSchema = {
  body: {
    type: 'object',
    properties: {
      email: { type: 'string', format: 'email' },
      age: { type: 'integer' },
      code: { type: 'string', pattern: '[a-z]+@' },
    },
    required: ['email'],
    additionalProperties: false,
  },
  query: {
    type: 'object',
    properties: { page: { type: 'integer', minimum: 1 }, tags: { type: 'array', items: { type: 'string' } } },
    required: ['page'],
  },
};

function parts(overrides: Partial<RequestParts> = {}): RequestParts {
  return {
    method: 'POST',
    mediaType: 'application/json',
    hasBody: true,
    body: { email: 'lead@example.com' },
    query: { page: '1' },
    ...overrides,
  };
}

describe('request validation', () => {
  const check = compileRequestCheck(schema);

  it('lets a matching request through', () => {
    expect(check(parts())).toEqual([]);
  });

  it('answers 422 request_invalid with details.errors: a JSON Pointer into the part, and the message', () => {
    const errors = check(parts({ body: { email: 'not-an-email' } }));
    expect(errors).toEqual([{ path: '/body/email', message: 'must match format "email"' }]);
    const error = requestInvalid(errors);
    expect(error.status).toBe(422);
    expect(errorBody(error.code, error.message, error.details)).toEqual({
      error: {
        code: 'request_invalid',
        message: 'The request does not match this endpoint\'s schema: /body/email must match format "email"',
        details: { errors: [{ path: '/body/email', message: 'must match format "email"' }] },
      },
    });
  });

  it('names a missing or unexpected property by its own path', () => {
    expect(check(parts({ body: {} }))).toEqual([
      { path: '/body/email', message: "must have required property 'email'" },
    ]);
    expect(check(parts({ body: { email: 'a@b.co', extra: 1 } }))).toEqual([
      { path: '/body/extra', message: 'must NOT have additional properties' },
    ]);
  });

  it('coerces query values from text, on a copy the scenario never sees', () => {
    const query = { page: '2', tags: 'urgent' };
    expect(check(parts({ query }))).toEqual([]);
    expect(query).toEqual({ page: '2', tags: 'urgent' });
    expect(check(parts({ query: { page: 'two' } }))).toEqual([{ path: '/query/page', message: 'must be integer' }]);
    expect(check(parts({ query: {} }))).toEqual([
      { path: '/query/page', message: "must have required property 'page'" },
    ]);
  });

  it('leaves the platform’s own ?async= out of the query check', () => {
    const strict = compileRequestCheck({ query: { type: 'object', additionalProperties: false } });
    expect(strict(parts({ query: { async: 'true' } }))).toEqual([]);
    expect(strict(parts({ query: { other: '1' } }))).toEqual([
      { path: '/query/other', message: 'must NOT have additional properties' },
    ]);
  });

  it('checks form and multipart fields with coercion, and JSON as sent', () => {
    const form = parts({ mediaType: 'application/x-www-form-urlencoded', body: { email: 'a@b.co', age: '42' } });
    expect(check(form)).toEqual([]);
    expect(check({ ...form, mediaType: 'multipart/form-data' })).toEqual([]);
    expect(check(parts({ body: { email: 'a@b.co', age: '42' } }))).toEqual([
      { path: '/body/age', message: 'must be integer' },
    ]);
  });

  it('refuses a body the schema cannot describe (text, bytes)', () => {
    expect(check(parts({ mediaType: 'text/plain', body: 'hello' }))).toEqual([
      { path: '/body', message: 'must be JSON, a form or multipart/form-data (it was sent as text/plain)' },
    ]);
  });

  it('checks a missing body on POST as null, and skips the body of a GET that sends none', () => {
    expect(check(parts({ hasBody: false, body: null }))).toEqual([{ path: '/body', message: 'must be object' }]);
    expect(check(parts({ method: 'GET', hasBody: false, body: null }))).toEqual([]);
  });

  it('refuses, rather than tests, a string too long for a pattern to be checked quickly', () => {
    const started = Date.now();
    // `[a-z]+@` takes seconds on 100,000 letters in a backtracking engine.
    const errors = check(parts({ body: { email: 'a@b.co', code: 'a'.repeat(100_000) } }));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(errors).toEqual([
      {
        path: '/body',
        message:
          'holds a string longer than 512 characters where the schema tests a pattern (patterns are checked on at most 512)',
      },
    ]);
  });

  it('refuses every request rather than use a stored schema that would not be saved today (an import, an older build)', () => {
    const imported = compileRequestCheck({
      body: { type: 'object', properties: { a: { type: 'string', pattern: '(a+)+$' } } },
    });
    expect(() => imported(parts())).toThrow(expect.objectContaining({ code: 'internal_error' }));
    const remote = compileRequestCheck({ body: { $ref: 'https://example.com/s.json' } });
    expect(() => remote(parts())).toThrow(/remote references are not fetched/);
  });

  it('compiles a schema once per endpoint settings version', () => {
    const checks = createRequestChecks();
    const first = checks.of({ id: 'ep1', requestSchema: schema });
    // The endpoint cache reloads the endpoint as a new object with an equal schema.
    expect(checks.of({ id: 'ep1', requestSchema: structuredClone(schema) })).toBe(first);
    const changed = checks.of({ id: 'ep1', requestSchema: { ...schema, query: { type: 'object' } } });
    expect(changed).not.toBe(first);
    expect(checks.of({ id: 'ep2', requestSchema: null })).toBeNull();
  });
});

import type { Endpoint } from '@contract';
import { describe, expect, it } from 'vitest';
import {
  emptyEndpointValues,
  endpointInput,
  fieldErrorsFromServer,
  validateEndpoint,
  valuesFromEndpoint,
} from './form-model';

const t = (key: string, params?: Record<string, unknown>) => (params ? `${key} ${JSON.stringify(params)}` : key);
const valid = () => ({ ...emptyEndpointValues(), slug: 'contact-form' });

describe('endpoint form validation', () => {
  it('accepts the defaults with a slug', () => {
    expect(validateEndpoint(valid(), t)).toEqual({});
  });

  it('names the slug when it is empty or not a valid slug', () => {
    expect(validateEndpoint({ ...valid(), slug: '' }, t).slug).toBe('endpointForm.errors.required');
    expect(validateEndpoint({ ...valid(), slug: 'Contact Form' }, t).slug).toBe('endpointForm.errors.slug');
    expect(validateEndpoint({ ...valid(), slug: '-lead' }, t).slug).toBe('endpointForm.errors.slug');
  });

  it('needs at least one method', () => {
    expect(validateEndpoint({ ...valid(), methods: [] }, t).methods).toBe('endpointForm.errors.methods');
  });

  it('refuses origins with a path or trailing slash and names the bad one', () => {
    const errors = validateEndpoint({ ...valid(), corsOrigins: 'https://ok.example\nhttps://bad.example/' }, t);
    expect(errors.corsOrigins).toContain('https://bad.example/');
    expect(validateEndpoint({ ...valid(), corsOrigins: '*\nhttp://127.0.0.1:8080' }, t)).toEqual({});
  });

  it('refuses credentials together with the * origin', () => {
    const errors = validateEndpoint({ ...valid(), corsOrigins: '*', corsCredentials: true }, t);
    expect(errors.corsOrigins).toBe('endpointForm.errors.credentialsWildcard');
  });

  it('checks numbers, header names, the async body and the callback URL', () => {
    const errors = validateEndpoint(
      {
        ...valid(),
        timeoutMs: '50',
        bodyLimitKb: 'lots',
        corsHeaders: 'x-ok, bad header',
        corsMaxAge: '100000',
        asyncCustom: true,
        asyncStatus: '700',
        asyncBody: '{nope',
        callbackUrl: 'ftp://example.com',
      },
      t,
    );
    expect(Object.keys(errors).sort()).toEqual(
      ['asyncBody', 'asyncStatus', 'bodyLimitKb', 'callbackUrl', 'corsHeaders', 'corsMaxAge', 'timeoutMs'].sort(),
    );
  });
});

describe('endpoint form input', () => {
  it('turns text into the API shape: blanks become null, lists are split, KB become bytes', () => {
    const input = endpointInput({
      ...valid(),
      name: '  ',
      methods: ['POST', 'GET'],
      timeoutMs: '5000',
      bodyLimitKb: '1.5',
      corsOrigins: 'https://a.example\n\n https://b.example ',
      corsHeaders: 'x-one,\nx-two',
      corsMaxAge: '',
      asyncCustom: true,
      asyncStatus: '202',
      asyncHeaders: [
        { key: 'x-queued', value: 'yes' },
        { key: ' ', value: 'ignored' },
      ],
      asyncBody: '{"accepted":true}',
    });
    expect(input).toMatchObject({
      slug: 'contact-form',
      name: 'contact-form',
      methods: ['GET', 'POST'],
      timeoutMs: 5000,
      bodyLimitBytes: 1536,
      cors: { origins: ['https://a.example', 'https://b.example'], headers: ['x-one', 'x-two'], maxAgeSeconds: null },
      asyncResponse: { status: 202, headers: { 'x-queued': 'yes' }, body: { accepted: true } },
      callbackUrl: null,
    });
  });

  it('round-trips an endpoint through the form', () => {
    const endpoint: Endpoint = {
      id: 'e1',
      slug: 'lead',
      name: 'Lead',
      description: 'd',
      enabled: false,
      methods: ['POST'],
      alwaysAsync: true,
      timeoutMs: 3000,
      cors: { origins: ['https://a.example'], credentials: true, headers: ['x-k'], maxAgeSeconds: 60 },
      access: { type: 'public' },
      ipAllowlist: ['203.0.113.0/24'],
      rateLimit: { requests: 5, windowSeconds: 1, by: 'principal', window: 'fixed' },
      asyncResponse: { status: 200, headers: { a: 'b' }, body: { ok: 1 } },
      callbackUrl: 'https://cb.example/x',
      bodyLimitBytes: 2048,
      cspSandbox: false,
      secrets: ['ZED', 'CRM_TOKEN'],
      scenarioVersion: 3,
      language: 'typescript',
      createdAt: '',
      updatedAt: '',
    };
    const {
      slug,
      name,
      description,
      enabled,
      methods,
      alwaysAsync,
      timeoutMs,
      cors,
      asyncResponse,
      callbackUrl,
      bodyLimitBytes,
      cspSandbox,
      access,
      ipAllowlist,
      rateLimit,
    } = endpoint;
    expect(endpointInput(valuesFromEndpoint(endpoint))).toEqual({
      slug,
      name,
      description,
      enabled,
      methods,
      alwaysAsync,
      timeoutMs,
      cors,
      asyncResponse,
      callbackUrl,
      bodyLimitBytes,
      cspSandbox,
      secrets: ['CRM_TOKEN', 'ZED'],
      access,
      ipAllowlist,
      rateLimit,
    });
  });
});

describe('server field errors', () => {
  it('maps zod paths onto the form fields and keeps unknown ones for the form', () => {
    expect(
      fieldErrorsFromServer({
        slug: 'taken',
        'cors.origins.1': 'must be an origin',
        'asyncResponse.status': 'too big',
        bodyLimitBytes: 'too big',
        'access.username': 'cannot contain ":"',
        'ipAllowlist.2': 'not an address',
        'rateLimit.windowSeconds': 'too big',
        'requestSchema.body': 'unknown',
      }),
    ).toEqual({
      slug: 'taken',
      corsOrigins: 'must be an origin',
      asyncStatus: 'too big',
      bodyLimitKb: 'too big',
      basicUsername: 'cannot contain ":"',
      ipAllowlist: 'not an address',
      rateWindowSeconds: 'too big',
      _form: 'requestSchema.body: unknown',
    });
  });

  it('puts access.secret next to the secret of the type being saved', () => {
    expect(fieldErrorsFromServer({ 'access.secret': 'empty' }, 'hmac')).toEqual({ hmacSecret: 'empty' });
    expect(fieldErrorsFromServer({ 'access.secret': 'empty' }, 'jwt')).toEqual({ jwtSecret: 'empty' });
  });
});

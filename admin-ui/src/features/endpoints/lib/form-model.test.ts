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
        timeoutSeconds: '0.05',
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
      ['asyncBody', 'asyncStatus', 'bodyLimitKb', 'callbackUrl', 'corsHeaders', 'corsMaxAge', 'timeoutSeconds'].sort(),
    );
  });
});

describe('the time limit in seconds', () => {
  it("shows the API's milliseconds as seconds and sends them back unchanged", () => {
    const saved = { ...endpointInput(valid()), timeoutMs: 1500 } as unknown as Endpoint;
    const values = valuesFromEndpoint(saved);
    expect(values.timeoutSeconds).toBe('1.5');
    expect(endpointInput(values).timeoutMs).toBe(1500);
    expect(valuesFromEndpoint({ ...saved, timeoutMs: 30_000 }).timeoutSeconds).toBe('30');
    expect(valuesFromEndpoint({ ...saved, timeoutMs: null }).timeoutSeconds).toBe('');
  });

  it('takes decimals with a point or a comma and sends milliseconds', () => {
    expect(endpointInput({ ...valid(), timeoutSeconds: '2.25' }).timeoutMs).toBe(2250);
    expect(endpointInput({ ...valid(), timeoutSeconds: '1,5' }).timeoutMs).toBe(1500);
    expect(endpointInput({ ...valid(), timeoutSeconds: '0.1' }).timeoutMs).toBe(100);
    expect(endpointInput({ ...valid(), timeoutSeconds: ' ' }).timeoutMs).toBeNull();
  });

  it('says the limit in seconds when it is too short or not a number', () => {
    for (const text of ['0.05', '0', 'ten', '-1', '1.5s']) {
      expect([text, validateEndpoint({ ...valid(), timeoutSeconds: text }, t).timeoutSeconds]).toEqual([
        text,
        'endpointForm.errors.timeout {"min":"0.1"}',
      ]);
    }
    expect(validateEndpoint({ ...valid(), timeoutSeconds: '0.1' }, t)).toEqual({});
  });

  it("puts the server's refusal of timeoutMs on the seconds field, in seconds", () => {
    const errors = fieldErrorsFromServer({ timeoutMs: 'at most 60000 ms (the server maximum)' });
    expect(errors.timeoutSeconds).toBe('At most 60 s (the server maximum).');
  });
});

describe('endpoint form input', () => {
  it('turns text into the API shape: blanks become null, lists are split, KB become bytes', () => {
    const input = endpointInput({
      ...valid(),
      name: '  ',
      methods: ['POST', 'GET'],
      timeoutSeconds: '5',
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

  it('keeps refusing unlisted origins on an endpoint saved before the setting existed, and sends the choice', () => {
    const saved = {
      ...endpointInput(valid()),
      cors: { origins: ['https://a.example'], credentials: false, headers: [], maxAgeSeconds: 600 },
    } as unknown as Endpoint;
    const values = valuesFromEndpoint(saved);
    expect(values.corsEnforce).toBe(true);
    expect(endpointInput({ ...values, corsEnforce: false }).cors?.enforce).toBe(false);
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
      cors: { origins: ['https://a.example'], credentials: true, headers: ['x-k'], maxAgeSeconds: 60, enforce: false },
      access: { type: 'public' },
      ipAllowlist: ['203.0.113.0/24'],
      rateLimit: { requests: 5, windowSeconds: 1, by: 'principal', window: 'fixed' },
      failureAlert: { webhookUrl: 'https://alerts.example/hook', email: null, maxPerHour: 25 },
      asyncResponse: { status: 200, headers: { a: 'b' }, body: { ok: 1 } },
      callbackUrl: 'https://cb.example/x',
      callbackSecret: 'cbs-0123456789abcdef',
      bodyLimitBytes: 2048,
      cspSandbox: false,
      secrets: ['ZED', 'CRM_TOKEN'],
      requestSchema: {
        body: { type: 'object', properties: { email: { type: 'string', format: 'email' } }, required: ['email'] },
        query: { type: 'object', properties: { page: { type: 'integer' } } },
      },
      documented: true,
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
      failureAlert,
      requestSchema,
      documented,
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
      failureAlert,
      requestSchema,
      documented,
    });
  });
});

describe('failure alerts and the callback secret in the form', () => {
  it('sends failure alerts as off (null) while both the webhook and the email are blank', () => {
    expect(endpointInput({ ...valid(), alertMaxPerHour: 'junk' }).failureAlert).toBeNull();
    expect(validateEndpoint({ ...valid(), alertMaxPerHour: 'junk' }, t)).toEqual({});
  });

  it('sends the webhook, the email and the hourly cap, blanks as null, the default cap 10', () => {
    expect(endpointInput({ ...valid(), alertEmail: ' ops@example.com ' }).failureAlert).toEqual({
      webhookUrl: null,
      email: 'ops@example.com',
      maxPerHour: 10,
    });
    expect(
      endpointInput({ ...valid(), alertWebhookUrl: 'https://hooks.example/x', alertMaxPerHour: '3' }).failureAlert,
    ).toEqual({ webhookUrl: 'https://hooks.example/x', email: null, maxPerHour: 3 });
  });

  it('names a bad webhook URL, email or hourly cap', () => {
    const errors = validateEndpoint(
      { ...valid(), alertWebhookUrl: 'javascript:alert(1)', alertEmail: 'ops at example', alertMaxPerHour: '0' },
      t,
    );
    expect(errors).toEqual({
      alertWebhookUrl: 'endpointForm.errors.url',
      alertEmail: 'endpointForm.errors.email',
      alertMaxPerHour: 'endpointForm.errors.perHour {"max":1000}',
    });
    expect(validateEndpoint({ ...valid(), alertEmail: 'a@b.c', alertMaxPerHour: '1001' }, t).alertMaxPerHour).toBe(
      'endpointForm.errors.perHour {"max":1000}',
    );
  });

  it('never sends the callback secret, whatever the endpoint it was read from holds', () => {
    const endpoint = { ...savedEndpoint(), callbackSecret: 'cbs-must-not-leave' };
    const input = endpointInput(valuesFromEndpoint(endpoint));
    expect(input).not.toHaveProperty('callbackSecret');
    expect(JSON.stringify(input)).not.toContain('cbs-must-not-leave');
  });
});

function savedEndpoint(): Endpoint {
  return {
    id: 'e2',
    slug: 'orders',
    name: 'Orders',
    description: '',
    enabled: true,
    methods: ['POST'],
    alwaysAsync: true,
    timeoutMs: null,
    cors: { origins: [], credentials: false, headers: [], maxAgeSeconds: null },
    access: { type: 'public' },
    ipAllowlist: [],
    rateLimit: null,
    failureAlert: { webhookUrl: null, email: 'ops@example.com', maxPerHour: 10 },
    asyncResponse: null,
    callbackUrl: 'https://cb.example/orders',
    callbackSecret: null,
    bodyLimitBytes: null,
    cspSandbox: true,
    secrets: [],
    requestSchema: null,
    documented: false,
    scenarioVersion: 1,
    language: 'javascript',
    createdAt: '',
    updatedAt: '',
  };
}

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
        'futureSetting.value': 'unknown',
        'failureAlert.email': 'Invalid email',
        'failureAlert.maxPerHour': 'Number must be less than or equal to 1000',
      }),
    ).toEqual({
      slug: 'taken',
      corsOrigins: 'must be an origin',
      asyncStatus: 'too big',
      bodyLimitKb: 'too big',
      basicUsername: 'cannot contain ":"',
      ipAllowlist: 'not an address',
      rateWindowSeconds: 'too big',
      alertEmail: 'Not a valid email address.',
      alertMaxPerHour: 'At most 1000.',
      _form: 'futureSetting.value: unknown',
    });
  });

  it('puts access.secret next to the secret of the type being saved', () => {
    expect(fieldErrorsFromServer({ 'access.secret': 'empty' }, 'hmac')).toEqual({ hmacSecret: 'empty' });
    expect(fieldErrorsFromServer({ 'access.secret': 'empty' }, 'jwt')).toEqual({ jwtSecret: 'empty' });
  });
});

describe('the request schema in the form', () => {
  it('sends the schemas as JSON, leaving out an empty part, and null with none', () => {
    const values = { ...valid(), requestSchemaBody: '{ "type": "object" }', documented: true };
    expect(endpointInput(values)).toMatchObject({ requestSchema: { body: { type: 'object' } }, documented: true });
    expect(endpointInput(valid())).toMatchObject({ requestSchema: null, documented: false });
  });

  it('says which schema is not JSON or not a schema before asking the server', () => {
    const errors = validateEndpoint({ ...valid(), requestSchemaBody: '{ "type": ', requestSchemaQuery: '"x"' }, t);
    expect(errors).toMatchObject({
      requestSchemaBody: expect.stringContaining('requestSchema.errors.json'),
      requestSchemaQuery: expect.stringContaining('requestSchema.errors.notSchema'),
    });
  });

  it('puts the server’s findings in a schema under the right editor, with where in the schema', () => {
    expect(
      fieldErrorsFromServer({
        'requestSchema.body.properties.email.format': 'unknown format "emial"',
        'requestSchema.query': '/properties/page/type: must be equal to one of the allowed values',
        documented: 'Expected boolean',
      }),
    ).toEqual({
      requestSchemaBody: '/properties/email/format: unknown format "emial"',
      requestSchemaQuery: '/properties/page/type: must be equal to one of the allowed values',
      documented: 'Expected boolean',
    });
  });
});

import { describe, expect, it } from 'vitest';
import type { Endpoint } from '../store/types.js';
import { buildOpenApi, publicEndpoints } from './openapi.js';

function endpoint(overrides: Partial<Endpoint> = {}): Endpoint {
  return {
    id: 'ep-1',
    slug: 'contact-form',
    name: 'Contact form',
    description: 'Receives the contact form of the website.',
    enabled: true,
    documented: true,
    methods: ['POST'],
    alwaysAsync: false,
    timeoutMs: null,
    cors: { origins: [], credentials: false, headers: [], maxAgeSeconds: 600 },
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
    requestSchema: null,
    scenarioVersion: 1,
    language: 'javascript',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-02T00:00:00.000Z',
    ...overrides,
  };
}

const SERVER = { serverUrl: 'https://gate.example.com' };
type Operation = Record<string, any>;
const operation = (doc: ReturnType<typeof buildOpenApi>, path: string, method: string) =>
  doc.paths[path]![method] as Operation;

describe('publicEndpoints', () => {
  it('lists only enabled endpoints whose owner documented them', () => {
    const listed = publicEndpoints([
      endpoint({ slug: 'shown' }),
      endpoint({ slug: 'undocumented', documented: false }),
      endpoint({ slug: 'saved-before-the-setting', documented: undefined }),
      endpoint({ slug: 'disabled', enabled: false }),
    ]);
    expect(listed.map((e) => e.slug)).toEqual(['shown']);
  });
});

describe('buildOpenApi', () => {
  it('describes the endpoint and its subpath form with its methods, name and description', () => {
    const doc = buildOpenApi([endpoint({ methods: ['GET', 'POST'] })], SERVER);
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: 'https://gate.example.com' }]);
    expect(Object.keys(doc.paths)).toEqual(['/api/webrequest/contact-form', '/api/webrequest/contact-form/{subpath}']);
    expect(Object.keys(doc.paths['/api/webrequest/contact-form']!)).toEqual(['get', 'post']);
    const post = operation(doc, '/api/webrequest/contact-form', 'post');
    expect(post.summary).toBe('Contact form');
    expect(post.description).toMatch(/^Receives the contact form of the website\./);
    const sub = operation(doc, '/api/webrequest/contact-form/{subpath}', 'post');
    expect(sub.parameters[0]).toMatchObject({ name: 'subpath', in: 'path', required: true });
    expect(sub.operationId).not.toBe(post.operationId);
  });

  it('takes the request body and query parameters from the schema, references moved with it', () => {
    const doc = buildOpenApi(
      [
        endpoint({
          requestSchema: {
            body: {
              type: 'object',
              properties: { address: { $ref: '#/$defs/address' } },
              $defs: { address: { type: 'object' } },
              const: { $ref: 'data, not a reference' },
            },
            query: {
              type: 'object',
              properties: { page: { type: 'integer', description: 'From 1' }, filter: { type: 'object' } },
              required: ['page'],
            },
          },
        }),
      ],
      SERVER,
    );
    const post = operation(doc, '/api/webrequest/contact-form', 'post');
    expect(post.requestBody.required).toBe(true);
    expect(Object.keys(post.requestBody.content)).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
    ]);
    expect(post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/contact-form.body',
    });
    const body = (doc.components as any).schemas['contact-form.body'];
    expect(body.properties.address.$ref).toBe('#/components/schemas/contact-form.body/$defs/address');
    expect(body.const).toEqual({ $ref: 'data, not a reference' });
    const params = post.parameters.filter((p: Operation) => p.in === 'query');
    expect(params).toEqual([
      {
        name: 'page',
        in: 'query',
        required: true,
        schema: { type: 'integer', description: 'From 1' },
        description: 'From 1',
      },
      { name: 'filter', in: 'query', required: false, schema: { type: 'object' }, style: 'deepObject', explode: true },
      expect.objectContaining({ name: 'async', in: 'query', required: false }),
    ]);
    expect(post.responses['422']).toEqual({ $ref: '#/components/responses/Unprocessable' });
  });

  it('answers 200 and the 202 of an async call, or only 202 when the endpoint always runs async', () => {
    const doc = buildOpenApi([endpoint()], SERVER);
    const post = operation(doc, '/api/webrequest/contact-form', 'post');
    expect(Object.keys(post.responses)).toEqual(expect.arrayContaining(['200', '202', '500', '504']));
    expect(post.responses['202'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Accepted' });
    expect((doc.components as any).schemas.Accepted.required).toEqual(['processId', 'status', 'statusUrl']);

    const always = operation(
      buildOpenApi([endpoint({ alwaysAsync: true })], SERVER),
      '/api/webrequest/contact-form',
      'post',
    );
    expect(always.responses['200']).toBeUndefined();
    expect(always.responses['202']).toBeDefined();
    expect(always.parameters.some((p: Operation) => p.name === 'async')).toBe(false);
  });

  it('describes the error shape for every error answer', () => {
    const doc = buildOpenApi([endpoint()], SERVER);
    const error = (doc.components as any).schemas.Error;
    expect(error.required).toEqual(['error']);
    expect(error.properties.error.required).toEqual(['code', 'message']);
    expect(error.properties.error.properties.details.properties.errors.items.required).toEqual(['path', 'message']);
    for (const response of Object.values((doc.components as any).responses) as Operation[]) {
      expect(response.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Error' });
    }
  });

  it.each([
    [
      { type: 'basic', username: 'alertmanager', passwordHash: 'scrypt$secret-hash' },
      { basicAuth: { type: 'http', scheme: 'basic' } },
    ],
    [
      {
        type: 'jwt',
        algorithms: ['RS256'],
        sealedSecret: null,
        publicKey: 'PEM',
        jwksUrl: 'https://idp/jwks',
        issuer: 'iss',
        audience: 'aud',
        clockSkewSeconds: 30,
      },
      { jwtBearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }) },
    ],
    [
      { type: 'apiKey' },
      {
        apiKeyHeader: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
        apiKeyBearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      },
    ],
    [
      { type: 'hmac', preset: 'github', toleranceSeconds: 300, sealedSecret: 'sealed-secret' },
      { 'hmac-github': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Hub-Signature-256' }) },
    ],
  ] as const)('turns access %j into its security scheme', (access, schemes) => {
    const doc = buildOpenApi([endpoint({ access: access as Endpoint['access'] })], SERVER);
    expect((doc.components as any).securitySchemes).toEqual(schemes);
    const post = operation(doc, '/api/webrequest/contact-form', 'post');
    expect(post.security).toEqual(Object.keys(schemes).map((name) => ({ [name]: [] })));
    expect(post.responses['401']).toBeDefined();
  });

  it('never shows secrets, keys, allowlists, CORS origins, callbacks or other settings', () => {
    const doc = buildOpenApi(
      [
        endpoint({
          access: {
            type: 'jwt',
            algorithms: ['HS256'],
            sealedSecret: 'SEALED-JWT',
            publicKey: '-----BEGIN PUBLIC KEY-----',
            jwksUrl: 'https://idp.internal/jwks',
            issuer: 'https://idp.internal',
            audience: 'internal-aud',
            clockSkewSeconds: 30,
          },
          ipAllowlist: ['10.20.30.0/24'],
          cors: { origins: ['https://partner.internal'], credentials: false, headers: [], maxAgeSeconds: 600 },
          rateLimit: { requests: 77, windowSeconds: 60, by: 'ip', window: 'sliding' },
          callbackUrl: 'https://hooks.internal/cb',
          sealedCallbackSecret: 'SEALED-CALLBACK',
          secrets: ['STRIPE_KEY'],
          failureAlert: { webhookUrl: 'https://alerts.internal', email: 'ops@internal', maxPerHour: 5 },
        }),
      ],
      SERVER,
    );
    const text = JSON.stringify(doc);
    for (const leak of [
      'SEALED',
      'BEGIN PUBLIC KEY',
      '.internal',
      'internal-aud',
      '10.20.30',
      'STRIPE_KEY',
      '"77"',
      'ep-1',
    ]) {
      expect(text).not.toContain(leak);
    }
    expect(operation(doc, '/api/webrequest/contact-form', 'post').description).toMatch(/allowed addresses/);
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

/**
 * An endpoint's request schema (README "Request schema and API docs"), through the real server:
 * a request that does not match is refused `422 request_invalid` before the scenario runs —
 * the scenario would call a loopback receiver first thing, and the receiver hears nothing — and
 * no process is recorded; test runs of drafts get the same verdict.
 */

let server: TestServer;
let admin: AdminClient;
let receiver: Server;
let receiverPort = 0;
const hits: string[] = [];

/** Tells the receiver it ran, then echoes what it received. */
function scenario(tag: string): string {
  return `export default async (request) => {
  await fetch('http://127.0.0.1:${receiverPort}/ran/${tag}');
  return { body: request.body, query: request.query };
};`;
}

const SIGNUP = {
  body: {
    type: 'object',
    properties: {
      email: { type: 'string', format: 'email' },
      age: { type: 'integer', minimum: 18 },
      plan: { enum: ['free', 'pro'] },
    },
    required: ['email', 'plan'],
  },
  query: { type: 'object', properties: { page: { type: 'integer', minimum: 1 } }, required: ['page'] },
};

async function call(slug: string, init: RequestInit & { query?: string } = {}) {
  const res = await fetch(`${server.url}/api/webrequest/${slug}${init.query ?? ''}`, init);
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

const json = (value: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value),
});

beforeAll(async () => {
  receiver = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('ok');
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverPort = (receiver.address() as AddressInfo).port;
  server = await startTestServer({ OUTBOUND_ALLOW: `127.0.0.1:${receiverPort}` });
  admin = await signIn(server.url);
});

afterAll(async () => {
  await server?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

describe('request schema', () => {
  let endpointId = '';

  beforeAll(async () => {
    endpointId = (await createEndpoint(admin, 'signup', scenario('signup'), { requestSchema: SIGNUP })).id;
  });

  it('is saved, returned by the admin API and refused with the path of a bad part', async () => {
    const shown = await admin.call('GET', `/endpoints/${endpointId}`);
    expect(shown.body.requestSchema).toEqual(SIGNUP);
    expect(shown.body.documented).toBe(false);

    const bad = await admin.call('PATCH', `/endpoints/${endpointId}`, {
      requestSchema: { body: { type: 'object', properties: { email: { type: 'string', format: 'emial' } } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(Object.keys(bad.body.error.fields)).toEqual(['requestSchema.body.properties.email']);
    const remote = await admin.call('PATCH', `/endpoints/${endpointId}`, {
      requestSchema: { body: { $ref: 'https://example.com/schema.json' } },
    });
    expect(remote.body.error.fields).toHaveProperty(['requestSchema.body.$ref']);
    expect((await admin.call('GET', `/endpoints/${endpointId}`)).body.requestSchema).toEqual(SIGNUP);
  });

  it('refuses a request that does not match with 422 request_invalid, before the scenario runs, recording nothing', async () => {
    const before = await server.store.countProcesses({ endpointId });
    const res = await call('signup', { ...json({ email: 'not-an-email', plan: 'free' }), query: '?page=1' });
    expect(res.status).toBe(422);
    expect(res.headers.get('x-process-id')).toBeNull();
    expect(res.body).toEqual({
      error: {
        code: 'request_invalid',
        message: expect.stringContaining('/body/email'),
        details: { errors: [{ path: '/body/email', message: 'must match format "email"' }] },
      },
    });
    const async = await call('signup', { ...json({ plan: 'gold', email: 'a@b.co' }), query: '?page=1&async=true' });
    expect(async.status).toBe(422);
    expect(async.body.error.details.errors).toEqual([
      { path: '/body/plan', message: 'must be equal to one of the allowed values' },
    ]);
    const missingQuery = await call('signup', json({ email: 'a@b.co', plan: 'pro' }));
    expect(missingQuery.body.error.details.errors).toEqual([
      { path: '/query/page', message: "must have required property 'page'" },
    ]);
    expect(hits.filter((hit) => hit === '/ran/signup')).toEqual([]);
    expect(await server.store.countProcesses({ endpointId })).toBe(before);
  });

  it('runs a matching request, sync and async, with the query as it was sent', async () => {
    const ok = await call('signup', { ...json({ email: 'lead@example.com', plan: 'pro', age: 30 }), query: '?page=2' });
    expect(ok.status).toBe(200);
    // `?page=2` matched `{ type: "integer" }`; the scenario still reads the text it was sent.
    expect(ok.body).toEqual({ body: { email: 'lead@example.com', plan: 'pro', age: 30 }, query: { page: '2' } });

    const queued = await call('signup', {
      ...json({ email: 'lead@example.com', plan: 'free' }),
      query: '?page=3&async=1',
    });
    expect(queued.status).toBe(202);
    const status = await waitFor(async () => {
      const body: any = await (await fetch(queued.body.statusUrl)).json();
      return body.status === 'succeeded' ? body : null;
    });
    expect(JSON.parse(status.response.body).query).toEqual({ page: '3', async: '1' });
    expect(hits.filter((hit) => hit === '/ran/signup').length).toBe(2);
  });

  it('checks form fields with their text coerced, and refuses a body the schema cannot describe', async () => {
    const form = await call('signup', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40b.co&plan=free&age=21',
      query: '?page=1',
    });
    expect(form.status).toBe(200);
    expect(form.body.body).toEqual({ email: 'a@b.co', plan: 'free', age: '21' });
    const young = await call('signup', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=a%40b.co&plan=free&age=12',
      query: '?page=1',
    });
    expect(young.body.error.details.errors).toEqual([{ path: '/body/age', message: 'must be >= 18' }]);
    const text = await call('signup', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'hi',
      query: '?page=1',
    });
    expect(text.status).toBe(422);
    expect(text.body.error.details.errors[0].path).toBe('/body');
  });

  it('counts refusals in /metrics as request_invalid', async () => {
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/scriptgate_rejected_total\{slug="signup",reason="request_invalid"\} [3-9]/);
  });

  it('applies a changed schema to the next request', async () => {
    const changed = await admin.call('PATCH', `/endpoints/${endpointId}`, {
      requestSchema: { body: { type: 'object', required: ['name'] } },
    });
    expect(changed.status).toBe(200);
    expect((await call('signup', json({ name: 'Ada' }))).status).toBe(200);
    expect((await call('signup', json({ email: 'a@b.co' }))).status).toBe(422);
    expect(
      (await admin.call('PATCH', `/endpoints/${endpointId}`, { requestSchema: null })).body.requestSchema,
    ).toBeNull();
    expect((await call('signup', json({ email: 'a@b.co' }))).status).toBe(200);
  });
});

describe('test runs', () => {
  let endpointId = '';

  beforeAll(async () => {
    endpointId = (await createEndpoint(admin, 'drafted', scenario('drafted'), { requestSchema: SIGNUP })).id;
  });

  it('refuse a draft request that fails the saved schema the way the public route would, without running it', async () => {
    const run = await admin.call('POST', `/endpoints/${endpointId}/test-run`, {
      request: { method: 'POST', query: { page: '1' }, body: { email: 'nope', plan: 'free' } },
    });
    expect(run.status).toBe(200);
    expect(run.body).toEqual({
      response: {
        status: 422,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: expect.any(String),
        bodyEncoding: 'utf8',
        bodyTruncated: false,
      },
      error: { code: 'request_invalid', name: 'RequestInvalid', message: expect.stringContaining('/body/email') },
      validationErrors: [{ path: '/body/email', message: 'must match format "email"' }],
      logs: [],
      fetches: [],
      mails: [],
      durationMs: 0,
    });
    const publicAnswer = await call('drafted', { ...json({ email: 'nope', plan: 'free' }), query: '?page=1' });
    expect(JSON.parse(run.body.response.body)).toEqual(publicAnswer.body);
    expect(hits.filter((hit) => hit === '/ran/drafted')).toEqual([]);
  });

  it('check against a draft schema when one is sent, or none when it is null', async () => {
    const draftSchema = { body: { type: 'object', required: ['name'] } };
    const refused = await admin.call('POST', `/endpoints/${endpointId}/test-run`, {
      requestSchema: draftSchema,
      request: { method: 'POST', body: { email: 'a@b.co', plan: 'free' } },
    });
    expect(refused.body.validationErrors).toEqual([
      { path: '/body/name', message: "must have required property 'name'" },
    ]);
    const passed = await admin.call('POST', `/endpoints/${endpointId}/test-run`, {
      requestSchema: draftSchema,
      request: { method: 'POST', body: { name: 'Ada' } },
    });
    expect(passed.body.error).toBeNull();
    expect(passed.body.validationErrors).toBeUndefined();
    expect(JSON.parse(passed.body.response.body).body).toEqual({ name: 'Ada' });
    const unchecked = await admin.call('POST', `/endpoints/${endpointId}/test-run`, {
      requestSchema: null,
      request: { method: 'POST', body: { anything: true } },
    });
    expect(unchecked.body.error).toBeNull();
    const invalidDraft = await admin.call('POST', `/endpoints/${endpointId}/test-run`, {
      requestSchema: { body: { type: 'objekt' } },
      request: { method: 'POST', body: {} },
    });
    expect(invalidDraft.status).toBe(400);
    expect(Object.keys(invalidDraft.body.error.fields)).toContain('requestSchema.body.type');
  });
});

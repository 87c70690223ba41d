import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

// What a sync run leaves in the store, on both of its paths: a run that ends within 100 ms is
// written once, finished; a longer one is written `running` first, then patched. The record is
// copied field by field (processes/record.ts), so every field is checked here, on both paths:
// the caller's credentials and the full input never reach the store, and nothing is lost.
let server: TestServer;
let admin: AdminClient;

const BEARER = 'Bearer caller-token-9f2c1e';
const CALLER_COOKIE = 'sid=caller-cookie-77ab';

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url);
  await createEndpoint(
    admin,
    'quick-record',
    `export default (request, ctx) => { ctx.log.info('seen ' + request.body.order); return { order: request.body.order }; }`,
  );
  await createEndpoint(
    admin,
    'slow-record',
    `export default async (request, ctx) => {
       ctx.log.info('seen ' + request.body.order);
       await new Promise((resolve) => setTimeout(resolve, 300));
       return { order: request.body.order };
     }`,
  );
});

afterAll(async () => {
  await server?.stop();
});

async function call(slug: string, order: string) {
  const res = await fetch(`${server.url}/api/webrequest/${slug}?ref=${order}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: BEARER,
      cookie: CALLER_COOKIE,
      'idempotency-key': `key-${order}`,
    },
    body: JSON.stringify({ order }),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ order });
  const processId = res.headers.get('x-process-id');
  expect(processId).toBeTruthy();
  return processId!;
}

describe.each([
  ['ends within 100 ms: written once', 'quick-record'],
  ['takes longer: written running, then patched', 'slow-record'],
])('a sync run that %s', (_title, slug) => {
  it('records every field of the run, and neither the caller’s credentials nor its input', async () => {
    const order = `${slug}-A17`;
    const processId = await call(slug, order);
    // The answer is sent once the record is stored; `processes.updated` may trail it for a moment.
    const record = await waitFor(async () => {
      const found = await server.store.getProcessWithToken(processId);
      return found?.process.status === 'succeeded' ? found : null;
    });
    const { process, statusTokenHash } = record;
    expect(process).toMatchObject({
      id: processId,
      slug,
      scenarioVersion: 1,
      mode: 'sync',
      status: 'succeeded',
      attempt: 1,
      logsTruncated: false,
      error: null,
      ip: '127.0.0.1',
      principal: { type: 'anonymous', id: null },
      fetches: [],
      mails: [],
      callback: null,
      rerunOf: null,
      idempotencyKey: `key-${order}`,
    });
    expect(process.request).toMatchObject({
      method: 'POST',
      url: expect.stringContaining(`/api/webrequest/${slug}?ref=${order}`),
      query: { ref: order },
      body: { order },
      bodyTruncated: false,
    });
    expect(process.request.headers.authorization).toBe('[redacted]');
    expect(process.request.headers.cookie).toBe('[redacted]');
    expect(process.response).toMatchObject({ status: 200, bodyEncoding: 'utf8', bodyTruncated: false });
    expect(JSON.parse(process.response!.body)).toEqual({ order });
    expect(process.logs.map((line) => line.text)).toEqual([`seen ${order}`]);
    expect(Date.parse(process.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(process.startedAt!));
    expect(process.durationMs).toBeGreaterThanOrEqual(slug === 'slow-record' ? 250 : 0);
    // A sync run keeps no status token and no input: the full request (cookies, files) is not stored.
    expect(statusTokenHash).toBeNull();
    expect(await server.store.getProcessInput(processId)).toBeNull();
    const stored = JSON.stringify(process);
    expect(stored).not.toContain('caller-token-9f2c1e');
    expect(stored).not.toContain('caller-cookie-77ab');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

/**
 * Idempotency-Key (README "Calling an endpoint"): the same key and the same request run the
 * scenario once; repeats get the first answer back; a different request under the key is
 * refused; concurrent repeats still run once.
 */

let server: TestServer;
let admin: AdminClient;
const url = (path: string) => `${server.url}${path}`;

beforeAll(async () => {
  server = await startTestServer();
  admin = await signIn(server.url);
  await createEndpoint(
    admin,
    'order',
    `export default async (request, ctx) => {
      if (request.query.wait) await new Promise((ok) => setTimeout(ok, Number(request.query.wait)));
      return new Response(JSON.stringify({ order: request.body, process: ctx.process }), {
        status: 201,
        headers: { 'content-type': 'application/json', 'x-order': 'made' },
      });
    }`,
  );
  await createEndpoint(admin, 'other', 'export default () => "other"');
});

afterAll(async () => {
  await server?.stop();
});

const post = (path: string, key: string | null, body: unknown) =>
  fetch(url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
    body: JSON.stringify(body),
  });

async function processesWithKey(key: string) {
  return (await admin.call('GET', `/processes?idempotencyKey=${encodeURIComponent(key)}`)).body.items as Array<{
    id: string;
    idempotencyKey: string;
  }>;
}

describe('Idempotency-Key', () => {
  it('replays a sync answer with Idempotent-Replayed and the same X-Process-Id, running the scenario once', async () => {
    const first = await post('/api/webrequest/order', 'order-1', { sku: 'A' });
    expect(first.status).toBe(201);
    const firstBody = (await first.json()) as any;
    expect(firstBody.process).toEqual({ id: first.headers.get('x-process-id'), attempt: 1 });
    expect(first.headers.get('idempotent-replayed')).toBeNull();

    const again = await post('/api/webrequest/order', 'order-1', { sku: 'A' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('x-process-id')).toBe(first.headers.get('x-process-id'));
    expect(again.headers.get('x-order')).toBe('made');
    expect(again.headers.get('content-security-policy')).toContain('sandbox');
    expect((await again.json()) as any).toEqual(firstBody);

    const runs = await processesWithKey('order-1');
    expect(runs).toHaveLength(1);
    expect(runs[0]!.idempotencyKey).toBe('order-1');
  });

  it('answers a repeat of an async call with the same 202 and process', async () => {
    const first = await post('/api/webrequest/order?async=true', 'async-1', { sku: 'B' });
    expect(first.status).toBe(202);
    const body = (await first.json()) as any;
    const again = await post('/api/webrequest/order?async=true', 'async-1', { sku: 'B' });
    expect(again.status).toBe(202);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await again.json()) as any).toEqual(body);
    expect(again.headers.get('x-process-id')).toBe(body.processId);
    await waitFor(async () => (await admin.call('GET', `/processes/${body.processId}`)).body.status === 'succeeded');
    expect(await processesWithKey('async-1')).toHaveLength(1);
  });

  it('refuses the key for a different request with 422, and scopes keys to their endpoint', async () => {
    await post('/api/webrequest/order', 'reused', { sku: 'C' });
    for (const [path, body] of [
      ['/api/webrequest/order', { sku: 'D' }],
      ['/api/webrequest/order?x=1', { sku: 'C' }],
      ['/api/webrequest/order/sub', { sku: 'C' }],
    ] as const) {
      const res = await post(path, 'reused', body);
      expect(res.status, path).toBe(422);
      expect(((await res.json()) as any).error.code).toBe('idempotency_key_reused');
    }
    const elsewhere = await post('/api/webrequest/other', 'reused', { sku: 'C' });
    expect(elsewhere.status).toBe(200);
  });

  it('answers 409 with Retry-After while the first sync run is still going, then replays it', async () => {
    const first = post('/api/webrequest/order?wait=2500', 'slow-1', { sku: 'E' });
    await waitFor(async () => (await processesWithKey('slow-1')).length === 1);
    const during = await post('/api/webrequest/order?wait=2500', 'slow-1', { sku: 'E' });
    expect(during.status).toBe(409);
    expect(during.headers.get('retry-after')).toBe('1');
    expect(((await during.json()) as any).error.code).toBe('idempotency_in_progress');
    const done = await first;
    expect(done.status).toBe(201);
    const after = await post('/api/webrequest/order?wait=2500', 'slow-1', { sku: 'E' });
    expect(after.headers.get('idempotent-replayed')).toBe('true');
    expect(await processesWithKey('slow-1')).toHaveLength(1);
  });

  it('runs the scenario exactly once for 50 concurrent repeats', async () => {
    for (const mode of ['sync', 'async'] as const) {
      const key = `burst-${mode}`;
      const path = mode === 'async' ? '/api/webrequest/order?async=1' : '/api/webrequest/order';
      const answers = await Promise.all(Array.from({ length: 50 }, () => post(path, key, { sku: 'F' })));
      const statuses = answers.map((res) => res.status);
      const ok = mode === 'async' ? 202 : 201;
      expect(
        statuses.every((status) => status === ok || status === 409),
        statuses.join(','),
      ).toBe(true);
      const ids = new Set(answers.filter((res) => res.status === ok).map((res) => res.headers.get('x-process-id')));
      expect(ids.size).toBe(1);
      expect(
        answers.filter((res) => res.status === ok && res.headers.get('idempotent-replayed') === null),
      ).toHaveLength(1);
      expect(await processesWithKey(key)).toHaveLength(1);
    }
  });

  it('refuses a malformed key with 400 invalid_idempotency_key and runs nothing', async () => {
    for (const key of ['x'.repeat(256), 'caf\u00e9', 'tab\tkey']) {
      const res = await post('/api/webrequest/order', key, { sku: 'G' });
      expect(res.status, key).toBe(400);
      expect(((await res.json()) as any).error.code).toBe('invalid_idempotency_key');
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, type AdminClient, type TestServer } from './harness.js';

// The real server with its default isolate heap (64 MB) and result limit (5 MB).
let server: TestServer;
let admin: AdminClient;
const call = (path: string, init?: RequestInit) => fetch(`${server.url}/api/webrequest/${path}`, init);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FOUR_MB = 4 * 1024 * 1024;
const pattern = (i: number) => (i * 31 + 7) & 255;

beforeAll(async () => {
  server = await startTestServer({ LOG_MAX_LINES: '5' });
  admin = await signIn(server.url);
  await createEndpoint(
    admin,
    'binary',
    `export default () => {
      const bytes = new Uint8Array(${FOUR_MB});
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) & 255;
      return new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } });
    }`,
  );
  await createEndpoint(
    admin,
    'upload',
    `export default (request) => {
      const file = request.files[0];
      let checksum = 0;
      for (const byte of file.bytes()) checksum = (checksum + byte) % 65521;
      return { name: file.name, size: file.size, checksum, base64: file.base64().length };
    }`,
  );
  await createEndpoint(
    admin,
    'header-value',
    `export default (request) => new Response('x', { headers: { 'x-value': { ctl: 'a\\u000bb', wide: 'caf\\u0100', latin: 'caf\\u00e9' }[request.query.v] } })`,
  );
  await createEndpoint(
    admin,
    'no-finalizers',
    `export default () => ({ finalization: typeof FinalizationRegistry, weakRef: typeof WeakRef })`,
    { timeoutMs: 1000 },
  );
  await createEndpoint(
    admin,
    'cut-then-spin',
    `export default () => { for (let i = 0; i < 50; i++) console.log('line', i); for (;;) {} }`,
    { timeoutMs: 1000 },
  );
  await createEndpoint(
    admin,
    'tamper',
    `export default (request) => {
      const segments = Object.getPrototypeOf(new Intl.Segmenter().segment('a'));
      let refused = false;
      if (request.query.tamper) try { segments.containing = () => 'hijacked'; } catch { refused = true; }
      return { refused, own: Object.hasOwn(segments, 'containing'), result: typeof segments.containing.call(new Intl.Segmenter().segment('a'), 0) };
    }`,
  );
  await createEndpoint(
    admin,
    'slow',
    `export default () => new Promise((resolve) => setTimeout(() => resolve('slow'), 300))`,
    { timeoutMs: 30_000 },
  );
  await createEndpoint(
    admin,
    'crash-then-slow',
    `export default (request) => request.query.crash ? new Array(1e9).fill(0) : new Promise((resolve) => setTimeout(() => resolve('slow'), 2000))`,
    { timeoutMs: 30_000 },
  );
  await createEndpoint(admin, 'quick', `export default () => ({ quick: true })`);
});

afterAll(async () => {
  await server?.stop();
});

async function quickLatencies(count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const res = await call('quick');
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    latencies.push(performance.now() - started);
    await sleep(20);
  }
  return latencies;
}

describe('sandbox hardening through the public endpoint', () => {
  it('answers a 4 MB binary body byte for byte at the default heap', async () => {
    const res = await call('binary');
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(FOUR_MB);
    const expected = Buffer.alloc(FOUR_MB);
    for (let i = 0; i < FOUR_MB; i++) expected[i] = pattern(i);
    expect(body.equals(expected)).toBe(true);
  });

  it('hands an 8 MB upload to the scenario as bytes at the default heap', async () => {
    const data = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 255;
    let checksum = 0;
    for (const byte of data) checksum = (checksum + byte) % 65521;
    const form = new FormData();
    form.append('file', new Blob([data], { type: 'application/octet-stream' }), 'big.bin');
    const res = await call('upload', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    expect((await res.json()) as any).toEqual({
      name: 'big.bin',
      size: data.length,
      checksum,
      base64: data.toString('base64').length,
    });
  });

  it('fails a response header value that HTTP cannot carry with invalid_response, recorded as failed', async () => {
    for (const v of ['ctl', 'wide']) {
      const res = await call(`header-value?v=${v}`);
      expect(res.status).toBe(500);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe('invalid_response');
      const detail = await admin.call('GET', `/processes/${res.headers.get('x-process-id')}`);
      expect(detail.body.status).toBe('failed');
    }
    // Latin-1 is what Node accepts; the run succeeds and the header is sent.
    const latin = await call('header-value?v=latin');
    expect(latin.status).toBe(200);
    expect(latin.headers.get('x-value')).not.toBeNull();
  });

  it('runs with no FinalizationRegistry or WeakRef', async () => {
    const res = await call('no-finalizers');
    expect((await res.json()) as any).toEqual({ finalization: 'undefined', weakRef: 'undefined' });
  });

  it('records a run killed after its log was cut as truncated', async () => {
    const started = Date.now();
    const res = await call('cut-then-spin');
    expect(res.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(4000);
    const detail = await admin.call('GET', `/processes/${res.headers.get('x-process-id')}`);
    expect(detail.body).toMatchObject({ status: 'timeout', logsTruncated: true });
    expect(detail.body.logs).toHaveLength(5);
  });

  it('keeps a change to a hidden intrinsic from reaching the next run', async () => {
    expect(await (await call('tamper?tamper=1')).json()).toEqual({ refused: true, own: true, result: 'object' });
    expect(await (await call('tamper')).json()).toEqual({ refused: false, own: true, result: 'object' });
  });

  it('answers other endpoints promptly while one endpoint is flooded with slow requests', async () => {
    const flood = Array.from({ length: 140 }, () =>
      call('slow').then(async (res) => (await res.arrayBuffer(), res.status)),
    );
    await sleep(200);
    const latencies = await quickLatencies(15);
    const statuses = await Promise.all(flood);
    expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
    expect(Math.max(...latencies)).toBeLessThan(500);
  });

  it('answers other endpoints promptly while a quarantined endpoint is flooded', async () => {
    const crashed = await call('crash-then-slow?crash=1');
    expect([500, 502]).toContain(crashed.status);
    await crashed.arrayBuffer();
    for (let i = 0; i < 100 && ((await (await fetch(`${server.url}/readyz`)).json()) as any).runner?.alive < 2; i++)
      await sleep(50);
    // Not awaited: the flood takes half a minute to drain; the server's stop cuts it short.
    const flood = Array.from({ length: 66 }, () =>
      call('crash-then-slow').then(
        (res) => res.arrayBuffer(),
        () => null,
      ),
    );
    await sleep(300);
    const latencies = await quickLatencies(10);
    expect(Math.max(...latencies)).toBeLessThan(500);
    void Promise.all(flood);
  }, 60_000);
});

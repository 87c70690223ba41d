import { brotliCompressSync, gzipSync } from 'node:zlib';
import type { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchRecord } from '../protocol.js';
import { json, startReceiver, type Receiver } from '../testing/receiver.js';
import { parseOutboundAllow } from './allow-list.js';
import { createOutboundAgent } from './connector.js';
import { redactUrl } from './redact.js';
import { safeFetch, type SafeFetchOptions } from './safe-fetch.js';

// Real HTTP servers on 127.0.0.1. `open` is opened explicitly (OUTBOUND_ALLOW-style, by its
// host:port); `closed` is not, so any request that reaches it is a hole.
let open: Receiver;
let closed: Receiver;
let agent: Agent;
const hanging: Array<() => void> = [];

beforeAll(async () => {
  // 64 MB of zeros in about 64 kB, 32 MB in a few bytes: what comes out counts, not what came in.
  const gzipBomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  const brotliBomb = brotliCompressSync(Buffer.alloc(32 * 1024 * 1024));
  open = await startReceiver();
  closed = await startReceiver();
  agent = createOutboundAgent({ allow: parseOutboundAllow([`127.0.0.1:${open.port}`]) });
  open.route('/json', (request, response) =>
    json(response, 200, { method: request.method, body: request.body, type: request.headers['content-type'] ?? null }),
  );
  open.route('/echo-headers', (request, response) => json(response, 200, request.headers));
  open.route('/to', (request, response) => {
    const target = new URL(request.url, 'http://x').searchParams.get('target')!;
    const status = Number(new URL(request.url, 'http://x').searchParams.get('status') ?? 302);
    response.writeHead(status, { location: target }).end();
  });
  open.route('/loop', (_request, response) => response.writeHead(302, { location: '/loop' }).end());
  open.route('/gzip', (_request, response) =>
    response.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' }).end(gzipSync('hello, gzip')),
  );
  open.route('/bomb', (_request, response) => response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipBomb));
  open.route('/brotli-bomb', (_request, response) =>
    response.writeHead(200, { 'content-encoding': 'br' }).end(brotliBomb),
  );
  open.route('/big', (_request, response) => response.writeHead(200).end(Buffer.alloc(3 * 1024 * 1024, 1)));
  open.route('/hang', (_request, response) => {
    response.writeHead(200);
    response.write('partial');
    hanging.push(() => response.end());
  });
  closed.route('/', (_request, response) => json(response, 200, { reached: 'the closed receiver' }));
  closed.route('/json', (_request, response) => json(response, 200, { reached: 'the closed receiver' }));
});

afterAll(async () => {
  for (const finish of hanging) finish();
  await agent?.destroy();
  await open?.close();
  await closed?.close();
});

function fetchWith(url: string, options: Omit<SafeFetchOptions, 'agent'> = {}) {
  const records: FetchRecord[] = [];
  const promise = safeFetch(url, { agent, ...options, onRecord: (record) => records.push(record) });
  return { promise, records };
}

async function refusal(url: string, options: Omit<SafeFetchOptions, 'agent'> = {}): Promise<string> {
  const { promise, records } = fetchWith(url, options);
  const error = await promise.then(
    () => null,
    (caught: Error) => caught,
  );
  expect(error, `${url} was fetched`).not.toBeNull();
  expect(records).toHaveLength(1);
  expect(records[0]!.error).toBe(error!.message);
  return error!.message;
}

describe('safeFetch to an allowed receiver', () => {
  it('posts JSON and reads the answer, and records the request with its query values redacted', async () => {
    const { promise, records } = fetchWith(`${open.origin}/json?token=abc123&page=2`, {
      method: 'post',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ann' }),
    });
    const response = await promise;
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(response.redirected).toBe(false);
    expect(response.url).toBe(`${open.origin}/json?token=abc123&page=2`);
    expect(JSON.parse(response.body.toString())).toEqual({
      method: 'POST',
      body: '{"name":"Ann"}',
      type: 'application/json',
    });
    expect(records).toEqual([
      {
        method: 'POST',
        url: `${open.origin}/json?token=[redacted]&page=[redacted]`,
        status: 200,
        at: expect.any(Number),
        durationMs: expect.any(Number),
        bytes: response.body.length,
      },
    ]);
  });

  it('decompresses a gzip body and drops the headers that described the compressed one', async () => {
    const response = await fetchWith(`${open.origin}/gzip`).promise;
    expect(response.body.toString()).toBe('hello, gzip');
    const names = response.headers.map(([name]) => name);
    expect(names).toContain('content-type');
    expect(names).not.toContain('content-encoding');
    expect(names).not.toContain('content-length');
  });

  it('sends its own Accept-Encoding and drops the headers a caller may not set', async () => {
    const response = await fetchWith(`${open.origin}/echo-headers`, {
      headers: [
        ['Host', 'metadata.google.internal'],
        ['Accept-Encoding', 'identity'],
        ['Connection', 'upgrade'],
        ['X-Custom', 'kept'],
      ],
    }).promise;
    const seen = JSON.parse(response.body.toString()) as Record<string, string>;
    expect(seen.host).toBe(`127.0.0.1:${open.port}`);
    expect(seen['accept-encoding']).toBe('gzip, deflate, br');
    expect(seen['x-custom']).toBe('kept');
    expect(seen['user-agent']).toBe('Scriptgate');
  });
});

describe('safeFetch refuses private destinations at connect time', () => {
  it('refuses a loopback receiver that is not allowed, before any connection', async () => {
    const message = await refusal(`${closed.origin}/json`);
    expect(message).toMatch(/^blocked: 127\.0\.0\.1 is a loopback address/);
    expect(closed.connections).toBe(0);
  });

  it.each([
    ['decimal', (port: number) => `http://2130706433:${port}/`],
    ['hex', (port: number) => `http://0x7f.1:${port}/`],
    ['octal', (port: number) => `http://017700000001:${port}/`],
    ['short', (port: number) => `http://127.1:${port}/`],
    ['IPv4-mapped IPv6', (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ['IPv4-mapped IPv6, hex', (port: number) => `http://[::ffff:7f00:1]:${port}/`],
    ['IPv4-compatible IPv6', (port: number) => `http://[::127.0.0.1]:${port}/`],
    ['NAT64', (port: number) => `http://[64:ff9b::127.0.0.1]:${port}/`],
    ['6to4', (port: number) => `http://[2002:7f00:1::1]:${port}/`],
    ['unspecified', (port: number) => `http://0.0.0.0:${port}/`],
    ['unspecified, short', (port: number) => `http://0:${port}/`],
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/`],
    ['IPv6 unspecified', (port: number) => `http://[::]:${port}/`],
    ['localhost', (port: number) => `http://localhost:${port}/`],
    ['localhost, upper case', (port: number) => `http://LocalHost:${port}/`],
  ])('refuses the %s spelling of the closed receiver', async (_name, spell) => {
    const message = await refusal(spell(closed.port));
    expect(message).toMatch(/^blocked: /);
    expect(closed.connections).toBe(0);
  });

  it('connects nowhere for a name its resolver does not know (localhost. on some systems)', async () => {
    expect(await refusal(`http://LOCALHOST.:${closed.port}/`)).toMatch(/^(blocked|network error): /);
    expect(closed.connections).toBe(0);
  });

  it.each([
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://[fd00::1]/',
    'http://[fe80::1]/',
    'http://10.0.0.1/',
    'http://192.168.0.1/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
  ])('refuses %s', async (url) => {
    expect(await refusal(url)).toMatch(/^blocked: /);
  });

  it('refuses a host name that resolves to a private address, and connects to the address it checked', async () => {
    const lookups: string[] = [];
    // A name that answers differently the second time (DNS rebinding): the connector must not ask again.
    const rebinding = createOutboundAgent({
      allow: parseOutboundAllow(['127.0.0.0/8']),
      resolve: async (hostname) => {
        lookups.push(hostname);
        return lookups.length === 1 ? ['127.0.0.1'] : ['10.9.9.9'];
      },
    });
    const privateName = createOutboundAgent({ resolve: async () => ['192.168.1.20', '10.0.0.3'] });
    try {
      const response = await safeFetch(`http://receiver.test:${open.port}/echo-headers`, { agent: rebinding });
      expect((JSON.parse(response.body.toString()) as { host: string }).host).toBe(`receiver.test:${open.port}`);
      expect(lookups).toEqual(['receiver.test']);
      await expect(safeFetch('http://intranet.test/', { agent: privateName })).rejects.toThrow(
        /^blocked: intranet\.test resolves to 192\.168\.1\.20, a private address/,
      );
    } finally {
      await rebinding.destroy();
      await privateName.destroy();
    }
  });

  it('refuses what is not http or https, and the ports of other protocols', async () => {
    expect(await refusal('file:///etc/passwd')).toMatch(/^blocked: only http: and https: URLs/);
    expect(await refusal('ftp://example.com/')).toMatch(/^blocked: only http: and https: URLs/);
    expect(await refusal('data:text/plain,hi')).toMatch(/^blocked: only http: and https: URLs/);
    expect(await refusal('http://example.com:25/')).toMatch(/^blocked: port 25 /);
  });

  it('refuses a malformed request before sending anything', async () => {
    expect(await refusal('/relative')).toMatch(/^invalid request: /);
    expect(await refusal(`${open.origin}/json`, { method: 'CONNECT' })).toMatch(/^invalid request: the method CONNECT/);
    expect(await refusal(`${open.origin}/json`, { method: 'GET', body: 'x' })).toMatch(
      /^invalid request: a GET request cannot have a body/,
    );
    expect(await refusal(`${open.origin}/json`, { headers: { 'x-a': 'b\r\nInjected: 1' } })).toMatch(/CR, LF or NUL/);
    expect(await refusal(`${open.origin}/json`, { headers: { 'x-a': 'snow ☃' } })).toMatch(/^invalid request: /);
    expect(await refusal('http://user:pass@example.com/')).toMatch(/^invalid request: a URL with credentials/);
  });
});

describe('safeFetch redirects', () => {
  const via = (target: string, status = 302) =>
    `${open.origin}/to?status=${status}&target=${encodeURIComponent(target)}`;

  it('follows a redirect between allowed URLs and says so', async () => {
    const response = await fetchWith(via(`${open.origin}/json`)).promise;
    expect(response.status).toBe(200);
    expect(response.redirected).toBe(true);
    expect(response.url).toBe(`${open.origin}/json`);
  });

  it.each([
    ['the closed receiver', () => `${closed.origin}/`],
    ['the closed receiver, IPv4-mapped', () => `http://[::ffff:127.0.0.1]:${closed.port}/`],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/'],
  ])('refuses a redirect from an allowed receiver to %s', async (_name, target) => {
    const before = closed.connections;
    expect(await refusal(via(target()))).toMatch(/^blocked: /);
    expect(closed.connections).toBe(before);
  });

  it('refuses a redirect to another scheme', async () => {
    expect(await refusal(via('file:///etc/passwd'))).toMatch(/^blocked: only http: and https: URLs/);
  });

  it('turns a POST into a GET without its body on 303, keeps both on 307, and stops after 5 hops', async () => {
    const post = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' };
    const seeOther = JSON.parse((await fetchWith(via(`${open.origin}/json`, 303), post).promise).body.toString());
    expect(seeOther).toEqual({ method: 'GET', body: '', type: null });
    const temporary = JSON.parse((await fetchWith(via(`${open.origin}/json`, 307), post).promise).body.toString());
    expect(temporary).toEqual({ method: 'POST', body: '{"a":1}', type: 'application/json' });
    expect(await refusal(`${open.origin}/loop`)).toBe('network error: more than 5 redirects');
  });

  it('answers with the redirect itself when redirect is manual, and fails when it is error', async () => {
    const manual = await fetchWith(via(`${closed.origin}/`), { redirect: 'manual' }).promise;
    expect(manual.status).toBe(302);
    expect(manual.headers).toContainEqual(['location', `${closed.origin}/`]);
    expect(await refusal(via(`${open.origin}/json`), { redirect: 'error' })).toMatch(/redirect is "error"/);
  });
});

describe('safeFetch limits', () => {
  it('stops a gzip bomb at the byte cap, counted after decompression', async () => {
    const before = process.memoryUsage().rss;
    const started = performance.now();
    expect(await refusal(`${open.origin}/bomb`, { maxBytes: 1024 * 1024 })).toBe(
      'too large: the response body is larger than 1048576 bytes',
    );
    expect(await refusal(`${open.origin}/brotli-bomb`, { maxBytes: 1024 * 1024 })).toMatch(/^too large: /);
    expect(performance.now() - started).toBeLessThan(5_000);
    // Far less than the 64 MB the bomb would have become.
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it('stops a plain body at the byte cap and reads one under it whole', async () => {
    expect(await refusal(`${open.origin}/big`, { maxBytes: 1024 * 1024 })).toMatch(/^too large: /);
    expect((await fetchWith(`${open.origin}/big`, { maxBytes: 4 * 1024 * 1024 }).promise).body.length).toBe(
      3 * 1024 * 1024,
    );
  });

  it('refuses a request body over its cap', async () => {
    expect(
      await refusal(`${open.origin}/json`, { method: 'POST', body: 'x'.repeat(2000), maxRequestBytes: 1000 }),
    ).toMatch(/^invalid request: the request body is larger than 1000 bytes/);
  });

  it('times out a server that never finishes its answer, and never runs past the deadline', async () => {
    const started = performance.now();
    expect(await refusal(`${open.origin}/hang`, { timeoutMs: 300 })).toBe('timeout: no complete answer within 300 ms');
    expect(performance.now() - started).toBeLessThan(2_000);
    const second = performance.now();
    expect(await refusal(`${open.origin}/hang`, { timeoutMs: 10_000, deadline: Date.now() + 200 })).toMatch(
      /^timeout: /,
    );
    expect(performance.now() - second).toBeLessThan(2_000);
    expect(await refusal(`${open.origin}/json`, { deadline: Date.now() - 1 })).toBe(
      'timeout: no time is left for this request',
    );
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const { promise, records } = fetchWith(`${open.origin}/hang`, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(promise).rejects.toThrow('aborted: the request was aborted');
    expect(records[0]!.error).toBe('aborted: the request was aborted');
  });
});

describe('redactUrl', () => {
  it('keeps what was asked and drops what could be a credential', () => {
    expect(redactUrl('https://user:pw@api.example.com/v1/items?key=s3cr3t&flag&empty=#frag')).toBe(
      'https://[redacted]@api.example.com/v1/items?key=[redacted]&flag&empty=',
    );
    expect(redactUrl('https://api.telegram.org/bot123:ABCdef/sendMessage', ['123:ABCdef'])).toBe(
      'https://api.telegram.org/bot[secret]/sendMessage',
    );
    expect(redactUrl('not a url?secret=1')).toBe('not a url');
  });
});

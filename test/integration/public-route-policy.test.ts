import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

/**
 * Issue 8 regressions around the sandbox: what a scenario can see of the admin's browser,
 * what the public route may answer, and what malformed or forged requests get.
 */

let server: TestServer;
let admin: AdminClient;
const url = (path: string) => `${server.url}${path}`;

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sent as is: fetch() would normalise dot segments and refuse a forged Host. */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}/`,
      { path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function expectSandboxed(headers: Headers | RawAnswer['headers']): void {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : String(headers[name] ?? ''));
  expect(get('content-security-policy')).toContain('sandbox');
  expect(get('x-content-type-options')).toBe('nosniff');
}

beforeAll(async () => {
  server = await startTestServer({
    ENDPOINT_MAX_INFLIGHT: '2',
    ENDPOINT_MAX_WAITING: '3',
    ENDPOINT_MAX_QUEUED: '3',
    ASYNC_CONCURRENCY: '1',
  });
  admin = await signIn(server.url);
  await createEndpoint(
    admin,
    'peek',
    `export default async function (request, ctx) {
      ctx.log.info('cookie header:', request.headers.cookie ?? '(none)');
      return { cookies: request.cookies, cookieHeader: request.headers.cookie ?? null };
    }`,
  );
  await createEndpoint(
    admin,
    'headers',
    `export default async function (request) {
      const h = new Headers();
      for (const value of ['sg_session=stolen; Path=/', '=sg_session=nameless; Path=/', 'SG_Session=upper', 'sg_session',
                           ' sg_session =spaced', '__Host-sg_session=x; Path=/; Secure', '__Secure-sgx=1; Secure', 'theme=dark; Path=/'])
        h.append('set-cookie', value);
      h.set('clear-site-data', '"cookies"');
      h.set('strict-transport-security', 'max-age=31536000');
      h.set('content-security-policy', "default-src *");
      h.set('x-custom', 'kept');
      h.set('content-type', 'text/html');
      return new Response('<script>alert(1)</script>', { headers: h });
    }`,
  );
  await createEndpoint(
    admin,
    'slow',
    `export default async () => { await new Promise((r) => setTimeout(r, 1500)); return 'slow'; }`,
  );
  await createEndpoint(admin, 'quick', `export default () => 'quick'`);
});

afterAll(async () => {
  await server?.stop();
});

describe('the admin session never reaches a scenario', () => {
  const adminCookies = 'sg_session=the-admin-session; theme=dark; SG_SESSION=upper; __Host-sg_session=h; lang=ru';

  it('strips every admin cookie from request.cookies and request.headers.cookie, keeping the others', async () => {
    const res = await fetch(url('/api/webrequest/peek'), { headers: { cookie: adminCookies } });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.cookies).toEqual({ theme: 'dark', lang: 'ru' });
    expect(body.cookieHeader).toBe('theme=dark; lang=ru');
    const detail = await admin.call('GET', `/processes/${res.headers.get('x-process-id')}`);
    expect(JSON.stringify(detail.body)).not.toContain('the-admin-session');
  });

  it('keeps no admin cookie in the stored input of an async run', async () => {
    const res = await fetch(url('/api/webrequest/peek?async=true'), {
      headers: { cookie: 'sg_session=the-admin-session' },
    });
    expect(res.status).toBe(202);
    const processId = res.headers.get('x-process-id')!;
    const input = await server.store.getProcessInput(processId);
    if (input) expect(JSON.stringify(input)).not.toContain('the-admin-session');
    const done = await waitFor(async () => {
      const detail = await admin.call('GET', `/processes/${processId}`);
      return detail.body.status === 'succeeded' ? detail.body : null;
    });
    expect(JSON.stringify(done)).not.toContain('the-admin-session');
    expect(done.logs[0].text).toBe('cookie header: (none)');
  });
});

describe('one response policy for every answer of the public route', () => {
  it('drops admin, nameless and origin-wide headers a scenario sets, and keeps the sandbox on top of its own CSP', async () => {
    const res = await raw('/api/webrequest/headers');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toEqual(['theme=dark; Path=/']);
    expect(res.headers['clear-site-data']).toBeUndefined();
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-custom']).toBe('kept');
    expect(String(res.headers['content-security-policy'])).toMatch(/^sandbox, default-src \*$/);
    expectSandboxed(res.headers);
  });

  it('refuses immediate-answer headers outside the allow-list when the endpoint is saved', async () => {
    for (const name of ['content-type', 'set-cookie', 'location', 'refresh', 'content-security-policy']) {
      const res = await admin.call('POST', '/endpoints', {
        slug: `bad-immediate-${name}`,
        alwaysAsync: true,
        asyncResponse: { status: 200, headers: { [name]: 'x' }, body: null },
      });
      expect(res.status, name).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.fields)[0]).toMatch(/^asyncResponse\.headers/);
    }
  });

  it('answers the immediate async answer as sandboxed JSON even when stored settings carry forbidden headers', async () => {
    const endpoint = await createEndpoint(admin, 'immediate', 'export default () => "later"', {
      alwaysAsync: true,
      asyncResponse: { status: 200, headers: { 'x-accepted': '1' }, body: '<img src=x onerror=alert(1)>' },
    });
    // As an older version could have stored them: straight into the store, past the admin API.
    await server.store.updateEndpoint(endpoint.id, {
      asyncResponse: {
        status: 200,
        headers: { 'x-accepted': '1', 'content-type': 'text/html', 'set-cookie': 'sg_session=evil; Path=/api/admin' },
        body: '<img src=x onerror=alert(1)>',
      },
    });
    await new Promise((r) => setTimeout(r, 1100)); // the endpoint cache refreshes every second
    const res = await raw('/api/webrequest/immediate');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['x-accepted']).toBe('1');
    expect(JSON.parse(res.body)).toBe('<img src=x onerror=alert(1)>');
    expectSandboxed(res.headers);
  });

  it('sandboxes platform errors, preflights and the status URL too', async () => {
    const answers = [
      await raw('/api/webrequest/nope'),
      await raw('/api/webrequest/quick', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{bad',
      }),
      await raw('/api/webrequest/quick', { method: 'OPTIONS' }),
      await raw('/api/status/nope?token=x'),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([404, 400, 204, 404]);
    for (const answer of answers) expectSandboxed(answer.headers);
  });
});

describe('the front door and the router answer the public route alike', () => {
  // Plain URLs go straight to the route (webrequest/front-door.ts); any other spelling of the
  // same route goes through Express's router. Neither may skip the Host check, the sandbox
  // headers or the error handler.
  const spellings = ['/api/webrequest/', '/API/WebRequest/'];

  it('runs the same endpoint, sandboxed, through both', async () => {
    for (const prefix of spellings) {
      const ran = await raw(`${prefix}quick/a/b?x=1`);
      expect(ran.status, prefix).toBe(200);
      expect(ran.body, prefix).toBe('quick');
      expect(ran.headers['x-process-id'], prefix).toMatch(/^[0-9a-f]{24}$/);
      expectSandboxed(ran.headers);
    }
  });

  it('refuses a forged Host and answers errors sandboxed, as JSON, through both', async () => {
    for (const prefix of spellings) {
      const forged = await raw(`${prefix}quick`, { headers: { host: 'evil.example' } });
      expect(forged.status, prefix).toBe(400);
      expect(JSON.parse(forged.body).error.code, prefix).toBe('host_not_allowed');
      const missing = await raw(`${prefix}nope`);
      expect(missing.status, prefix).toBe(404);
      expect(JSON.parse(missing.body).error.code, prefix).toBe('endpoint_not_found');
      expectSandboxed(missing.headers);
      const broken = await raw(`${prefix}quick`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{bad',
      });
      expect(broken.status, prefix).toBe(400);
      expectSandboxed(broken.headers);
    }
  });
});

describe('bad input is refused, not crashed on', () => {
  it('refuses JSON nested deeper than 64 levels with 400 invalid_body and records nothing', async () => {
    const before = await server.store.countProcesses({});
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const res = await raw('/api/webrequest/quick', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: deep,
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe('invalid_body');
    expect(await server.store.countProcesses({})).toBe(before);

    const fine = await fetch(url('/api/webrequest/quick'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '['.repeat(64) + ']'.repeat(64),
    });
    expect(fine.status).toBe(200);
  });

  it('refuses a deep JSON body on the admin API the same way', async () => {
    const res = await fetch(url('/api/admin/endpoints'), {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
      body: `{"slug":"deep","asyncResponse":{"status":200,"body":${'['.repeat(5000)}${']'.repeat(5000)}}}`,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).error.code).toBe('invalid_body');
  });

  it('answers malformed and forbidden static paths with 400/404 JSON, never 500', async () => {
    const cases: Array<[string, number]> = [
      ['/%E0%A4%A', 400],
      ['/assets/%E0%A4%A.js', 400],
      ['/assets/..%2f..%2fpackage.json', 404],
      ['/..%2f..%2f..%2fetc%2fpasswd', 404],
      ['/assets/%2e%2e/%2e%2e/package.json', 404],
      ['/api/webrequest/%E0%A4%A', 400],
    ];
    for (const [path, status] of cases) {
      const res = await raw(path, { headers: { accept: 'application/json' } });
      expect(res.status, path).toBe(status);
      const code = JSON.parse(res.body).error.code;
      if (status === 400) expect(code, path).toBe('bad_request');
      else expect(['not_found', 'endpoint_not_found'], path).toContain(code);
    }
  });
});

describe('a forged Host cannot point callers elsewhere', () => {
  it('refuses a Host that is not a loopback name on a loopback listener', async () => {
    const forged = await raw('/api/webrequest/quick?async=true', { headers: { host: 'evil.example' } });
    expect(forged.status).toBe(400);
    expect(JSON.parse(forged.body).error.code).toBe('host_not_allowed');
    const health = await raw('/healthz', { headers: { host: '10.0.0.7:3000' } });
    expect(health.status).toBe(200);
    const local = await raw('/api/webrequest/quick?async=true', { headers: { host: `localhost:${server.port}` } });
    expect(local.status).toBe(202);
    expect(JSON.parse(local.body).statusUrl).toMatch(new RegExp(`^http://localhost:${server.port}/api/status/`));
  });
});

describe('one endpoint cannot stall the others', () => {
  it('caps one endpoint at its in-flight and waiting places, answers the rest 503 endpoint_busy at once, and serves other endpoints meanwhile', async () => {
    const started = Date.now();
    const flood = Array.from({ length: 12 }, () =>
      fetch(url('/api/webrequest/slow')).then(async (res) => ({
        status: res.status,
        retryAfter: res.headers.get('retry-after'),
        at: Date.now() - started,
        body: await res.text(),
      })),
    );
    await new Promise((r) => setTimeout(r, 200));
    const quickStarted = Date.now();
    const quick = await fetch(url('/api/webrequest/quick'));
    const quickMs = Date.now() - quickStarted;
    expect(quick.status).toBe(200);
    expect(quickMs).toBeLessThan(1000);

    const answers = await Promise.all(flood);
    const busy = answers.filter((answer) => answer.status === 503);
    const served = answers.filter((answer) => answer.status === 200);
    // 2 running + 3 waiting are served; the 7 others are refused without waiting for a run.
    expect(served).toHaveLength(5);
    expect(busy).toHaveLength(7);
    for (const answer of busy) {
      expect(JSON.parse(answer.body).error.code).toBe('endpoint_busy');
      expect(answer.retryAfter).toBe('1');
      expect(answer.at).toBeLessThan(1000);
    }
    const metrics = await (await fetch(url('/metrics'))).text();
    expect(metrics).toContain('scriptgate_rejected_total{slug="slow",reason="endpoint_busy"} 7');
  });

  it('bounds the async queue of one endpoint and keeps queueing for the others', async () => {
    await createEndpoint(
      admin,
      'slow-async',
      `export default async () => { await new Promise((r) => setTimeout(r, 3000)); return 1; }`,
      {
        alwaysAsync: true,
      },
    );
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 8; i++) {
      const res = await fetch(url('/api/webrequest/slow-async'));
      statuses.push(res.status);
      if (res.status === 503) {
        retryAfter = res.headers.get('retry-after');
        expect(((await res.json()) as any).error.code).toBe('endpoint_busy');
      } else await res.arrayBuffer();
    }
    const accepted = statuses.filter((status) => status === 202).length;
    // ENDPOINT_MAX_QUEUED=3 waiting, plus at most the one the dispatcher already took.
    expect(accepted).toBeGreaterThanOrEqual(3);
    expect(accepted).toBeLessThanOrEqual(4);
    expect(retryAfter).toBe('5');
    const other = await fetch(url('/api/webrequest/quick?async=true'));
    expect(other.status).toBe(202);
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  it('answers 401 without the bearer token and the metrics with it', async () => {
    const guarded = await startTestServer({ METRICS_TOKEN: 'metrics-token-0123456789' });
    try {
      const none = await fetch(`${guarded.url}/metrics`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const wrong = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: 'Bearer metrics-token-0123456788' },
      });
      expect(wrong.status).toBe(401);
      const right = await fetch(`${guarded.url}/metrics`, {
        headers: { authorization: 'Bearer metrics-token-0123456789' },
      });
      expect(right.status).toBe(200);
      expect(await right.text()).toContain('scriptgate_runs_total');
    } finally {
      await guarded.stop();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerPool } from '../api.js';
import { createRunnerPool } from '../pool.js';
import type { RunOutcome } from '../protocol.js';
import { errorCodeOf, jsonOf, makeJob, sleep, type JobOptions } from '../testing/jobs.js';
import { json, startReceiver, type Receiver } from '../testing/receiver.js';

// Scenarios calling fetch in real isolates in a real worker (forked from runner/dist: build
// first), against real receivers on 127.0.0.1: `open` is allowed by host:port, `closed` is not.
let pool: RunnerPool;
let open: Receiver;
let closed: Receiver;
const release: Array<() => void> = [];

const run = (code: string, options?: JobOptions): Promise<RunOutcome> => pool.run(makeJob(code, options));

beforeAll(async () => {
  open = await startReceiver();
  closed = await startReceiver();
  open.route('/echo', (request, response) =>
    json(
      response,
      201,
      {
        method: request.method,
        type: request.headers['content-type'] ?? null,
        auth: request.headers.authorization ?? null,
        body: request.body,
      },
      { 'x-answer': 'yes' },
    ),
  );
  open.route('/slow', (_request, response) => {
    setTimeout(() => json(response, 200, { ok: true }), 150);
  });
  open.route('/hang', (_request, response) => {
    response.writeHead(200);
    response.write('partial');
    release.push(() => response.end());
  });
  open.route('/big', (_request, response) => response.writeHead(200).end(Buffer.alloc(200 * 1024, 65)));
  open.route('/bytes', (_request, response) => response.writeHead(200).end(Buffer.from([0, 1, 2, 250, 255])));
  open.route('/to-closed', (_request, response) => response.writeHead(302, { location: `${closed.origin}/` }).end());
  closed.route('/', (_request, response) => json(response, 200, { reached: 'the closed receiver' }));
  pool = createRunnerPool({
    workers: 1,
    outboundAllow: [`127.0.0.1:${open.port}`],
    fetchMaxPerRun: 8,
    fetchMaxBytes: 100 * 1024,
  });
  await pool.ready();
});

afterAll(async () => {
  for (const end of release) end();
  await pool?.close();
  await open?.close();
  await closed?.close();
});

describe('fetch inside a scenario', () => {
  it('posts JSON with a bearer token from ctx.secrets and reads the answer like the web platform', async () => {
    const outcome = await run(
      `export default async (request, ctx) => {
        const response = await fetch(request.body.url + '?key=abc', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer ' + ctx.secrets.API_TOKEN },
          body: JSON.stringify({ lead: 'Ann' }),
        });
        return {
          status: response.status, ok: response.ok, statusText: response.statusText, url: response.url,
          redirected: response.redirected, header: response.headers.get('x-answer'), json: await response.json(),
          isResponse: response instanceof Response,
        };
      }`,
      { body: { url: `${open.origin}/echo` }, secrets: { API_TOKEN: 'tok-123456' } },
    );
    expect(jsonOf(outcome)).toEqual({
      status: 201,
      ok: true,
      statusText: 'Created',
      url: `${open.origin}/echo?key=abc`,
      redirected: false,
      header: 'yes',
      json: { method: 'POST', type: 'application/json', auth: 'Bearer tok-123456', body: '{"lead":"Ann"}' },
      isResponse: true,
    });
    expect(outcome.fetches).toEqual([
      {
        method: 'POST',
        url: `${open.origin}/echo?key=[redacted]`,
        status: 201,
        at: expect.any(Number),
        durationMs: expect.any(Number),
        bytes: expect.any(Number),
      },
    ]);
  });

  it('posts a form from URLSearchParams, takes a URL or a Request-like object, and reads bytes', async () => {
    const outcome = await run(
      `export default async (request) => {
        const form = await (await fetch(new URL('/echo', request.body.origin), { method: 'POST', body: new URLSearchParams({ a: '1', b: 'x y' }) })).json();
        const like = await (await fetch({ url: request.body.origin + '/echo', method: 'PUT', body: new Uint8Array([104, 105]) })).json();
        const bytes = await (await fetch(request.body.origin + '/bytes')).bytes();
        return { form, like, bytes: [...bytes] };
      }`,
      { body: { origin: open.origin } },
    );
    expect(jsonOf(outcome)).toEqual({
      form: { method: 'POST', type: 'application/x-www-form-urlencoded;charset=UTF-8', auth: null, body: 'a=1&b=x+y' },
      like: { method: 'PUT', type: null, auth: null, body: 'hi' },
      bytes: [0, 1, 2, 250, 255],
    });
  });

  it('rejects a refused address with a TypeError starting with blocked:, and records it', async () => {
    const outcome = await run(
      `export default async (request) => {
        const errors = [];
        for (const url of request.body.urls) {
          try { await fetch(url); errors.push('fetched ' + url); } catch (error) { errors.push(error.name + ': ' + error.message); }
        }
        return errors;
      }`,
      {
        body: {
          urls: [
            `${closed.origin}/`,
            `http://0x7f.1:${closed.port}/`,
            `http://[::ffff:127.0.0.1]:${closed.port}/`,
            'http://169.254.169.254/latest/meta-data/',
            `${open.origin}/to-closed`,
          ],
        },
      },
    );
    const errors = jsonOf(outcome) as string[];
    expect(errors).toHaveLength(5);
    for (const error of errors) expect(error).toMatch(/^TypeError: blocked: /);
    expect(closed.connections).toBe(0);
    expect(outcome.fetches.map((record) => record.error?.slice(0, 8))).toEqual(Array(5).fill('blocked:'));
  });

  it('runs at most 6 requests of a run at once: the 7th waits for a free place', async () => {
    const outcome = await run(
      `export default async (request) => {
        const answers = await Promise.all(Array.from({ length: 8 }, () => fetch(request.body.url).then((r) => r.status)));
        return answers;
      }`,
      { body: { url: `${open.origin}/slow` } },
    );
    expect(jsonOf(outcome)).toEqual(Array(8).fill(200));
    expect(open.peak).toBe(6);
  });

  it('refuses requests past the per-run cap without sending them', async () => {
    const outcome = await run(
      `export default async (request) => {
        const results = [];
        for (let i = 0; i < 10; i++) {
          try { results.push((await fetch(request.body.url)).status); } catch (error) { results.push(error.message); }
        }
        return results;
      }`,
      { body: { url: `${open.origin}/echo` } },
    );
    const results = jsonOf(outcome) as Array<number | string>;
    expect(results.slice(0, 8)).toEqual(Array(8).fill(201));
    expect(results.slice(8)).toEqual(Array(2).fill('fetch: this run has made 8 requests, the most a run may make'));
    expect(outcome.fetches).toHaveLength(8);
  });

  it('rejects a body over FETCH_MAX_BYTES with a TypeError, and reads one under it', async () => {
    const outcome = await run(
      `export default async (request) => {
        let big;
        try { await fetch(request.body.origin + '/big'); big = 'read'; } catch (error) { big = error.name + ': ' + error.message; }
        const small = (await (await fetch(request.body.origin + '/bytes')).arrayBuffer()).byteLength;
        return { big, small };
      }`,
      { body: { origin: open.origin } },
    );
    expect(jsonOf(outcome)).toEqual({
      big: 'TypeError: too large: the response body is larger than 102400 bytes',
      small: 5,
    });
  });

  it('aborts a request with an AbortController or AbortSignal.timeout', async () => {
    const outcome = await run(
      `export default async (request) => {
        const controller = new AbortController();
        const first = fetch(request.body.url, { signal: controller.signal });
        setTimeout(() => controller.abort(), 50);
        const results = [];
        try { await first; } catch (error) { results.push(error.name); }
        try { await fetch(request.body.url, { signal: AbortSignal.timeout(50) }); } catch (error) { results.push(error.name); }
        try { await fetch(request.body.url, { signal: AbortSignal.abort('no') }); } catch (error) { results.push(error); }
        return results;
      }`,
      { body: { url: `${open.origin}/hang` } },
    );
    expect(jsonOf(outcome)).toEqual(['AbortError', 'TimeoutError', 'no']);
    expect(outcome.fetches.map((record) => record.error)).toEqual([
      'aborted: the scenario aborted the request',
      'aborted: the scenario aborted the request',
    ]);
  });

  it('never lets a request outlive the run: a time limit or a cancel closes its connections', async () => {
    const waitForClosed = async (count: number) => {
      for (let i = 0; i < 100 && open.closed < count; i++) await sleep(20);
      expect(open.closed).toBeGreaterThanOrEqual(count);
    };
    const code = `export default async (request) => {
      await Promise.all([fetch(request.body.url), fetch(request.body.url)]);
    }`;
    let closedBefore = open.closed;
    const started = performance.now();
    const timedOut = await run(code, { body: { url: `${open.origin}/hang` }, limits: { timeoutMs: 400 } });
    expect(errorCodeOf(timedOut)).toBe('scenario_timeout');
    expect(performance.now() - started).toBeLessThan(3_000);
    // Each request's own timeout is the run's deadline: whichever fires first ends it.
    for (const record of timedOut.fetches) expect(record.error).toMatch(/^(timeout|aborted): /);
    expect(timedOut.fetches).toHaveLength(2);
    await waitForClosed(closedBefore + 2);

    closedBefore = open.closed;
    const job = makeJob(code, { body: { url: `${open.origin}/hang` }, limits: { timeoutMs: 10_000 } });
    const pending = pool.run(job);
    setTimeout(() => pool.cancel(job.runId), 300);
    const cancelled = await pending;
    expect(errorCodeOf(cancelled)).toBe('cancelled');
    expect(cancelled.fetches.map((record) => record.error)).toEqual([
      'aborted: the run ended before the answer came',
      'aborted: the run ended before the answer came',
    ]);
    await waitForClosed(closedBefore + 2);
  });

  it('ends requests the scenario did not wait for when it returns', async () => {
    // A request that reached the receiver and is still waiting for its answer.
    let waiting = 0;
    open.route('/hang-counted', (_request, response) => {
      waiting++;
      response.on('close', () => waiting--);
    });
    const outcome = await run(
      `export default (request) => {
        fetch(request.body.url).then(() => console.log('this line must never be written'));
        return 'done';
      }`,
      { body: { url: `${open.origin}/hang-counted` } },
    );
    expect(outcome.ok).toBe(true);
    expect(outcome.logs).toEqual([]);
    // Recorded, and aborted: a run that answers at once ends it before it is sent, a slower
    // one while it waits for its answer. Either way nothing is left waiting at the receiver.
    expect(outcome.fetches).toHaveLength(1);
    expect(outcome.fetches[0]!.error).toMatch(/^aborted: /);
    await sleep(200);
    for (let i = 0; i < 50 && waiting > 0; i++) await sleep(20);
    expect(waiting).toBe(0);
  });

  it('refuses calls outside a run and bodies that are not data', async () => {
    const outcome = await run(
      `let early;
      try { fetch('http://example.com/').catch((error) => { early = error.message; }); } catch (error) { early = 'threw ' + error.message; }
      export default async (request) => {
        let body, headers;
        try { await fetch(request.body.url, { method: 'POST', body: { a: 1 } }); } catch (error) { body = error.message; }
        try { await fetch(request.body.url, { headers: { 'x-big': 'x'.repeat(300 * 1024) } }); } catch (error) { headers = error.message; }
        return { early, body, headers };
      }`,
      { body: { url: `${open.origin}/echo` } },
    );
    expect(jsonOf(outcome)).toEqual({
      early: 'fetch can be called only while the scenario runs',
      body: expect.stringMatching(/^fetch: the body must be a string, URLSearchParams/),
      headers: 'fetch: the URL and headers are larger than 256 kB',
    });
    expect(outcome.fetches).toEqual([]);
  });

  it('masks secret values in the recorded URL', async () => {
    const outcome = await run(
      `export default async (request, ctx) => (await fetch(request.body.origin + '/echo/' + ctx.secrets.BOT)).status`,
      { body: { origin: open.origin }, secrets: { BOT: 'bot-secret-77' } },
    );
    expect(outcome.fetches[0]!.url).toBe(`${open.origin}/echo/[secret]`);
  });
});

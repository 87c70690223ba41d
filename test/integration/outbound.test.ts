import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpoint, signIn, startTestServer, waitFor, type AdminClient, type TestServer } from './harness.js';

/**
 * Scenarios reach the world (README "fetch", "Callbacks", "Mail"): through the real server, with
 * a receiver and an SMTP server of the test's own on loopback, opened with OUTBOUND_ALLOW.
 */

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let receiver: Server;
let receiverPort = 0;
const received: Received[] = [];
let flaky = 0;

let smtp: SMTPServer;
let smtpPort = 0;
const mails: Array<{ to: string[]; data: string }> = [];

let server: TestServer;
let admin: AdminClient;
const url = (path: string) => `${server.url}${path}`;
const at = (path: string) => `http://127.0.0.1:${receiverPort}${path}`;

function listen(target: Server | SMTPServer): Promise<number> {
  return new Promise((resolve) => {
    // An SMTPServer listens like a net.Server and keeps that server as `.server`.
    const net = target instanceof SMTPServer ? (target as unknown as { server: Server }).server : target;
    target.listen(0, '127.0.0.1', () => resolve((net.address() as AddressInfo).port));
  });
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ method: req.method ?? '', path, headers: req.headers, body });
      if (path.startsWith('/ok')) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ got: body ? JSON.parse(body) : null, auth: req.headers.authorization ?? null }));
      } else if (path === '/fail') {
        res.statusCode = 500;
        res.end('no');
      } else if (path === '/flaky') {
        flaky += 1;
        res.statusCode = flaky === 1 ? 503 : 200;
        res.end();
      } else if (path === '/to-blocked') {
        res.statusCode = 302;
        res.setHeader('location', 'http://169.254.169.254/latest/meta-data/');
        res.end();
      } else if (path === '/to-ok') {
        res.statusCode = 302;
        res.setHeader('location', '/ok?via=redirect');
        res.end();
      } else if (path === '/bomb') {
        res.setHeader('content-encoding', 'gzip');
        res.end(gzipSync(Buffer.alloc(20 * 1024 * 1024)));
      } else if (path === '/slow') {
        setTimeout(() => res.end('late'), 5000).unref();
      } else {
        res.statusCode = 204;
        res.end();
      }
    });
  });
  receiverPort = await listen(receiver);

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (data += chunk));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address), data });
        callback();
      });
    },
  });
  smtpPort = await listen(smtp);

  server = await startTestServer({
    OUTBOUND_ALLOW: `127.0.0.1:${receiverPort}`,
    CALLBACK_RETRY_BASE_MS: '100',
    FETCH_MAX_PER_RUN: '5',
    FETCH_MAX_BYTES: '64kb',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'Scriptgate <noreply@example.test>',
    MAIL_ALLOWED_RECIPIENTS: 'owner@example.test,@corp.test',
    MAIL_MAX_PER_RUN: '2',
  });
  admin = await signIn(server.url);
  await admin.call('PUT', '/secrets/CRM_TOKEN', { value: 'crm-token-123456' });
});

afterAll(async () => {
  await server?.stop();
  receiver?.close();
  smtp?.close();
});

async function record(processId: string | null) {
  return (await admin.call('GET', `/processes/${processId}`)).body;
}

describe('fetch', () => {
  it('reaches an allowed receiver with a secret from ctx.secrets, and the process records the request with its query values redacted', async () => {
    await createEndpoint(
      admin,
      'forward',
      `export default async (request, ctx) => {
        const res = await fetch('${at('/ok')}?token=abc&page=2', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: 'Bearer ' + ctx.secrets.CRM_TOKEN },
          body: JSON.stringify({ lead: request.body.email }),
        });
        return { status: res.status, ok: res.ok, type: res.headers.get('content-type'), data: await res.json() };
      }`,
      { secrets: ['CRM_TOKEN'] },
    );
    const res = await fetch(url('/api/webrequest/forward'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jane@example.com' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 200,
      ok: true,
      type: 'application/json',
      data: { got: { lead: 'jane@example.com' }, auth: 'Bearer crm-token-123456' },
    });
    const detail = await record(res.headers.get('x-process-id'));
    expect(detail.fetches).toHaveLength(1);
    expect(detail.fetches[0]).toMatchObject({ method: 'POST', status: 200 });
    expect(detail.fetches[0].url).toBe(`${at('/ok')}?token=[redacted]&page=[redacted]`);
    expect(detail.fetches[0].bytes).toBeGreaterThan(0);
    expect(JSON.stringify(detail)).not.toContain('crm-token-123456');
    expect(await (await fetch(url('/metrics'))).text()).toMatch(
      /scriptgate_fetches_total\{slug="forward",outcome="ok"\} 1/,
    );
  });

  it('refuses every private address in every spelling with a TypeError that starts with blocked:, and sends nothing', async () => {
    const otherPort = receiverPort + 1 === 65536 ? receiverPort - 1 : receiverPort + 1;
    const targets = [
      `http://127.0.0.1:${otherPort}/`,
      `http://localhost:${otherPort}/`,
      'http://2130706433/',
      'http://0x7f.1/',
      'http://017700000001/',
      `http://[::ffff:127.0.0.1]:${otherPort}/`,
      'http://[::1]/',
      'http://0.0.0.0/',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/',
      'http://192.168.0.1/',
      'http://172.16.5.4/',
      'http://100.64.0.1/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://224.0.0.1/',
      'file:///etc/passwd',
      'ftp://127.0.0.1/',
    ];
    await createEndpoint(
      admin,
      'blocked',
      `export default async (request) => {
        const target = ${JSON.stringify(targets)}[Number(request.query.i)];
        try { await fetch(target); return 'reached ' + target; }
        catch (err) { return (err instanceof TypeError ? 'TypeError ' : 'other ') + err.message; }
      }`,
    );
    const before = received.length;
    for (const [index, target] of targets.entries()) {
      const res = await fetch(url(`/api/webrequest/blocked?i=${index}`));
      expect(res.status).toBe(200);
      expect(await res.text(), target).toMatch(/^TypeError blocked: /);
      const detail = await record(res.headers.get('x-process-id'));
      expect(detail.fetches[0].error, target).toMatch(/^blocked: /);
    }
    expect(received.length).toBe(before);
  });

  it('follows redirects with the check at every hop: allowed to allowed works, allowed to blocked is refused', async () => {
    await createEndpoint(
      admin,
      'redirects',
      `export default async () => {
        const ok = await fetch('${at('/to-ok')}');
        let blocked = 'reached';
        try { await fetch('${at('/to-blocked')}'); } catch (err) { blocked = err.message; }
        return { url: ok.url, redirected: ok.redirected, status: ok.status, blocked };
      }`,
    );
    const res = await fetch(url('/api/webrequest/redirects'));
    const body = (await res.json()) as { url: string; redirected: boolean; status: number; blocked: string };
    expect(body).toMatchObject({ url: at('/ok?via=redirect'), redirected: true, status: 200 });
    expect(body.blocked).toMatch(/^blocked:/);
    const detail = await record(res.headers.get('x-process-id'));
    expect(detail.fetches.map((fetch: { error?: string }) => fetch.error?.startsWith('blocked:') ?? false)).toEqual([
      false,
      true,
    ]);
  });

  it('caps the response body after decompression, caps requests per run, and stops in-flight requests at the time limit', async () => {
    await createEndpoint(
      admin,
      'caps',
      `export default async (request) => {
        if (request.query.case === 'bomb') {
          try { const res = await fetch('${at('/bomb')}'); await res.arrayBuffer(); return 'read it all'; }
          catch (err) { return 'refused: ' + err.message; }
        }
        if (request.query.case === 'many') {
          const out = [];
          for (let i = 0; i < 7; i++) {
            try { await fetch('${at('/ok')}'); out.push('ok'); } catch (err) { out.push('refused'); }
          }
          return out;
        }
        await fetch('${at('/slow')}');
        return 'never';
      }`,
      { timeoutMs: 1500 },
    );
    const bomb = await fetch(url('/api/webrequest/caps?case=bomb'));
    expect(await bomb.text()).toMatch(/^refused: /);
    const bombRecord = await record(bomb.headers.get('x-process-id'));
    expect(bombRecord.fetches[0].bytes).toBeLessThanOrEqual(64 * 1024);
    expect(bombRecord.fetches[0].error).toBeTruthy();

    const many = await fetch(url('/api/webrequest/caps?case=many'));
    expect(await many.json()).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'refused', 'refused']);

    const started = Date.now();
    const slow = await fetch(url('/api/webrequest/caps?case=slow'));
    expect(slow.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(4000);
    const slowRecord = await record(slow.headers.get('x-process-id'));
    expect(slowRecord.fetches).toHaveLength(1);
    expect(slowRecord.fetches[0].status).toBeUndefined();
  });
});

/** How a receiver checks a Scriptgate signature (README "Callbacks"). */
function verify(secret: string, hit: Received): boolean {
  const expected = createHmac('sha256', secret)
    .update(`${hit.headers['x-scriptgate-timestamp']}.${hit.body}`)
    .digest('hex');
  return hit.headers['x-scriptgate-signature'] === `sha256=${expected}`;
}

describe('callbacks', () => {
  it('POSTs the final status JSON to the callback URL, signed with the endpoint’s callback secret', async () => {
    const endpoint = await createEndpoint(
      admin,
      'with-callback',
      `export default (request) => ({ echoed: request.body })`,
      {
        callbackUrl: at('/ok/callback'),
      },
    );
    const { callbackSecret } = (await admin.call('GET', `/endpoints/${endpoint.id}`)).body;
    expect(callbackSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const res = await fetch(url('/api/webrequest/with-callback?async=true'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ n: 7 }),
    });
    expect(res.status).toBe(202);
    const processId = res.headers.get('x-process-id')!;
    const hit = await waitFor(async () =>
      received.find((r) => r.path === '/ok/callback' && r.headers['x-scriptgate-process-id'] === processId),
    );
    expect(hit.method).toBe('POST');
    expect(hit.headers['content-type']).toBe('application/json');
    expect(verify(callbackSecret, hit)).toBe(true);
    const body = JSON.parse(hit.body);
    expect(body).toMatchObject({ processId, status: 'succeeded', attempt: 1 });
    expect(JSON.parse(body.response.body)).toEqual({ echoed: { n: 7 } });

    const done = await waitFor(async () => {
      const detail = await record(processId);
      return detail.callback?.status === 'delivered' ? detail : null;
    });
    expect(done.callback.attempts).toHaveLength(1);
    expect(done.callback.attempts[0]).toMatchObject({ status: 200 });

    // A new secret signs the next delivery; the old one no longer verifies.
    const regenerated = await admin.call('POST', `/endpoints/${endpoint.id}/callback-secret`);
    expect(regenerated.status).toBe(200);
    expect(regenerated.body.callbackSecret).not.toBe(callbackSecret);
    const again = await admin.call('POST', `/processes/${processId}/callback`);
    expect(again.status).toBe(200);
    const second = await waitFor(async () => {
      const hits = received.filter(
        (r) => r.path === '/ok/callback' && r.headers['x-scriptgate-process-id'] === processId,
      );
      return hits.length === 2 ? hits[1] : null;
    });
    expect(verify(regenerated.body.callbackSecret, second!)).toBe(true);
    expect(verify(callbackSecret, second!)).toBe(false);
  });

  it('tries a failing receiver exactly four times with growing delays, records each attempt, and ends failed', async () => {
    await createEndpoint(admin, 'failing-callback', `export default () => 'x'`, {
      callbackUrl: at('/fail'),
      alwaysAsync: true,
    });
    const res = await fetch(url('/api/webrequest/failing-callback'));
    const processId = res.headers.get('x-process-id')!;
    const done = await waitFor(async () => {
      const detail = await record(processId);
      return detail.callback?.status === 'failed' ? detail : null;
    }, 20_000);
    expect(done.callback.attempts).toHaveLength(4);
    for (const attempt of done.callback.attempts)
      expect(attempt).toMatchObject({ status: 500, error: expect.stringContaining('500') });
    const times = done.callback.attempts.map((attempt: { at: string }) => Date.parse(attempt.at));
    const gaps = times.slice(1).map((time: number, i: number) => time - times[i]);
    // 100 ms × 1, 2, 4 with ±20 % jitter, plus the attempts themselves.
    expect(gaps[0]).toBeGreaterThanOrEqual(80);
    expect(gaps[2]).toBeGreaterThan(gaps[0]);
    await new Promise((r) => setTimeout(r, 500));
    expect(received.filter((r) => r.path === '/fail').length).toBe(4);
    expect(await (await fetch(url('/metrics'))).text()).toMatch(
      /scriptgate_callback_attempts_total\{outcome="failed"\} 1/,
    );
  });

  it('refuses a callback to a private address outside OUTBOUND_ALLOW, recording blocked attempts', async () => {
    await createEndpoint(admin, 'blocked-callback', `export default () => 'x'`, {
      callbackUrl: 'http://169.254.169.254/latest/meta-data/',
      alwaysAsync: true,
    });
    const res = await fetch(url('/api/webrequest/blocked-callback'));
    const done = await waitFor(async () => {
      const detail = await record(res.headers.get('x-process-id'));
      return detail.callback?.status === 'failed' ? detail : null;
    }, 20_000);
    expect(done.callback.attempts[0].error).toMatch(/^blocked:/);
  });
});

describe('mail', () => {
  it('sends to allowed recipients through SMTP, refuses others and past the per-run cap, and records each message', async () => {
    await createEndpoint(
      admin,
      'contact',
      `export default async (request, ctx) => {
        const out = [];
        for (const to of ['owner@example.test', 'team@corp.test', 'stranger@evil.test', 'owner@example.test']) {
          try { await ctx.mail.send({ to, subject: 'New lead: ' + request.body.name, text: 'From ' + request.body.email, replyTo: request.body.email }); out.push('sent'); }
          catch (err) { out.push('refused: ' + err.message); }
        }
        return out;
      }`,
    );
    const before = mails.length;
    const res = await fetch(url('/api/webrequest/contact'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Jane', email: 'jane@example.com' }),
    });
    const results = (await res.json()) as string[];
    expect(results[0]).toBe('sent');
    expect(results[1]).toBe('sent');
    expect(results[2]).toMatch(/^refused: .*MAIL_ALLOWED_RECIPIENTS/);
    expect(results[3]).toMatch(/^refused: .*MAIL_MAX_PER_RUN/);
    await waitFor(async () => mails.length >= before + 2);
    expect(mails.slice(before).map((mail) => mail.to)).toEqual([['owner@example.test'], ['team@corp.test']]);
    expect(mails[before]!.data).toContain('Subject: New lead: Jane');
    expect(mails[before]!.data).toContain('Reply-To: jane@example.com');
    const detail = await record(res.headers.get('x-process-id'));
    expect(detail.mails.map((mail: { status: string }) => mail.status)).toEqual(['sent', 'sent', 'refused', 'refused']);
  });

  it('alerts by webhook and email when runs fail, at most maxPerHour times', async () => {
    const endpoint = await createEndpoint(
      admin,
      'fragile',
      `export default () => { throw new Error('upstream down'); }`,
      {
        failureAlert: { webhookUrl: at('/ok/alerts'), email: 'owner@example.test', maxPerHour: 2 },
      },
    );
    const { callbackSecret } = (await admin.call('GET', `/endpoints/${endpoint.id}`)).body;
    const mailsBefore = mails.length;
    for (let i = 0; i < 5; i++) expect((await fetch(url('/api/webrequest/fragile'))).status).toBe(500);
    const alerts = await waitFor(async () => {
      const hits = received.filter((r) => r.path === '/ok/alerts');
      return hits.length >= 2 ? hits : null;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(received.filter((r) => r.path === '/ok/alerts')).toHaveLength(2);
    expect(verify(callbackSecret, alerts[0]!)).toBe(true);
    expect(JSON.parse(alerts[0]!.body)).toMatchObject({
      type: 'run.failed',
      endpoint: { slug: 'fragile' },
      process: { status: 'failed' },
    });
    await waitFor(async () => mails.length >= mailsBefore + 2);
    expect(mails.length).toBe(mailsBefore + 2);
  });
});

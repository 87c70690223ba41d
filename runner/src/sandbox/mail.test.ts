import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerPool } from '../api.js';
import { createRunnerPool } from '../pool.js';
import type { HostOps, MailSendRequest } from '../protocol.js';
import { errorCodeOf, jsonOf, makeJob, sleep } from '../testing/jobs.js';

// ctx.mail.send in real isolates in a real worker: the message travels guest → worker → IPC →
// pool → the handler the "server" passes with the run, and the answer back.
let pool: RunnerPool;

beforeAll(async () => {
  pool = createRunnerPool({ workers: 1 });
  await pool.ready();
});
afterAll(async () => {
  await pool?.close();
});

const SEND = `export default async (request, ctx) => {
  try { return { ok: await ctx.mail.send(request.body) }; } catch (error) { return { error: error.name + ': ' + error.message }; }
}`;

describe('ctx.mail.send', () => {
  it('hands the message to the server and resolves with its message id, recorded on the run', async () => {
    const asked: MailSendRequest[] = [];
    const ops: Partial<HostOps> = {
      'mail.send': async (message) => {
        asked.push(message);
        return { status: 'sent', messageId: '<1@mail.test>' };
      },
    };
    const message = { to: 'ops@example.com', subject: 'New lead', text: 'Ann wrote', replyTo: 'ann@example.org' };
    const outcome = await pool.run(makeJob(SEND, { body: message }), { ops });
    expect(jsonOf(outcome)).toEqual({ ok: { messageId: '<1@mail.test>' } });
    expect(asked).toEqual([
      { to: ['ops@example.com'], subject: 'New lead', text: 'Ann wrote', replyTo: 'ann@example.org' },
    ]);
    expect(outcome.mails).toEqual([
      {
        to: ['ops@example.com'],
        subject: 'New lead',
        status: 'sent',
        messageId: '<1@mail.test>',
        at: expect.any(Number),
        durationMs: expect.any(Number),
      },
    ]);
  });

  it("rejects with the server's reason when it refuses or fails, and records that", async () => {
    const ops: Partial<HostOps> = {
      'mail.send': async (message) =>
        message.to[0] === 'boom@example.com'
          ? Promise.reject(new Error('SMTP said 451'))
          : { status: 'refused', error: 'recipient nobody@else.test is not allowed (MAIL_ALLOWED_RECIPIENTS)' },
    };
    const refused = await pool.run(makeJob(SEND, { body: { to: ['nobody@else.test'], subject: 's', text: 't' } }), {
      ops,
    });
    expect(jsonOf(refused)).toEqual({
      error: 'Error: recipient nobody@else.test is not allowed (MAIL_ALLOWED_RECIPIENTS)',
    });
    expect(refused.mails).toMatchObject([
      { status: 'refused', error: 'recipient nobody@else.test is not allowed (MAIL_ALLOWED_RECIPIENTS)' },
    ]);
    const failed = await pool.run(makeJob(SEND, { body: { to: 'boom@example.com', subject: 's', html: '<b>t</b>' } }), {
      ops,
    });
    expect(jsonOf(failed)).toEqual({ error: 'Error: SMTP said 451' });
    expect(failed.mails).toMatchObject([{ status: 'failed', error: 'SMTP said 451' }]);
  });

  it('exists without a handler and rejects with a clear message', async () => {
    const outcome = await pool.run(makeJob(SEND, { body: { to: 'ops@example.com', subject: 's', text: 't' } }));
    expect(jsonOf(outcome)).toEqual({ error: 'Error: mail.send is not available on this server' });
    expect(outcome.mails).toMatchObject([{ status: 'failed', error: 'mail.send is not available on this server' }]);
  });

  it('refuses a malformed message inside the sandbox, before the server sees it', async () => {
    let calls = 0;
    const ops: Partial<HostOps> = {
      'mail.send': async () => {
        calls++;
        return { status: 'sent' };
      },
    };
    const cases = [
      [{ to: 'not an address', subject: 's', text: 't' }, /to must be an email address/],
      [{ to: 'a@b.c', subject: 'two\nlines', text: 't' }, /subject must be a string of one line/],
      [{ to: 'a@b.c', subject: 's' }, /give text, html or both/],
      [{ to: 'a@b.c', subject: 's', text: 't', from: 'boss@example.com' }, /unknown field from/],
      [{ to: [], subject: 's', text: 't' }, /to must name 1 to 50 recipients/],
      [
        { to: 'a@b.c', subject: 's', html: 'x'.repeat(300 * 1024) },
        /RangeError: ctx.mail.send: the message is larger than 256 kB/,
      ],
    ] as const;
    for (const [message, expected] of cases) {
      const outcome = await pool.run(makeJob(SEND, { body: message }), { ops });
      expect((jsonOf(outcome) as { error: string }).error).toMatch(expected);
      expect(outcome.mails).toEqual([]);
    }
    expect(calls).toBe(0);
  });

  it('passes at most 100 messages of a run to the server, however many it asks for', async () => {
    let calls = 0;
    const ops: Partial<HostOps> = {
      'mail.send': async () => {
        calls++;
        return { status: 'refused', error: 'At most 5 messages per run (MAIL_MAX_PER_RUN)' };
      },
    };
    const code = `export default async (request, ctx) => {
      let last;
      for (let i = 0; i < 150; i++) {
        try { await ctx.mail.send({ to: 'a@b.c', subject: 's', text: 't' }); } catch (error) { last = error.message; }
      }
      return last;
    }`;
    const outcome = await pool.run(makeJob(code), { ops });
    expect(outcome.ok && outcome.result).toEqual({
      kind: 'text',
      text: 'ctx.mail.send: this run has asked for 100 messages, the most a run may',
    });
    expect(calls).toBe(100);
    expect(outcome.mails).toHaveLength(100);
  });

  it('never lets a scenario wait for the server past its time limit, and drops the late answer', async () => {
    let answer!: () => void;
    const ops: Partial<HostOps> = {
      'mail.send': () => new Promise((resolve) => (answer = () => resolve({ status: 'sent', messageId: 'late' }))),
    };
    const outcome = await pool.run(
      makeJob(SEND, { body: { to: 'ops@example.com', subject: 's', text: 't' }, limits: { timeoutMs: 300 } }),
      { ops },
    );
    expect(errorCodeOf(outcome)).toBe('scenario_timeout');
    expect(outcome.mails).toMatchObject([{ status: 'failed', error: 'the run ended before the server answered' }]);
    answer();
    await sleep(50);
    // The worker goes on serving runs after the late answer.
    expect(jsonOf(await pool.run(makeJob('export default () => [1]')))).toEqual([1]);
  });
});

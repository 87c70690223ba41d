import type { HostCallbacks } from './boundary.js';
import type { HostCallParts } from './host-calls.js';

// Guest code: self-contained, shipped with toString() (see web.ts).

/**
 * `ctx.mail`: the message is checked here, then handed to the host as JSON and, through the
 * worker and the pool, to the server, which holds the SMTP settings and decides (allowed
 * recipients, messages per run). The promise settles with the server's answer.
 */
export function installMail(host: HostCallbacks, calls: HostCallParts): ScenarioMail {
  'use strict';
  const FIELDS = ['to', 'subject', 'text', 'html', 'replyTo'];
  const MAX_RECIPIENTS = 50;
  /** Each message crosses into the server process as JSON: bounded in size and number. */
  const MAX_MESSAGE_CHARS = 256 * 1024;
  /** A guard for the channel, not the policy: the server's own cap per run (MAIL_MAX_PER_RUN) is lower. */
  const MAX_OPS_PER_RUN = 100;
  const ADDRESS = /^[^\s@<>,;"()[\]\\]+@[^\s@<>,;"()[\]\\]+$/;

  function address(value: unknown, field: string): string {
    if (typeof value !== 'string' || value.length > 320 || !ADDRESS.test(value)) {
      throw new TypeError(`ctx.mail.send: ${field} must be an email address such as "ops@example.com"`);
    }
    return value;
  }

  function optionalText(value: unknown, field: string): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new TypeError(`ctx.mail.send: ${field} must be a string`);
    return value;
  }

  async function send(message: unknown): Promise<{ messageId: string | null }> {
    const allowance = calls.allowance();
    if (!allowance) throw new TypeError('ctx.mail.send can be called only while the scenario runs');
    if (typeof message !== 'object' || message === null) {
      throw new TypeError('ctx.mail.send expects { to, subject, text?, html?, replyTo? }');
    }
    const given = message as Record<string, unknown>;
    const unknown = Object.keys(given).filter((key) => !FIELDS.includes(key));
    if (unknown.length > 0) {
      throw new TypeError(`ctx.mail.send: unknown field ${unknown.join(', ')} (fields: ${FIELDS.join(', ')})`);
    }
    const list = Array.isArray(given.to) ? given.to : [given.to];
    if (list.length === 0 || list.length > MAX_RECIPIENTS) {
      throw new TypeError(`ctx.mail.send: to must name 1 to ${MAX_RECIPIENTS} recipients`);
    }
    const to = list.map((entry) => address(entry, 'to'));
    const subject = given.subject;
    if (typeof subject !== 'string' || subject.length > 998 || /[\r\n]/.test(subject)) {
      throw new TypeError('ctx.mail.send: subject must be a string of one line (at most 998 characters)');
    }
    const text = optionalText(given.text, 'text');
    const html = optionalText(given.html, 'html');
    if (text === undefined && html === undefined) throw new TypeError('ctx.mail.send: give text, html or both');
    const replyTo = given.replyTo === undefined ? undefined : address(given.replyTo, 'replyTo');
    const payload = JSON.stringify({ to, subject, text, html, replyTo });
    if (payload.length > MAX_MESSAGE_CHARS) throw new RangeError('ctx.mail.send: the message is larger than 256 kB');
    if (allowance.ops >= MAX_OPS_PER_RUN) {
      throw new RangeError(`ctx.mail.send: this run has asked for ${MAX_OPS_PER_RUN} messages, the most a run may`);
    }
    allowance.ops++;
    const answer = await calls.call('op', (id) => host.opStart(id, 'mail.send', payload)).promise;
    const result = JSON.parse(answer.head) as
      { ok: true; value: { messageId?: unknown } } | { ok: false; message: string };
    if (!result.ok) throw new Error(String(result.message));
    const messageId = result.value.messageId;
    return { messageId: typeof messageId === 'string' ? messageId : null };
  }

  return Object.freeze({ send });
}

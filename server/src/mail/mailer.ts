import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../core/config.js';

/**
 * Outgoing mail through the admin's SMTP server (SMTP_URL, MAIL_FROM), for `ctx.mail.send` and
 * failure alerts. The SMTP credentials stay in the server: scenarios reach this only through
 * the runner's host-operation channel, with recipients checked against MAIL_ALLOWED_RECIPIENTS
 * (so a scenario cannot become a spam relay) and a per-run cap.
 */

export interface MailMessage {
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  replyTo?: string;
}

export type MailResult =
  { status: 'sent'; messageId?: string } | { status: 'refused'; error: string } | { status: 'failed'; error: string };

const ADDRESS = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

/** Whether `address` matches an allowlist entry: the address itself, or its domain (`example.com` or `@example.com`). */
export function recipientAllowed(address: string, allowlist: readonly string[]): boolean {
  const lower = address.trim().toLowerCase();
  const domain = lower.slice(lower.lastIndexOf('@') + 1);
  return allowlist.some((entry) => entry === lower || entry.replace(/^@/, '') === domain);
}

export function createMailer(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'MAIL_ALLOWED_RECIPIENTS'>) {
  let transport: Transporter | null = null;
  const transportOf = () => (transport ??= nodemailer.createTransport(config.SMTP_URL!, { from: config.MAIL_FROM }));
  const configured = Boolean(config.SMTP_URL && config.MAIL_FROM);

  async function deliver(message: MailMessage): Promise<MailResult> {
    try {
      const info = (await transportOf().sendMail({
        from: config.MAIL_FROM,
        to: message.to,
        subject: message.subject,
        ...(message.text !== undefined ? { text: message.text } : {}),
        ...(message.html !== undefined ? { html: message.html } : {}),
        ...(message.replyTo !== undefined ? { replyTo: message.replyTo } : {}),
      })) as { messageId?: string };
      return { status: 'sent', ...(info.messageId ? { messageId: info.messageId } : {}) };
    } catch (err) {
      return { status: 'failed', error: `SMTP: ${(err as Error).message}` };
    }
  }

  return {
    configured,

    /** Why a scenario's message may not go out (no SMTP, a recipient not allowed), or null. */
    refusalFor(message: MailMessage): MailResult | null {
      if (!configured)
        return { status: 'refused', error: 'Mail is not set up on this server (SMTP_URL and MAIL_FROM)' };
      const notAllowed = message.to.filter((address) => !recipientAllowed(address, config.MAIL_ALLOWED_RECIPIENTS));
      if (notAllowed.length > 0) {
        return { status: 'refused', error: `Recipients not in MAIL_ALLOWED_RECIPIENTS: ${notAllowed.join(', ')}` };
      }
      if (message.replyTo !== undefined && !ADDRESS.test(message.replyTo)) {
        return { status: 'refused', error: 'replyTo must be one email address' };
      }
      return null;
    },

    /** A scenario's message: refused unless SMTP is set up and every recipient is allowed. */
    async sendFromScenario(message: MailMessage): Promise<MailResult> {
      return this.refusalFor(message) ?? deliver(message);
    },

    /** A message of the platform itself (failure alerts): sent to the address an admin configured. */
    async sendFromPlatform(message: MailMessage): Promise<MailResult> {
      if (!configured)
        return { status: 'refused', error: 'Mail is not set up on this server (SMTP_URL and MAIL_FROM)' };
      return deliver(message);
    },

    close() {
      transport?.close();
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;

/** Checks and normalises what a scenario passed to ctx.mail.send; throws a message for the scenario. */
export function mailMessageFrom(payload: unknown): MailMessage {
  if (typeof payload !== 'object' || payload === null)
    throw new TypeError('ctx.mail.send expects { to, subject, text?, html? }');
  const { to, subject, text, html, replyTo } = payload as Record<string, unknown>;
  const recipients = (Array.isArray(to) ? to : [to]).map((value) => String(value ?? '').trim());
  if (recipients.length === 0 || recipients.length > 50 || recipients.some((address) => !ADDRESS.test(address))) {
    throw new TypeError('ctx.mail.send: `to` must be one to 50 email addresses');
  }
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 998 || /[\r\n]/.test(subject)) {
    throw new TypeError('ctx.mail.send: `subject` must be one line of text');
  }
  if (text === undefined && html === undefined) throw new TypeError('ctx.mail.send: give `text` or `html`');
  const body = (value: unknown, name: string) => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length > 1024 * 1024)
      throw new TypeError(`ctx.mail.send: \`${name}\` must be text up to 1 MB`);
    return value;
  };
  return {
    to: recipients,
    subject,
    ...(text !== undefined ? { text: body(text, 'text')! } : {}),
    ...(html !== undefined ? { html: body(html, 'html')! } : {}),
    ...(replyTo !== undefined ? { replyTo: String(replyTo) } : {}),
  };
}

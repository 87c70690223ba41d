import { describe, expect, it } from 'vitest';
import { createMailer, mailMessageFrom, recipientAllowed } from './mailer.js';

describe('mail', () => {
  it('allows recipients by exact address or by domain, case-insensitively', () => {
    const allow = ['ops@example.com', 'corp.test', '@partner.test'];
    expect(recipientAllowed('OPS@example.com', allow)).toBe(true);
    expect(recipientAllowed('dev@example.com', allow)).toBe(false);
    expect(recipientAllowed('anyone@corp.test', allow)).toBe(true);
    expect(recipientAllowed('anyone@sub.corp.test', allow)).toBe(false);
    expect(recipientAllowed('x@partner.test', allow)).toBe(true);
    expect(recipientAllowed('x@evil.test', [])).toBe(false);
  });

  it('checks what a scenario passes: addresses, one-line subject, a body', () => {
    expect(mailMessageFrom({ to: 'a@b.test', subject: 'Hi', text: 'x' })).toEqual({
      to: ['a@b.test'],
      subject: 'Hi',
      text: 'x',
    });
    expect(() => mailMessageFrom({ to: 'not an address', subject: 'Hi', text: 'x' })).toThrow(/to/);
    expect(() => mailMessageFrom({ to: 'a@b.test', subject: 'Hi\r\nBcc: victim@x.test', text: 'x' })).toThrow(
      /subject/,
    );
    expect(() => mailMessageFrom({ to: 'a@b.test', subject: 'Hi' })).toThrow(/text/);
    expect(() =>
      mailMessageFrom({ to: Array.from({ length: 51 }, (_, i) => `a${i}@b.test`), subject: 'Hi', text: 'x' }),
    ).toThrow(/50/);
    expect(() => mailMessageFrom(null)).toThrow(TypeError);
  });

  it('refuses with a clear message when SMTP is not configured, and refuses recipients outside the allowlist', async () => {
    const none = createMailer({ SMTP_URL: undefined, MAIL_FROM: undefined, MAIL_ALLOWED_RECIPIENTS: ['a@b.test'] });
    expect(await none.sendFromScenario({ to: ['a@b.test'], subject: 's', text: 't' })).toEqual({
      status: 'refused',
      error: expect.stringMatching(/SMTP_URL/),
    });
    const some = createMailer({
      SMTP_URL: 'smtp://127.0.0.1:1',
      MAIL_FROM: 'x@y.test',
      MAIL_ALLOWED_RECIPIENTS: ['a@b.test'],
    });
    expect(await some.sendFromScenario({ to: ['c@d.test'], subject: 's', text: 't' })).toEqual({
      status: 'refused',
      error: expect.stringMatching(/c@d\.test/),
    });
  });
});

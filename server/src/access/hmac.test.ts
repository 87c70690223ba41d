import { describe, expect, it } from 'vitest';
import { signatureHeaders, verifySignature } from './hmac.js';

const secret = 'shhh-0123456789';
const body = Buffer.from('{"a":1}');
const now = 1_800_000_000;
const check = (
  preset: 'scriptgate' | 'github' | 'stripe',
  headers: Record<string, string>,
  raw = body,
  nowSeconds = now,
) => verifySignature(preset, secret, headers, raw, { toleranceSeconds: 300, nowSeconds });

describe('HMAC signatures', () => {
  for (const preset of ['scriptgate', 'github', 'stripe'] as const) {
    it(`accepts a good ${preset} signature and refuses it over another body or with another secret`, () => {
      const headers = signatureHeaders(preset, secret, body, now);
      expect(check(preset, headers)).toEqual({ ok: true });
      expect(check(preset, headers, Buffer.from('{"a":2}')).ok).toBe(false);
      expect(verifySignature(preset, 'other', headers, body, { toleranceSeconds: 300, nowSeconds: now }).ok).toBe(
        false,
      );
    });
  }

  it('refuses stale and future timestamps outside the window, and accepts them inside', () => {
    for (const preset of ['scriptgate', 'stripe'] as const) {
      expect(check(preset, signatureHeaders(preset, secret, body, now - 301)).ok).toBe(false);
      expect(check(preset, signatureHeaders(preset, secret, body, now + 301)).ok).toBe(false);
      expect(check(preset, signatureHeaders(preset, secret, body, now - 299)).ok).toBe(true);
    }
    // GitHub signs no timestamp: an old delivery's signature stays valid.
    expect(check('github', signatureHeaders('github', secret, body, 0)).ok).toBe(true);
  });

  it('refuses missing and malformed headers without throwing', () => {
    const malformed: Array<['scriptgate' | 'github' | 'stripe', Record<string, string>]> = [
      ['scriptgate', {}],
      ['scriptgate', { 'x-scriptgate-timestamp': String(now) }],
      ['scriptgate', { 'x-scriptgate-timestamp': 'yesterday', 'x-scriptgate-signature': 'sha256=00' }],
      ['scriptgate', { 'x-scriptgate-timestamp': String(now), 'x-scriptgate-signature': 'md5=abc' }],
      ['github', { 'x-hub-signature-256': 'sha256=' }],
      ['github', { 'x-hub-signature-256': `sha256=${'z'.repeat(64)}` }],
      ['github', { 'x-hub-signature-256': `sha256=${'0'.repeat(63)}` }],
      ['stripe', { 'stripe-signature': 'garbage' }],
      ['stripe', { 'stripe-signature': `t=${now}` }],
      ['stripe', { 'stripe-signature': `t=${now},v1=` }],
    ];
    for (const [preset, headers] of malformed) expect(check(preset, headers).ok, JSON.stringify(headers)).toBe(false);
  });

  it('accepts a Stripe header whose matching v1 is not the first, and ignores other schemes', () => {
    const good = signatureHeaders('stripe', secret, body, now)['stripe-signature']!;
    const v1 = good.split('v1=')[1];
    expect(
      check('stripe', { 'stripe-signature': `t=${now},v0=${'1'.repeat(64)},v1=${'0'.repeat(64)},v1=${v1}` }).ok,
    ).toBe(true);
  });

  it('accepts upper-case hex digests', () => {
    const headers = signatureHeaders('github', secret, body, now);
    expect(
      check('github', {
        'x-hub-signature-256': headers['x-hub-signature-256']!.toUpperCase().replace('SHA256=', 'sha256='),
      }).ok,
    ).toBe(true);
  });
});

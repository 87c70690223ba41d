import { createHmac, timingSafeEqual } from 'node:crypto';
import type { HmacPreset } from '../contract/index.js';

/**
 * Verifying a signed request (README "Protecting an endpoint"). Every preset signs the raw
 * body with HMAC-SHA256; they differ in where the signature and timestamp travel:
 * - `scriptgate`: `X-Scriptgate-Timestamp: <unix s>`, `X-Scriptgate-Signature: sha256=<hex of HMAC(secret, "<ts>.<body>")>`
 *   (the scheme of Scriptgate's own callbacks);
 * - `github`: `X-Hub-Signature-256: sha256=<hex of HMAC(secret, body)>`, no timestamp;
 * - `stripe`: `Stripe-Signature: t=<unix s>,v1=<hex>[,v1=<hex>…]` over `"<t>.<body>"`; any `v1` may match.
 */

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

function hmacHex(secret: string, parts: Array<string | Buffer>): Buffer {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest();
}

/** Constant-time: both sides are 32-byte digests, so the comparison never depends on where they differ. */
function sameDigest(expected: Buffer, givenHex: string): boolean {
  if (!HEX_SHA256.test(givenHex)) return false;
  return timingSafeEqual(expected, Buffer.from(givenHex, 'hex'));
}

function timestampProblem(value: string | undefined, toleranceSeconds: number, nowSeconds: number): string | null {
  if (value === undefined || !/^\d{1,12}$/.test(value)) return 'a Unix timestamp in seconds is missing';
  if (Math.abs(nowSeconds - Number(value)) > toleranceSeconds)
    return `the timestamp is more than ${toleranceSeconds} s away from the server's clock`;
  return null;
}

export function verifySignature(
  preset: HmacPreset,
  secret: string,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  rawBody: Buffer,
  options: { toleranceSeconds: number; nowSeconds?: number },
): SignatureVerdict {
  const header = (name: string) => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  switch (preset) {
    case 'github': {
      const given = /^sha256=(.+)$/.exec(header('x-hub-signature-256') ?? '')?.[1];
      if (!given) return { ok: false, reason: 'X-Hub-Signature-256: sha256=<hex> is missing' };
      return sameDigest(hmacHex(secret, [rawBody]), given)
        ? { ok: true }
        : { ok: false, reason: 'the signature does not match' };
    }
    case 'scriptgate': {
      const timestamp = header('x-scriptgate-timestamp');
      const stale = timestampProblem(timestamp, options.toleranceSeconds, now);
      if (stale) return { ok: false, reason: stale };
      const given = /^sha256=(.+)$/.exec(header('x-scriptgate-signature') ?? '')?.[1];
      if (!given) return { ok: false, reason: 'X-Scriptgate-Signature: sha256=<hex> is missing' };
      const expected = hmacHex(secret, [`${timestamp}.`, rawBody]);
      return sameDigest(expected, given) ? { ok: true } : { ok: false, reason: 'the signature does not match' };
    }
    case 'stripe': {
      const fields = (header('stripe-signature') ?? '')
        .split(',')
        .map((field) => field.trim().split('=', 2) as [string, string?]);
      const timestamp = fields.find(([key]) => key === 't')?.[1];
      const stale = timestampProblem(timestamp, options.toleranceSeconds, now);
      if (stale) return { ok: false, reason: stale };
      const candidates = fields.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
      if (candidates.length === 0) return { ok: false, reason: 'Stripe-Signature carries no v1 signature' };
      const expected = hmacHex(secret, [`${timestamp}.`, rawBody]);
      // Every candidate is compared, matched or not, so timing does not tell which one matched.
      let matched = false;
      for (const candidate of candidates) matched = sameDigest(expected, candidate) || matched;
      return matched ? { ok: true } : { ok: false, reason: 'no v1 signature matches' };
    }
  }
}

/** What a caller sends, for docs and tests: the headers that sign `rawBody` with `secret` at `nowSeconds`. */
export function signatureHeaders(
  preset: HmacPreset,
  secret: string,
  rawBody: Buffer | string,
  nowSeconds: number,
): Record<string, string> {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody) : rawBody;
  const ts = String(nowSeconds);
  switch (preset) {
    case 'github':
      return { 'x-hub-signature-256': `sha256=${hmacHex(secret, [body]).toString('hex')}` };
    case 'scriptgate':
      return {
        'x-scriptgate-timestamp': ts,
        'x-scriptgate-signature': `sha256=${hmacHex(secret, [`${ts}.`, body]).toString('hex')}`,
      };
    case 'stripe':
      return { 'stripe-signature': `t=${ts},v1=${hmacHex(secret, [`${ts}.`, body]).toString('hex')}` };
  }
}

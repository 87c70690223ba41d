import { describe, expect, it } from 'vitest';
import { attemptsInRound, nextAttemptDelay } from './delivery.js';
import { signedHeaders } from './signing.js';
import { verifySignature } from '../access/hmac.js';

describe('callback delivery', () => {
  it('backs off 1×, 2×, 4× the base delay with ±20 % jitter', () => {
    expect(nextAttemptDelay(1, 10_000, () => 0.5)).toBe(10_000);
    expect(nextAttemptDelay(2, 10_000, () => 0.5)).toBe(20_000);
    expect(nextAttemptDelay(3, 10_000, () => 0.5)).toBe(40_000);
    expect(nextAttemptDelay(1, 10_000, () => 0)).toBe(8_000);
    expect(nextAttemptDelay(1, 10_000, () => 0.999999)).toBe(12_000);
  });

  it('counts the attempts of the current round, so "deliver again" gets four fresh attempts', () => {
    const failed = { at: 'x', status: 500, error: 'the receiver answered 500', durationMs: 1 };
    const delivered = { at: 'x', status: 200, durationMs: 1 };
    expect(attemptsInRound([])).toBe(0);
    expect(attemptsInRound([failed, failed])).toBe(2);
    expect(attemptsInRound([failed, failed, failed, failed])).toBe(0);
    expect(attemptsInRound([failed, failed, failed, failed, failed])).toBe(1);
    expect(attemptsInRound([failed, delivered])).toBe(0);
    expect(attemptsInRound([delivered, failed])).toBe(1);
  });

  it('signs so that a Scriptgate hmac endpoint (scriptgate preset) verifies it', () => {
    const body = JSON.stringify({ processId: 'p1', status: 'succeeded' });
    const headers = signedHeaders('s3cret', body, 'p1', 1_800_000_000);
    expect(headers['x-scriptgate-process-id']).toBe('p1');
    expect(
      verifySignature('scriptgate', 's3cret', headers, Buffer.from(body), {
        toleranceSeconds: 300,
        nowSeconds: 1_800_000_010,
      }).ok,
    ).toBe(true);
  });
});

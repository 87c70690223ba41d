import { describe, expect, it } from 'vitest';
import { addressKey, createSignInLimiter, createSignInThrottle } from './sign-in-limiter.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function fail(limiter: ReturnType<typeof createSignInLimiter>, key: string, times: number) {
  for (let i = 0; i < times; i += 1) {
    limiter.begin(key);
    limiter.end(key, 'failed');
  }
}

describe('sign-in limiter', () => {
  it('refuses a key after its failures until the window of the first one ends', () => {
    const time = clock();
    const limiter = createSignInLimiter({ maxFailures: 3, windowMs: 60_000, now: time.now });
    fail(limiter, 'a', 2);
    expect(limiter.retryAfterMs('a')).toBe(0);
    time.advance(10_000);
    fail(limiter, 'a', 1);
    expect(limiter.retryAfterMs('a')).toBe(50_000);
    time.advance(49_000);
    expect(limiter.retryAfterMs('a')).toBeGreaterThan(0);
    time.advance(1_000);
    expect(limiter.retryAfterMs('a')).toBe(0);
  });

  it('counts attempts still being checked, so parallel guesses cannot overshoot the budget', () => {
    const limiter = createSignInLimiter({ maxFailures: 3, windowMs: 60_000 });
    for (let i = 0; i < 3; i += 1) limiter.begin('a');
    expect(limiter.retryAfterMs('a')).toBeGreaterThan(0);
    limiter.end('a', 'released');
    expect(limiter.retryAfterMs('a')).toBe(0);
  });

  it('forgets the keys idle the longest when full, never everyone at once', () => {
    const limiter = createSignInLimiter({ maxFailures: 2, windowMs: 60_000, maxKeys: 100 });
    fail(limiter, 'victim', 2);
    for (let i = 0; i < 1000; i += 1) {
      fail(limiter, `spray-${i}`, 1);
      // The account under attack is tried again and again: it stays blocked.
      expect(limiter.retryAfterMs('victim')).toBeGreaterThan(0);
    }
    expect(limiter.size()).toBe(100);
    expect(limiter.retryAfterMs('spray-999')).toBe(0);
  });

  it('throttles per account and per address separately; a success clears only the account', () => {
    const throttle = createSignInThrottle({
      SIGNIN_MAX_FAILURES: 2,
      SIGNIN_MAX_FAILURES_PER_ADDRESS: 3,
      SIGNIN_WINDOW_SECONDS: 60,
    });
    throttle.begin('a@x', '10.0.0.1').end('failed');
    throttle.begin('a@x', '10.0.0.1').end('failed');
    expect(() => throttle.begin('a@x', '10.0.0.9')).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    throttle.begin('b@x', '10.0.0.1').end('succeeded');
    throttle.begin('c@x', '10.0.0.1').end('failed');
    // Three failures from 10.0.0.1 over two accounts: that address is done for the window.
    expect(() => throttle.begin('d@x', '10.0.0.1')).toThrow(expect.objectContaining({ code: 'rate_limited' }));
    expect(() => throttle.begin('d@x', '10.0.0.2').end('failed')).not.toThrow();
  });

  it('counts IPv6 clients per /64 and IPv4-mapped addresses as IPv4', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
  });
});

import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { normalizeEmail } from './email.js';
import { createHashingGate } from './hashing-gate.js';
import { dummyHash, hashPassword, isLegacyBcrypt, needsRehash, SCRYPT_PARAMS, verifyPassword } from './passwords.js';

/** The longest the event loop went without running a 5 ms timer while `work` ran. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  try {
    const result = await work();
    return { result, stallMs };
  } finally {
    clearInterval(timer);
  }
}

describe('password hashes', () => {
  it('stores scrypt hashes that describe their own parameters and verify only the right password', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(new RegExp(`^scrypt\\$${SCRYPT_PARAMS.N}\\$8\\$1\\$[A-Za-z0-9_-]{22}\\$[A-Za-z0-9_-]{43}$`));
    expect(await hashPassword('correct horse battery')).not.toBe(hash);
    expect(await verifyPassword('correct horse battery', hash)).toBe(true);
    expect(await verifyPassword('correct horse batter', hash)).toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it('keeps hashing off the event loop', async () => {
    const { stallMs } = await longestStall(() =>
      Promise.all([hashPassword('a long password'), hashPassword('another one')]),
    );
    expect(stallMs).toBeLessThan(60);
  });

  it('still verifies bcrypt hashes of earlier versions, off the event loop, and marks them for re-hashing', async () => {
    const legacy = bcrypt.hashSync('old password', 11);
    expect(isLegacyBcrypt(legacy)).toBe(true);
    expect(needsRehash(legacy)).toBe(true);
    const { result, stallMs } = await longestStall(() => verifyPassword('old password', legacy));
    expect(result).toBe(true);
    // bcryptjs at cost 11 holds a thread for well over 100 ms here; the loop must not notice.
    expect(stallMs).toBeLessThan(60);
    expect(await verifyPassword('wrong password', legacy)).toBe(false);
  });

  it('refuses stored hashes with absurd or malformed parameters instead of running them', async () => {
    const good = await hashPassword('x-password');
    const [, , r, p, salt, key] = good.split('$');
    for (const bad of [
      `scrypt$${2 ** 24}$${r}$${p}$${salt}$${key}`,
      `scrypt$1000$${r}$${p}$${salt}$${key}`,
      `scrypt$${SCRYPT_PARAMS.N}$999$${p}$${salt}$${key}`,
      `scrypt$${SCRYPT_PARAMS.N}$${r}$${p}$$${key}`,
      'plain-text',
      '',
    ]) {
      expect(await verifyPassword('x-password', bad)).toBe(false);
      expect(needsRehash(bad)).toBe(true);
    }
  });

  it('compares unknown emails against a hash of the same algorithm and cost as real ones', async () => {
    const dummy = await dummyHash();
    const real = await hashPassword('whatever-password');
    expect(dummy.split('$').slice(0, 4)).toEqual(real.split('$').slice(0, 4));
    expect(await dummyHash()).toBe(dummy);
  });
});

describe('email normalisation', () => {
  it('makes case, surrounding whitespace and compatibility forms one address', () => {
    const plain = 'admin@example.test';
    for (const variant of [
      'Admin@Example.TEST',
      '  admin@example.test\t',
      'ａｄｍｉｎ@ｅｘａｍｐｌｅ.test',
      '\u00a0ADMIN@example.test ',
    ]) {
      expect(normalizeEmail(variant)).toBe(plain);
    }
  });
});

describe('hashing gate', () => {
  it('runs a bounded number of hashes at once and refuses anonymous work past its queue with 429', async () => {
    const gate = createHashingGate({ concurrency: 1, maxQueued: 2 });
    let release!: () => void;
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const first = gate.run(() => blocker, true);
    const queued = [gate.run(async () => 'a', true), gate.run(async () => 'b', true)];
    expect(gate.stats()).toEqual({ running: 1, waiting: 2 });
    await expect(gate.run(async () => 'c', true)).rejects.toMatchObject({
      code: 'rate_limited',
      status: 429,
      headers: { 'Retry-After': '1' },
    });
    // Signed-in admin work waits instead of being refused.
    const adminWork = gate.run(async () => 'admin', false);
    release();
    await first;
    expect(await Promise.all([...queued, adminWork])).toEqual(['a', 'b', 'admin']);
    expect(gate.stats()).toEqual({ running: 0, waiting: 0 });
  });
});

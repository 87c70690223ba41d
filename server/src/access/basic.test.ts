import { describe, expect, it } from 'vitest';
import { hashPassword } from '../admin/passwords.js';
import { basicCredentials, createBasicVerifier } from './basic.js';

describe('HTTP Basic', () => {
  it('reads the credentials, with colons in the password and UTF-8', () => {
    const header = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
    expect(basicCredentials(header('ann:pa:ss'))).toEqual({ username: 'ann', password: 'pa:ss' });
    expect(basicCredentials(header('jörg:пароль'))).toEqual({ username: 'jörg', password: 'пароль' });
    expect(basicCredentials(header('no-colon'))).toBeNull();
    expect(basicCredentials('Bearer abc')).toBeNull();
    expect(basicCredentials('Basic !!!')).toBeNull();
    expect(basicCredentials(undefined)).toBeNull();
  });

  it('accepts the right username and password only, and remembers verdicts instead of hashing again', async () => {
    const verifier = createBasicVerifier();
    const expected = { username: 'ann', passwordHash: await hashPassword('s3cret words') };
    expect(await verifier.verify({ username: 'ann', password: 's3cret words' }, expected)).toBe(true);
    expect(await verifier.verify({ username: 'ann', password: 's3cret word' }, expected)).toBe(false);
    expect(await verifier.verify({ username: 'bob', password: 's3cret words' }, expected)).toBe(false);
    const started = performance.now();
    for (let i = 0; i < 20; i++) await verifier.verify({ username: 'ann', password: 's3cret words' }, expected);
    // Twenty scrypt checks would take seconds; remembered verdicts take well under one.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses at once when too many checks wait, rather than queueing behind real callers', async () => {
    const verifier = createBasicVerifier({ concurrency: 1, maxQueued: 1 });
    const expected = { username: 'ann', passwordHash: await hashPassword('pw') };
    const attempts = Array.from({ length: 6 }, (_, i) =>
      verifier.verify({ username: 'ann', password: `guess-${i}` }, expected),
    );
    const results = await Promise.allSettled(attempts);
    expect(results.filter((result) => result.status === 'rejected').length).toBeGreaterThan(0);
    for (const result of results)
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'rate_limited' });
  });
});

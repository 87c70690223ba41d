import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { createHashingGate } from '../admin/hashing-gate.js';
import { verifyPassword } from '../admin/passwords.js';

/**
 * HTTP Basic for an endpoint. The password is stored as a slow hash (scrypt, like the admin's
 * passwords), which would cost ~150 ms of the thread pool on every call: verdicts are kept for
 * a few minutes, keyed by an HMAC of the credentials with a key that lives only in memory,
 * and at most a few checks run at once — a flood of guesses is refused (`429`) rather than
 * queued behind the endpoint's real callers.
 */

export function basicCredentials(header: string | undefined): { username: string; password: string } | null {
  const encoded = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '')?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon === -1) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function sameText(a: string, b: string): boolean {
  const left = createHmac('sha256', 'cmp').update(a).digest();
  const right = createHmac('sha256', 'cmp').update(b).digest();
  return timingSafeEqual(left, right);
}

export function createBasicVerifier(options: { cacheMs?: number; concurrency?: number; maxQueued?: number } = {}) {
  const cacheKey = randomBytes(32);
  const verdicts = new LRUCache<string, boolean>({ max: 10_000, ttl: options.cacheMs ?? 5 * 60_000 });
  const gate = createHashingGate({
    concurrency: options.concurrency ?? 2,
    maxQueued: options.maxQueued ?? 32,
    busyMessage: 'Too many password checks at once; try again in a moment',
  });

  return {
    /** True when the credentials match; rejects `429 rate_limited` when too many checks wait. */
    async verify(
      given: { username: string; password: string },
      expected: { username: string; passwordHash: string },
    ): Promise<boolean> {
      const usernameOk = sameText(given.username, expected.username);
      const key = createHmac('sha256', cacheKey)
        .update(`${expected.passwordHash}\u0000${given.username}\u0000${given.password}`)
        .digest('base64url');
      let passwordOk = verdicts.get(key);
      if (passwordOk === undefined) {
        passwordOk = await gate.run(() => verifyPassword(given.password, expected.passwordHash), true);
        verdicts.set(key, passwordOk);
      }
      return usernameOk && passwordOk;
    },
  };
}

export type BasicVerifier = ReturnType<typeof createBasicVerifier>;

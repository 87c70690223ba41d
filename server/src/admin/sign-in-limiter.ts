import { isIPv6 } from 'node:net';
import { LRUCache } from 'lru-cache';
import type { Config } from '../core/config.js';
import { AppError } from '../core/app-error.js';

interface Entry {
  failures: number;
  /** Attempts still being checked: counted against the budget so parallel guesses cannot overshoot it. */
  pending: number;
  since: number;
}

export type AttemptOutcome = 'failed' | 'succeeded' | 'released';

/**
 * Slows password guessing for one kind of key (an account, a client address): after
 * `maxFailures` failures within `windowMs` of the first one, the key is refused until the
 * window ends. Keys live in an LRU of `maxKeys`: when full, the key idle the longest is
 * forgotten, never everyone at once, and a key under attack is touched on every try.
 */
export function createSignInLimiter(options: {
  maxFailures: number;
  windowMs: number;
  maxKeys?: number;
  now?: () => number;
}) {
  const { maxFailures, windowMs } = options;
  const now = options.now ?? Date.now;
  const entries = new LRUCache<string, Entry>({ max: options.maxKeys ?? 100_000 });

  function current(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && now() - entry.since >= windowMs) {
      entry.failures = 0;
      entry.since = now();
      if (entry.pending === 0) {
        entries.delete(key);
        return undefined;
      }
    }
    return entry;
  }

  return {
    /** Milliseconds until `key` may try again; 0 when it may. */
    retryAfterMs(key: string): number {
      const entry = current(key);
      if (!entry || entry.failures + entry.pending < maxFailures) return 0;
      // Full only because of attempts still being checked: their outcome is a moment away.
      if (entry.failures < maxFailures) return 1000;
      return Math.max(1000, entry.since + windowMs - now());
    },
    /** Reserves one attempt; pair with `end`. */
    begin(key: string): void {
      const entry = current(key) ?? { failures: 0, pending: 0, since: now() };
      entry.pending += 1;
      entries.set(key, entry);
    },
    /** `succeeded` clears the key's failures; `released` gives the reservation back uncounted. */
    end(key: string, outcome: AttemptOutcome): void {
      const entry = current(key);
      if (!entry) return;
      entry.pending = Math.max(0, entry.pending - 1);
      if (outcome === 'failed') entry.failures += 1;
      if (outcome === 'succeeded') entry.failures = 0;
      if (entry.failures === 0 && entry.pending === 0) entries.delete(key);
    },
    size: () => entries.size,
  };
}

/**
 * The key a client address is throttled under. IPv6 clients usually hold a whole /64, so
 * they are counted per /64; IPv4-mapped IPv6 addresses count as the IPv4 address.
 */
export function addressKey(ip: string | undefined): string {
  const address = (ip ?? '').trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

type ThrottleConfig = Pick<Config, 'SIGNIN_MAX_FAILURES' | 'SIGNIN_MAX_FAILURES_PER_ADDRESS' | 'SIGNIN_WINDOW_SECONDS'>;

/**
 * Two budgets guard sign-in: one per account (every spelling of an email is one account, so
 * a blocked account stays blocked, even for the right password, until its window ends) and
 * one per client address (so one client cannot spray guesses over many accounts).
 */
export function createSignInThrottle(config: ThrottleConfig) {
  const windowMs = config.SIGNIN_WINDOW_SECONDS * 1000;
  const accounts = createSignInLimiter({ maxFailures: config.SIGNIN_MAX_FAILURES, windowMs });
  const addresses = createSignInLimiter({ maxFailures: config.SIGNIN_MAX_FAILURES_PER_ADDRESS, windowMs });

  return {
    /** Reserves one attempt under both budgets, or throws `429` with Retry-After. */
    begin(email: string, ip: string | undefined) {
      const address = addressKey(ip);
      const retryAfterMs = Math.max(accounts.retryAfterMs(email), addresses.retryAfterMs(address));
      if (retryAfterMs > 0) {
        throw new AppError('rate_limited', 'Too many failed sign-ins; try again later', {
          headers: { 'Retry-After': String(Math.ceil(retryAfterMs / 1000)) },
        });
      }
      accounts.begin(email);
      addresses.begin(address);
      return {
        end(outcome: AttemptOutcome) {
          accounts.end(email, outcome);
          // A success clears the account's failures, not the address's: one valid account
          // must not reset a budget that guards every other account.
          addresses.end(address, outcome === 'succeeded' ? 'released' : outcome);
        },
      };
    },
  };
}

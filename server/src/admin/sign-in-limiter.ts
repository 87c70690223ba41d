/** Slows password guessing: after `maxFailures` within `windowMs`, a key is blocked for the rest of the window. */
export function createSignInLimiter(maxFailures = 10, windowMs = 15 * 60_000) {
  const failures = new Map<string, { count: number; since: number }>();
  function current(key: string) {
    const entry = failures.get(key);
    if (entry && Date.now() - entry.since > windowMs) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  }
  return {
    /** Milliseconds until the key may try again; 0 when allowed. */
    blockedFor(key: string): number {
      const entry = current(key);
      return entry && entry.count >= maxFailures ? entry.since + windowMs - Date.now() : 0;
    },
    failed(key: string) {
      if (failures.size > 100_000) failures.clear();
      const entry = current(key) ?? { count: 0, since: Date.now() };
      entry.count += 1;
      failures.set(key, entry);
    },
    succeeded(key: string) {
      failures.delete(key);
    },
  };
}

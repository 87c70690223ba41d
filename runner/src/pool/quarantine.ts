interface Entry {
  until: number;
  /** Named as the one that crashed a worker (else one of several suspects of one crash). */
  confirmed: boolean;
  /** Suspects of the same crash share a group: when one is named, the others are released. */
  group: number;
  /** Runs a suspect finished alone without crashing anything. */
  cleanRuns: number;
  /** Isolation workers this scenario crashed; spaces out their replacements. */
  crashes: number;
  retryAt: number;
}

export interface QuarantineOptions {
  /** How long a scenario runs apart after it crashed a worker (or was a suspect). */
  durationMs: number;
  /** A suspect that has run alone this many times without a crash is released. */
  releaseAfterCleanRuns: number;
}

/**
 * Which scenarios run apart, each alone in an isolation worker, after a worker crash.
 *
 * When the crash names its culprit (isolated-vm reports the broken isolate's key), only that
 * scenario is quarantined. When it does not (a plain V8 fatal error), every scenario that was
 * running becomes a suspect: each runs alone, so the next crash names the culprit, and the
 * others are released then — or once they have proven themselves with clean runs.
 */
export class Quarantine {
  private readonly entries = new Map<string, Entry>();
  private nextGroup = 1;

  constructor(private readonly options: QuarantineOptions) {}

  has(key: string, now: number): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    if (entry.until > now) return true;
    this.entries.delete(key);
    return false;
  }

  /** `key` crashed a worker. Returns the suspects of the same crash that are released. */
  blame(key: string, now: number): string[] {
    const entry = this.entries.get(key);
    const group = entry && !entry.confirmed ? entry.group : 0;
    this.entries.set(key, {
      until: now + this.options.durationMs,
      confirmed: true,
      group: 0,
      cleanRuns: 0,
      crashes: entry?.crashes ?? 0,
      retryAt: entry?.retryAt ?? 0,
    });
    if (group === 0) return [];
    const released: string[] = [];
    for (const [other, candidate] of this.entries) {
      if (!candidate.confirmed && candidate.group === group) {
        this.entries.delete(other);
        released.push(other);
      }
    }
    return released;
  }

  /** A crash without a name: `keys` were running in the worker. */
  suspect(keys: string[], now: number): void {
    if (keys.length === 1) {
      this.blame(keys[0]!, now);
      return;
    }
    const group = this.nextGroup++;
    for (const key of keys) {
      if (this.entries.get(key)?.confirmed && this.has(key, now)) continue;
      this.entries.set(key, {
        until: now + this.options.durationMs,
        confirmed: false,
        group,
        cleanRuns: 0,
        crashes: 0,
        retryAt: 0,
      });
    }
  }

  /** A run of `key` finished alone without crashing its worker. True when that released it. */
  cleanRun(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry || entry.confirmed) return false;
    entry.cleanRuns++;
    if (entry.cleanRuns < this.options.releaseAfterCleanRuns) return false;
    this.entries.delete(key);
    return true;
  }

  /** `key` crashed its isolation worker: the next one starts after a growing pause. */
  crashed(key: string, now: number): number {
    const entry = this.entries.get(key);
    if (!entry) return now;
    entry.crashes++;
    entry.retryAt = now + Math.min(5_000, 100 * 2 ** Math.min(entry.crashes - 1, 6));
    return entry.retryAt;
  }

  retryAt(key: string): number {
    return this.entries.get(key)?.retryAt ?? 0;
  }

  count(now: number): number {
    let count = 0;
    for (const key of [...this.entries.keys()]) if (this.has(key, now)) count++;
    return count;
  }
}

import type { Quarantine } from './quarantine.js';
import { newSlot, type WorkerSlot } from './worker-slot.js';

export interface IsolationDeps {
  /** At most this many isolation workers exist at once. */
  max: number;
  quarantine: Quarantine;
  /** Whether runs of `key` wait in the pool. */
  isWaiting(key: string): boolean;
  hasRoom(slot: WorkerSlot, key: string): boolean;
  spawn(slot: WorkerSlot): void;
  nextId(): number;
  /** Try again to place waiting runs at `at` (a crashed scenario's pause is over). */
  retryAt(at: number, now: number): void;
}

/**
 * The isolation workers: each belongs to one quarantined scenario at a time, so that its
 * crash harms no other scenario's runs (quarantined ones included) and names its culprit.
 * They are started when a quarantined scenario needs one, capped, handed over when another
 * quarantined scenario waits for one, and shut down when idle.
 */
export class IsolationWorkers {
  slots: WorkerSlot[] = [];
  /** Quarantined scenarios that found no worker free: owners hand theirs over when done. */
  private readonly awaiting = new Set<string>();

  constructor(private readonly deps: IsolationDeps) {}

  /** The worker a run of quarantined `key` goes to now, if any. */
  slotFor(key: string, now: number): WorkerSlot | undefined {
    const owned = this.slots.find((slot) => slot.owner === key);
    // While another quarantined scenario waits, the owner gets no new runs: its worker drains.
    if (owned) return !this.handoverWanted(key) && this.deps.hasRoom(owned, key) ? owned : undefined;
    const retryAt = this.deps.quarantine.retryAt(key);
    if (retryAt > now) {
      this.deps.retryAt(retryAt, now);
      return undefined;
    }
    const free = this.slots.find((slot) => slot.owner === null && !slot.retired && slot.child !== null);
    if (free) {
      free.owner = key;
      this.awaiting.delete(key);
      return this.deps.hasRoom(free, key) ? free : undefined;
    }
    if (this.slots.length < this.deps.max) {
      const slot = newSlot(this.deps.nextId(), 'isolation', key);
      this.slots.push(slot);
      this.deps.spawn(slot);
      this.awaiting.delete(key);
      return undefined;
    }
    this.awaiting.add(key);
    return undefined;
  }

  /** A worker with nothing in flight is freed when its owner has nothing for it, or must share. */
  releaseIfDone(slot: WorkerSlot, now: number): void {
    if (slot.inFlight.size > 0 || slot.owner === null) return;
    const owner = slot.owner;
    if (this.deps.quarantine.has(owner, now) && this.deps.isWaiting(owner) && !this.handoverWanted(owner)) return;
    slot.owner = null;
    slot.idleSince = now;
  }

  remove(slot: WorkerSlot): void {
    this.slots = this.slots.filter((other) => other !== slot);
  }

  /** Marks and returns the workers that have had no owner for `idleMs` (to be shut down). */
  retireIdle(now: number, idleMs: number): WorkerSlot[] {
    const idle: WorkerSlot[] = [];
    for (const slot of this.slots) {
      this.releaseIfDone(slot, now);
      if (slot.owner !== null || slot.inFlight.size > 0 || slot.retired || now - slot.idleSince < idleMs) continue;
      slot.retired = true;
      idle.push(slot);
    }
    return idle;
  }

  /** Another quarantined scenario waits for a worker that `owner` could hand over. */
  private handoverWanted(owner: string): boolean {
    for (const key of this.awaiting) {
      if (!this.deps.isWaiting(key) || this.slots.some((slot) => slot.owner === key)) this.awaiting.delete(key);
      else if (key !== owner) return true;
    }
    return false;
  }
}

import { RunQueue } from './run-queue.js';
import type { Pending } from './wire.js';

/** setTimeout's longest delay; a later moment is reached by no timer at all. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface WaitingRoomOptions {
  /** The longest a run waits for a worker, unless its deadline comes first. */
  maxWaitMs: number;
  /** The run's deadline came before a worker took it: it has left the room. */
  onDeadline(pending: Pending): void;
  /** The run waited `maxWaitMs` without a worker: it has left the room. */
  onGiveUp(pending: Pending): void;
}

/**
 * Runs waiting in the pool for a worker with room for their scenario, in the order `RunQueue`
 * keeps. Each one is answered the moment its time is up — its own deadline, or the longest
 * wait the pool allows — not whenever a worker frees up: a caller's time limit covers the wait.
 */
export class WaitingRoom {
  private readonly queue = new RunQueue<Pending>();

  constructor(private readonly options: WaitingRoomOptions) {}

  get size(): number {
    return this.queue.size;
  }

  has(key: string): boolean {
    return this.queue.has(key);
  }

  keys(): string[] {
    return this.queue.keys();
  }

  push(pending: Pending, now: number): void {
    const key = pending.wire.key;
    this.queue.push(key, pending);
    const giveUpAt = pending.queuedAt + this.options.maxWaitMs;
    const byDeadline = pending.deadline <= giveUpAt;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, Math.min(pending.deadline, giveUpAt) - now));
    pending.waitTimer = setTimeout(() => {
      pending.waitTimer = undefined;
      if (!this.queue.remove(pending.job.runId, key)) return;
      if (byDeadline) this.options.onDeadline(pending);
      else this.options.onGiveUp(pending);
    }, delay);
  }

  /** The oldest waiting run of `key`, which leaves the room for a worker. */
  shift(key: string): Pending | undefined {
    return this.left(this.queue.shift(key));
  }

  remove(runId: string): Pending | undefined {
    return this.left(this.queue.remove(runId));
  }

  clear(): Pending[] {
    return this.queue.clear().map((pending) => this.left(pending)!);
  }

  private left(pending: Pending | undefined): Pending | undefined {
    if (pending?.waitTimer) {
      clearTimeout(pending.waitTimer);
      pending.waitTimer = undefined;
    }
    return pending;
  }
}

import type { ScenarioIsolate } from './scenario-isolate.js';

interface Waiter {
  create: () => Promise<ScenarioIsolate>;
  resolve: (isolate: ScenarioIsolate) => void;
  reject: (error: unknown) => void;
  abandoned: boolean;
}

interface Slot {
  idle: ScenarioIsolate[];
  /** Isolates of this key that exist (idle, busy or being created). */
  count: number;
  waiters: Waiter[];
}

export interface IsolateCacheOptions {
  /** Isolates kept per worker, across scenarios; idle ones beyond it are disposed, oldest first. */
  maxTotal: number;
  /** Isolates of one scenario version that may run at the same time. */
  maxPerKey: number;
  /** Idle isolates older than this are disposed. */
  idleMs: number;
}

/**
 * Warm isolates per scenario version. One run at a time per isolate; a few isolates per
 * version run in parallel; further runs wait their turn (their deadline keeps running).
 */
export class IsolateCache {
  private readonly slots = new Map<string, Slot>();
  private total = 0;

  constructor(private readonly options: IsolateCacheOptions) {}

  /** A warm idle isolate, a new one, or the next one to be released. */
  acquire(
    key: string,
    create: () => Promise<ScenarioIsolate>,
  ): { promise: Promise<ScenarioIsolate>; abandon: () => void } {
    const slot = this.slot(key);
    const warm = slot.idle.pop();
    if (warm) return { promise: Promise.resolve(warm), abandon: () => {} };
    if (slot.count < this.options.maxPerKey) return { promise: this.spawn(slot, create), abandon: () => {} };
    let waiter!: Waiter;
    const promise = new Promise<ScenarioIsolate>((resolve, reject) => {
      waiter = { create, resolve, reject, abandoned: false };
      slot.waiters.push(waiter);
    });
    return { promise, abandon: () => (waiter.abandoned = true) };
  }

  /** Back to the idle list after a clean run, or straight to the next waiter. */
  release(isolate: ScenarioIsolate): void {
    const slot = this.slot(isolate.key);
    isolate.lastUsed = Date.now();
    const waiter = this.nextWaiter(slot);
    if (waiter) {
      waiter.resolve(isolate);
      return;
    }
    slot.idle.push(isolate);
    this.trim();
  }

  /** Throws an isolate away (after a breach, above the heap threshold, or on error). */
  discard(isolate: ScenarioIsolate): void {
    isolate.dispose();
    const slot = this.slots.get(isolate.key);
    if (!slot) return;
    slot.count--;
    this.total--;
    const waiter = this.nextWaiter(slot);
    if (waiter) this.spawn(slot, waiter.create).then(waiter.resolve, waiter.reject);
    else if (slot.count === 0 && slot.waiters.length === 0) this.slots.delete(isolate.key);
  }

  /** Disposes idle isolates unused for `idleMs`; called periodically. */
  sweep(now = Date.now()): void {
    for (const slot of this.slots.values()) {
      for (const isolate of [...slot.idle]) {
        if (now - isolate.lastUsed > this.options.idleMs) {
          slot.idle.splice(slot.idle.indexOf(isolate), 1);
          this.discard(isolate);
        }
      }
    }
  }

  /** Disposes everything (worker shutdown). */
  clear(): void {
    for (const slot of this.slots.values()) for (const isolate of slot.idle) isolate.dispose();
    this.slots.clear();
    this.total = 0;
  }

  size(): number {
    return this.total;
  }

  private slot(key: string): Slot {
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { idle: [], count: 0, waiters: [] };
      this.slots.set(key, slot);
    }
    return slot;
  }

  private nextWaiter(slot: Slot): Waiter | undefined {
    let waiter = slot.waiters.shift();
    while (waiter?.abandoned) waiter = slot.waiters.shift();
    return waiter;
  }

  private spawn(slot: Slot, create: () => Promise<ScenarioIsolate>): Promise<ScenarioIsolate> {
    slot.count++;
    this.total++;
    const created = create();
    created.catch(() => {
      slot.count--;
      this.total--;
      // A failed creation frees the place for the next waiter, which tries again itself.
      const waiter = this.nextWaiter(slot);
      if (waiter) this.spawn(slot, waiter.create).then(waiter.resolve, waiter.reject);
    });
    this.trim();
    return created;
  }

  /** Keeps the worker's isolate count bounded: oldest idle isolates of any scenario go first. */
  private trim(): void {
    while (this.total > this.options.maxTotal) {
      let oldest: { slot: Slot; isolate: ScenarioIsolate } | undefined;
      for (const slot of this.slots.values()) {
        for (const isolate of slot.idle) {
          if (!oldest || isolate.lastUsed < oldest.isolate.lastUsed) oldest = { slot, isolate };
        }
      }
      if (!oldest) return;
      oldest.slot.idle.splice(oldest.slot.idle.indexOf(oldest.isolate), 1);
      this.discard(oldest.isolate);
    }
  }
}

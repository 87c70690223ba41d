// Guest code: self-contained, shipped with toString() (see web.ts).

/** The answer of an asynchronous host call: a JSON head and, for a fetch, the body's bytes. */
export interface HostAnswer {
  head: string;
  bytes: ArrayBuffer | null;
}

/** A host call, waiting for a free place in its lane or started. */
export interface HostCall {
  promise: Promise<HostAnswer>;
  /** Gives up on the call; true when the host had started it (and must be told to stop). */
  cancel(): boolean;
}

/** What the run in progress may still do outside the sandbox. */
export interface RunAllowance {
  fetches: number;
  maxFetches: number;
  /** Largest fetch request body. */
  maxFetchBytes: number;
  ops: number;
}

/** What the other parts of the guest use from this one. */
export interface HostCallParts {
  /**
   * Starts `start(id)` as soon as the lane has a free place (fetch: 6, op: 4 at a time); the
   * promise settles when the host answers with that id. Throws outside a run.
   */
  call(lane: 'fetch' | 'op', start: (id: number) => void): HostCall;
  /** The host's answer to call `id` (`GuestApi.settle`); answers of ended runs are dropped. */
  settle(id: number, head: string, bytes: ArrayBuffer | null): void;
  /** The run in progress, or null between runs (module-level code, leftovers of an ended run). */
  allowance(): RunAllowance | null;
  beginRun(limits: { fetchMaxPerRun: number; fetchMaxBytes: number }): void;
  /**
   * Forgets every call of the run: none of its answers will run scenario code after it.
   * Returns how many calls the run handed to the host (the host waits until it has them all).
   */
  endRun(): number;
}

/**
 * Asynchronous calls to the host: the guest hands a request over with a fire-and-forget
 * callback and the host answers later through `GuestApi.settle`, so that the isolate never
 * waits for the network. Requests past a lane's parallel limit wait here, inside the isolate,
 * so that their bodies stay on the scenario's own heap until they go.
 */
export function installHostCalls(): HostCallParts {
  'use strict';
  interface Entry {
    lane: Lane;
    start: (id: number) => void;
    resolve: (answer: HostAnswer) => void;
    started: boolean;
  }
  interface Lane {
    limit: number;
    active: number;
    queue: Array<{ id: number; entry: Entry }>;
  }
  const lanes: Record<'fetch' | 'op', Lane> = {
    fetch: { limit: 6, active: 0, queue: [] },
    op: { limit: 4, active: 0, queue: [] },
  };
  const started = new Map<number, Entry>();
  // Never reset: an answer meant for an earlier run can never match a call of this one.
  let nextId = 1;
  let current: RunAllowance | null = null;
  let startedInRun = 0;

  function pump(lane: Lane): void {
    while (lane.active < lane.limit && lane.queue.length > 0) {
      const { id, entry } = lane.queue.shift()!;
      lane.active++;
      entry.started = true;
      started.set(id, entry);
      startedInRun++;
      entry.start(id);
    }
  }

  function call(laneName: 'fetch' | 'op', start: (id: number) => void): HostCall {
    if (!current) throw new TypeError('Outbound calls can be made only while the scenario runs');
    const lane = lanes[laneName];
    const id = nextId++;
    let entry!: Entry;
    // Never rejected: a call the run abandons (or that ends with the run) just never settles.
    const promise = new Promise<HostAnswer>((resolve) => {
      entry = { lane, start, resolve, started: false };
    });
    lane.queue.push({ id, entry });
    pump(lane);
    return {
      promise,
      cancel(): boolean {
        if (!entry.started) {
          lane.queue = lane.queue.filter((waiting) => waiting.id !== id);
          return false;
        }
        if (!started.delete(id)) return false;
        lane.active--;
        pump(lane);
        return true;
      },
    };
  }

  function settle(id: number, head: string, bytes: ArrayBuffer | null): void {
    const entry = started.get(id);
    if (!entry) return;
    started.delete(id);
    entry.lane.active--;
    entry.resolve({ head, bytes });
    pump(entry.lane);
  }

  function beginRun(limits: { fetchMaxPerRun: number; fetchMaxBytes: number }): void {
    current = { fetches: 0, maxFetches: limits.fetchMaxPerRun, maxFetchBytes: limits.fetchMaxBytes, ops: 0 };
    startedInRun = 0;
  }

  function endRun(): number {
    current = null;
    const handedOver = startedInRun;
    startedInRun = 0;
    started.clear();
    for (const lane of Object.values(lanes)) {
      lane.active = 0;
      lane.queue = [];
    }
    return handedOver;
  }

  return { call, settle, allowance: () => current, beginRun, endRun };
}

import type { Logger } from '../log.js';
import type { Store } from '../store/types.js';
import type { ProcessEvents } from './events.js';
import type { ProcessService, StoredInput } from './service.js';

export interface QueueOptions {
  store: Store;
  service: ProcessService;
  events: ProcessEvents;
  log: Logger;
  concurrency: number;
  /** Owner name for leases (stable across restarts of one instance). */
  owner: string;
  leaseMs?: number;
  pollMs?: number;
}

/**
 * Runs queued async processes with bounded concurrency. The queue lives in the store, so
 * several instances can share it (claims are atomic and leased) and nothing is lost on a stop.
 */
export function createQueue(options: QueueOptions) {
  const { store, service, log, concurrency, owner } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1000;
  const running = new Map<string, Promise<void>>();
  let stopped = true;
  let pumping = false;
  let again = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let leaseTimer: NodeJS.Timeout | undefined;

  async function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        while (!stopped && running.size < concurrency) {
          const claimed = await store.claimQueued(owner, leaseMs);
          if (!claimed) break;
          options.events.updated(claimed.process);
          const input = claimed.input as unknown as StoredInput | null;
          const task = (input ? service.runClaimed(claimed.process, input) : failWithoutInput(claimed.process.id))
            .then(() => undefined)
            .catch((err: unknown) => log.error({ err, processId: claimed.process.id }, 'async run failed to record'))
            .finally(() => {
              running.delete(claimed.process.id);
              if (!stopped) void pump();
            });
          running.set(claimed.process.id, task);
        }
      } while (again && !stopped);
    } catch (err) {
      log.warn({ err }, 'queue: claiming failed; will retry');
    } finally {
      pumping = false;
    }
  }

  async function failWithoutInput(processId: string) {
    const failed = await store.transitionProcess(processId, ['running'], {
      status: 'failed',
      error: { code: 'internal_error', name: 'Error', message: 'The queued request data is missing' },
      finishedAt: new Date().toISOString(),
      durationMs: 0,
    });
    if (failed) options.events.updated(failed);
  }

  return {
    start() {
      stopped = false;
      pollTimer = setInterval(() => void pump(), pollMs);
      leaseTimer = setInterval(() => {
        if (running.size === 0) return;
        store.renewLeases(owner, [...running.keys()], leaseMs).catch((err: unknown) => log.warn({ err }, 'lease renewal failed'));
      }, Math.max(1000, Math.floor(leaseMs / 3)));
      pollTimer.unref();
      leaseTimer.unref();
      void pump();
    },
    /** Called after an enqueue so the run starts without waiting for the poll. */
    poke() {
      if (!stopped) void pump();
    },
    isRunning(processId: string) {
      return running.has(processId);
    },
    get active() {
      return running.size;
    },
    /** Stops claiming; waits up to `graceMs` for running processes (leases cover the rest). */
    async stop(graceMs: number) {
      stopped = true;
      clearInterval(pollTimer);
      clearInterval(leaseTimer);
      if (running.size === 0) return;
      await Promise.race([Promise.allSettled([...running.values()]), new Promise((r) => setTimeout(r, graceMs).unref())]);
    },
  };
}

export type Queue = ReturnType<typeof createQueue>;

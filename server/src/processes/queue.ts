import { RunTable } from '@scriptgate/runner/run-table';
import type { Logger } from '../core/log.js';
import { failedBeforeRunPatch, MAX_RUN_ATTEMPTS } from '../lifecycle/process-lifecycle.js';
import type { Store } from '../store/types.js';
import type { ProcessEventBus } from './events.js';
import type { ProcessService, StoredInput } from './service.js';

export interface QueueOptions {
  store: Store;
  service: ProcessService;
  /** The queue listens for new queued processes, so an enqueue wakes it without anyone's help. */
  events: ProcessEventBus;
  log: Logger;
  concurrency: number;
  /** Owner name for leases (stable across restarts of one instance). */
  owner: string;
  leaseMs?: number;
  pollMs?: number;
  /** ASYNC_MAX_ATTEMPTS: runs cut off by a crash or a lost lease get this many in all. */
  maxAttempts?: number;
}

/**
 * Runs queued async processes with bounded concurrency. The queue lives in the store, so
 * several instances can share it (claims are atomic and leased) and nothing is lost on a stop.
 */
export function createQueue(options: QueueOptions) {
  const { store, service, log, concurrency, owner } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const pollMs = options.pollMs ?? 1000;
  const maxAttempts = options.maxAttempts ?? MAX_RUN_ATTEMPTS;
  // Not a Map: see RunTable.
  const running = new RunTable<Promise<void>>();
  let stopped = true;
  let pumping = false;
  let again = false;
  let pollTimer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
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
          const claimed = await store.claimQueued(owner, leaseMs, maxAttempts);
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
    const failed = await store.transitionProcess(
      processId,
      ['running'],
      failedBeforeRunPatch({ code: 'internal_error', name: 'Error', message: 'The queued request data is missing' }),
    );
    if (failed) options.events.updated(failed);
  }

  return {
    start() {
      stopped = false;
      pollTimer = setInterval(() => void pump(), pollMs);
      leaseTimer = setInterval(
        () => {
          if (running.size === 0) return;
          store
            .renewLeases(owner, running.keys(), leaseMs)
            .catch((err: unknown) => log.warn({ err }, 'lease renewal failed'));
        },
        Math.max(1000, Math.floor(leaseMs / 3)),
      );
      pollTimer.unref();
      leaseTimer.unref();
      // A run queued here starts at once; one queued on another instance waits for the poll.
      unsubscribe = options.events.subscribe({
        created(record) {
          if (record.status === 'queued' && !stopped) void pump();
        },
      });
      void pump();
    },
    isRunning(processId: string) {
      return running.has(processId);
    },
    get active() {
      return running.size;
    },
    /**
     * Stops claiming and waits up to `graceMs` for the runs going. Those still going then are
     * handed back to the queue (same attempt: a deploy is not a crash) before the runner stops
     * them; their late results are dropped by the lease fence, and the next start runs them.
     */
    async stop(graceMs: number) {
      stopped = true;
      unsubscribe?.();
      clearInterval(pollTimer);
      if (running.size > 0) {
        await Promise.race([Promise.allSettled(running.values()), new Promise((r) => setTimeout(r, graceMs).unref())]);
      }
      clearInterval(leaseTimer);
      for (const processId of running.keys()) {
        try {
          const released = await store.releaseRun(processId, owner);
          if (released) options.events.updated(released);
        } catch (err) {
          // The lease expires by itself; another start retries the run as its next attempt.
          log.warn({ err, processId }, 'could not hand a run back to the queue at shutdown');
        }
      }
    },
  };
}

export type Queue = ReturnType<typeof createQueue>;

import { AppError } from '../core/app-error.js';

export interface AdmissionLimits {
  /**
   * Sync runs of one endpoint handed to the runner at once on this instance (the runner itself
   * executes a few of them per worker at a time and lines up the rest without delaying others).
   */
  maxInFlight: number;
  /** Sync runs of one endpoint waiting for a place; past it callers get `503 endpoint_busy`. */
  maxWaiting: number;
}

interface Waiter {
  admit: () => void;
  cancelled: boolean;
}

interface Lane {
  inFlight: number;
  waiting: Waiter[];
}

/** What a caller holds while its run goes: `release` exactly once, when the run is over. */
export interface Ticket {
  release(): void;
}

const RETRY_AFTER_SECONDS = 1;

export function endpointBusy(message: string, retryAfterSeconds = RETRY_AFTER_SECONDS): AppError {
  return new AppError('endpoint_busy', message, { headers: { 'Retry-After': String(retryAfterSeconds) } });
}

/**
 * Per-endpoint admission of sync runs. One endpoint's flood fills its own lane — at most
 * `maxInFlight` runs in the runner and `maxWaiting` in line — and everything past that is
 * answered at once with `503 endpoint_busy`, so it can never take the runner's capacity
 * (or the server's memory) from other endpoints.
 */
export function createAdmission(limits: AdmissionLimits) {
  const lanes = new Map<string, Lane>();

  function lane(key: string): Lane {
    let found = lanes.get(key);
    if (!found) {
      found = { inFlight: 0, waiting: [] };
      lanes.set(key, found);
    }
    return found;
  }

  function ticketFor(key: string, current: Lane): Ticket {
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        current.inFlight--;
        let next = current.waiting.shift();
        while (next?.cancelled) next = current.waiting.shift();
        if (next) {
          current.inFlight++;
          next.admit();
        } else if (current.inFlight === 0) {
          lanes.delete(key);
        }
      },
    };
  }

  return {
    /**
     * Resolves with a ticket once the run may start; rejects `endpoint_busy` at once when the
     * lane is full. `whenGone` is asked only if the caller has to wait: its signal (the client
     * went away) takes the caller out of line.
     */
    acquire(key: string, whenGone?: () => AbortSignal): Promise<Ticket> {
      const current = lane(key);
      if (current.inFlight < limits.maxInFlight && current.waiting.length === 0) {
        current.inFlight++;
        return Promise.resolve(ticketFor(key, current));
      }
      const live = current.waiting.filter((waiter) => !waiter.cancelled).length;
      if (live >= limits.maxWaiting) {
        return Promise.reject(endpointBusy('This endpoint has too many runs in progress; retry shortly'));
      }
      const signal = whenGone?.();
      return new Promise<Ticket>((resolve, reject) => {
        const waiter: Waiter = {
          cancelled: false,
          admit: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve(ticketFor(key, current));
          },
        };
        const onAbort = () => {
          waiter.cancelled = true;
          current.waiting = current.waiting.filter((w) => w !== waiter);
          reject(new AppError('cancelled', 'The client went away before the run started'));
        };
        if (signal?.aborted) return onAbort();
        signal?.addEventListener('abort', onAbort, { once: true });
        current.waiting.push(waiter);
      });
    },

    /** Runs in flight and waiting, per endpoint key (for tests and metrics). */
    snapshot(): Record<string, { inFlight: number; waiting: number }> {
      const out: Record<string, { inFlight: number; waiting: number }> = {};
      for (const [key, current] of lanes) out[key] = { inFlight: current.inFlight, waiting: current.waiting.length };
      return out;
    },
  };
}

export type Admission = ReturnType<typeof createAdmission>;

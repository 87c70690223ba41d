import type { CallbackAttempt, ProcessRecord } from '../contract/index.js';
import type { Logger } from '../core/log.js';
import { statusView } from '../processes/status-view.js';
import type { Store } from '../store/types.js';
import { signedHeaders } from './signing.js';

/**
 * Callback delivery (README "Callbacks"): when an async run of an endpoint with a `callbackUrl`
 * ends, the process is stored with a pending delivery (in the same write as its end); this
 * dispatcher claims due deliveries from the store with a lease — so two instances never send
 * the same attempt at once, and a delivery a crashed instance held becomes due again — POSTs
 * the status JSON, signed, and records every attempt. 1 + 3 attempts, each with a 10 s
 * timeout, backing off `CALLBACK_RETRY_BASE_MS` × 1, 2, 4 with ±20 % jitter.
 */

export const CALLBACK_ATTEMPTS = 4;
export const CALLBACK_TIMEOUT_MS = 10_000;

/** POSTs through the SSRF-safe client; rejects (message `blocked: …` for a refused address) on network failure. */
export type SignedPost = (
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number },
) => Promise<{ status: number }>;

export interface CallbackDeliveryDeps {
  store: Pick<Store, 'claimCallback' | 'recordCallbackAttempt' | 'getEndpoint'>;
  owner: string;
  post: SignedPost;
  /** The endpoint's callback secret in clear; null when it has none (or it cannot be opened). */
  secretOf(endpointId: string): Promise<string | null>;
  retryBaseMs: number;
  log: Pick<Logger, 'warn' | 'error'>;
  onUpdated?(record: ProcessRecord): void;
  onAttempt?(outcome: 'delivered' | 'retry' | 'failed'): void;
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  random?: () => number;
}

const NO_SECRET = 'the endpoint was deleted or has no callback secret';

/**
 * Attempts made in the current round of a delivery. "Deliver again" keeps the earlier attempts
 * (the history stays on the process) and starts a new round; a round ended when an attempt
 * delivered, when it reached CALLBACK_ATTEMPTS, or when nothing could be signed — so the
 * rounds can be read back from the attempts alone.
 */
export function attemptsInRound(attempts: readonly CallbackAttempt[]): number {
  let inRound = 0;
  for (const attempt of attempts) {
    inRound += 1;
    const delivered = attempt.status !== undefined && attempt.error === undefined;
    if (delivered || inRound >= CALLBACK_ATTEMPTS || attempt.error === NO_SECRET) inRound = 0;
  }
  return inRound;
}

/** When attempt `made + 1` is due after `made` failed attempts. */
export function nextAttemptDelay(made: number, baseMs: number, random = Math.random): number {
  const jitter = 0.8 + 0.4 * random();
  return Math.round(baseMs * 2 ** (made - 1) * jitter);
}

export function createCallbackDelivery(deps: CallbackDeliveryDeps) {
  const concurrency = deps.concurrency ?? 4;
  const leaseMs = deps.leaseMs ?? CALLBACK_TIMEOUT_MS * 3;
  const pollMs = deps.pollMs ?? 1000;
  const running = new Set<Promise<void>>();
  let stopped = true;
  let pumping = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function attempt(process: ProcessRecord): Promise<void> {
    const callback = process.callback!;
    const started = Date.now();
    let result: Pick<CallbackAttempt, 'status' | 'error'>;
    const secret = await deps.secretOf(process.endpointId);
    if (secret === null) {
      result = { error: NO_SECRET };
    } else {
      const body = JSON.stringify(statusView(process));
      try {
        const { status } = await deps.post(callback.url, {
          headers: signedHeaders(secret, body, process.id),
          body,
          timeoutMs: CALLBACK_TIMEOUT_MS,
        });
        result = status >= 200 && status < 300 ? { status } : { status, error: `the receiver answered ${status}` };
      } catch (err) {
        result = { error: (err as Error).message };
      }
    }
    const made = attemptsInRound(callback.attempts) + 1;
    const delivered = result.status !== undefined && result.error === undefined;
    const retryIn = nextAttemptDelay(made, deps.retryBaseMs, deps.random);
    const next: { status: 'pending' | 'delivered' | 'failed'; nextAttemptAt: string | null } = delivered
      ? { status: 'delivered', nextAttemptAt: null }
      : made >= CALLBACK_ATTEMPTS || secret === null
        ? { status: 'failed', nextAttemptAt: null }
        : { status: 'pending', nextAttemptAt: new Date(Date.now() + retryIn).toISOString() };
    const recorded = await deps.store.recordCallbackAttempt(
      process.id,
      deps.owner,
      { at: new Date(started).toISOString(), ...result, durationMs: Date.now() - started },
      next,
    );
    deps.onAttempt?.(next.status === 'pending' ? 'retry' : next.status);
    // The retry is due then: look for it at that moment, not at the next poll (a delay shorter
    // than the poll interval was stretched to it). Another instance may take it first; fine.
    if (next.status === 'pending') setTimeout(() => !stopped && void pump(), retryIn + 5).unref();
    if (recorded) deps.onUpdated?.(recorded);
    else
      deps.log.warn({ processId: process.id }, 'callback attempt finished after its lease moved to another instance');
  }

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
          const claimed = await deps.store.claimCallback(deps.owner, leaseMs);
          if (!claimed) break;
          const task: Promise<void> = attempt(claimed)
            .catch((err: unknown) =>
              deps.log.error({ err, processId: claimed.id }, 'callback attempt failed to record'),
            )
            .finally(() => {
              running.delete(task);
              if (!stopped) void pump();
            });
          running.add(task);
        }
      } while (again && !stopped);
    } catch (err) {
      deps.log.warn({ err }, 'callbacks: claiming failed; will retry');
    } finally {
      pumping = false;
    }
  }

  return {
    start() {
      stopped = false;
      timer = setInterval(() => void pump(), pollMs);
      timer.unref();
      void pump();
    },
    /** A delivery became due here (a run ended, deliver again): no need to wait for the poll. */
    wake() {
      if (!stopped) void pump();
    },
    async stop(graceMs: number) {
      stopped = true;
      clearInterval(timer);
      if (running.size === 0) return;
      await Promise.race([Promise.allSettled([...running]), new Promise((r) => setTimeout(r, graceMs).unref())]);
    },
  };
}

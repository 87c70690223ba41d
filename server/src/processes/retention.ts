import type { Logger } from '../core/log.js';
import type { Store } from '../store/types.js';

/**
 * Hourly (and shortly after start): removes finished processes older than the retention
 * period, and closes sync runs that no instance can still be running (older than the longest
 * time limit allows) — left behind by another instance that crashed on a shared MongoDB.
 */
export function startRetention(deps: {
  store: Store;
  log: Logger;
  retentionDays: number;
  syncMaxAgeMs: number;
  /** ASYNC_MAX_ATTEMPTS. */
  maxAttempts: number;
  intervalMs?: number;
  /** Runs this sweep ended as `interrupted` (their callbacks and failure alerts are due). */
  onInterrupted?: (processIds: string[]) => Promise<void>;
}) {
  const intervalMs = deps.intervalMs ?? 3600_000;
  let running = false;
  async function purge() {
    if (running) return;
    running = true;
    try {
      const before = new Date(Date.now() - deps.retentionDays * 86_400_000).toISOString();
      const { processes } = await deps.store.purgeExpired(before);
      if (processes > 0) deps.log.info({ processes, before }, 'retention: removed old processes');
      const syncStartedBefore = new Date(Date.now() - deps.syncMaxAgeMs).toISOString();
      const recovered = await deps.store.recoverInterrupted({ maxAttempts: deps.maxAttempts, syncStartedBefore });
      if (recovered.interrupted.length || recovered.requeued.length)
        deps.log.warn(recovered, 'recovered abandoned runs');
      if (recovered.interrupted.length) await deps.onInterrupted?.(recovered.interrupted);
    } catch (err) {
      deps.log.warn({ err }, 'retention: purge failed; will retry');
    } finally {
      running = false;
    }
  }
  const first = setTimeout(() => void purge(), 10_000);
  const timer = setInterval(() => void purge(), intervalMs);
  first.unref();
  timer.unref();
  return {
    purge,
    stop() {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}

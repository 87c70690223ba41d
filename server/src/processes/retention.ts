import type { Logger } from '../log.js';
import type { Store } from '../store/types.js';

/** Removes finished processes older than the retention period, hourly (and shortly after start). */
export function startRetention(deps: { store: Store; log: Logger; retentionDays: number; intervalMs?: number }) {
  const intervalMs = deps.intervalMs ?? 3600_000;
  let running = false;
  async function purge() {
    if (running) return;
    running = true;
    try {
      const before = new Date(Date.now() - deps.retentionDays * 86_400_000).toISOString();
      const { processes } = await deps.store.purgeExpired(before);
      if (processes > 0) deps.log.info({ processes, before }, 'retention: removed old processes');
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

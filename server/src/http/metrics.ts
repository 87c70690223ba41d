import type { RunOutcome } from '@scriptgate/runner';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ProcessRecord } from '../contract/index.js';
import type { Store } from '../store/types.js';

/** Prometheus metrics: runs by endpoint and status, run durations, queue depth. */
export function createMetrics(deps: {
  store: Store;
  runnerStats: () => { alive: number; inFlight: number; restarts: number };
}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'scriptgate_node_' });
  const runs = new Counter({
    name: 'scriptgate_runs_total',
    help: 'Finished scenario runs by endpoint slug, mode and status',
    labelNames: ['slug', 'mode', 'status'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'scriptgate_run_duration_seconds',
    help: 'Scenario run duration (start to finish)',
    labelNames: ['slug', 'mode'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  new Gauge({
    name: 'scriptgate_queue_depth',
    help: 'Async processes waiting in the queue',
    registers: [registry],
    async collect() {
      this.set(await deps.store.countQueued());
    },
  });
  new Gauge({
    name: 'scriptgate_runner_workers_alive',
    help: 'Runner worker processes alive',
    registers: [registry],
    collect() {
      this.set(deps.runnerStats().alive);
    },
  });
  new Gauge({
    name: 'scriptgate_runner_restarts',
    help: 'Runner worker processes replaced after dying',
    registers: [registry],
    collect() {
      this.set(deps.runnerStats().restarts);
    },
  });
  const rejected = new Counter({
    name: 'scriptgate_rejected_total',
    help: 'Calls of the public route refused before a run was created, by endpoint slug and reason',
    labelNames: ['slug', 'reason'] as const,
    registers: [registry],
  });
  const fetches = new Counter({
    name: 'scriptgate_fetches_total',
    help: 'Outbound requests made by scenarios with fetch, by endpoint slug and outcome (ok, http_error, blocked, failed)',
    labelNames: ['slug', 'outcome'] as const,
    registers: [registry],
  });
  const mails = new Counter({
    name: 'scriptgate_mails_total',
    help: 'Messages scenarios sent with ctx.mail.send, by endpoint slug and status (sent, refused, failed)',
    labelNames: ['slug', 'status'] as const,
    registers: [registry],
  });
  const callbacks = new Counter({
    name: 'scriptgate_callback_attempts_total',
    help: 'Callback delivery attempts by outcome (delivered, retry, failed)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'scriptgate_callbacks_pending',
    help: 'Callback deliveries waiting for an attempt',
    registers: [registry],
    async collect() {
      this.set(await deps.store.countPendingCallbacks());
    },
  });
  return {
    registry,
    callbackAttempt(outcome: 'delivered' | 'retry' | 'failed') {
      callbacks.inc({ outcome });
    },
    /** A call refused before any process existed (endpoint_busy, request_invalid, unauthorized, ...). */
    rejected(slug: string, reason: string) {
      rejected.inc({ slug, reason });
    },
    observe(record: ProcessRecord, _outcome: RunOutcome) {
      runs.inc({ slug: record.slug, mode: record.mode, status: record.status });
      for (const fetch of record.fetches) {
        const outcome =
          fetch.status !== undefined
            ? fetch.status < 400
              ? 'ok'
              : 'http_error'
            : fetch.error?.startsWith('blocked:')
              ? 'blocked'
              : 'failed';
        fetches.inc({ slug: record.slug, outcome });
      }
      for (const mail of record.mails) mails.inc({ slug: record.slug, status: mail.status });
      if (record.durationMs !== null)
        durations.observe({ slug: record.slug, mode: record.mode }, record.durationMs / 1000);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

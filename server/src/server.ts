import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createRunnerPool, type RunnerPool } from '@scriptgate/runner';
import { createAuth, ensureFirstAdmin } from './admin/auth.js';
import { createApp } from './app.js';
import type { Config } from './core/config.js';
import { createEndpointCache } from './endpoints/cache.js';
import { createMetrics } from './http/metrics.js';
import type { Logger } from './core/log.js';
import { createOutbound } from './outbound.js';
import { createProcessEvents } from './processes/events.js';
import { createQueue } from './processes/queue.js';
import { startRetention } from './processes/retention.js';
import { openSecrets } from './secrets/open.js';
import { createProcessService } from './processes/service.js';
import { openClusterChannel } from './realtime/cluster.js';
import { attachRealtime } from './realtime/socket.js';
import { openLiveChannel } from './store/live-channel.js';
import { openStore } from './store/open.js';
import type { Store } from './store/types.js';

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  runner: RunnerPool;
  httpServer: Server;
  /** Stops taking requests, lets running sync runs finish within the grace period, closes everything. */
  close(): Promise<void>;
}

const UI_DIST = fileURLToPath(new URL('../../admin-ui/dist', import.meta.url));

/** Opens the store, starts the runner pool and listens. Used by main.ts and the integration tests. */
export async function startServer(config: Config, log: Logger): Promise<RunningServer> {
  const store = await openStore(config, log);
  const created = await ensureFirstAdmin(store, config);
  if (created?.generatedPassword) {
    // Printed once, on the very first start, so the operator can sign in.
    process.stderr.write(
      `\n  Scriptgate: first admin created\n    email:    ${created.email}\n    password: ${created.generatedPassword}\n  Change it after signing in (or set ADMIN_EMAIL/ADMIN_PASSWORD).\n\n`,
    );
  }

  const runner = createRunnerPool({
    workers: config.RUNNER_WORKERS,
    syncSliceMs: config.RUNNER_SYNC_SLICE_MS,
    logger: log,
    outboundAllow: config.OUTBOUND_ALLOW,
    fetchMaxBytes: config.FETCH_MAX_BYTES,
    fetchMaxPerRun: config.FETCH_MAX_PER_RUN,
  });
  await runner.ready();

  const owner = config.INSTANCE_ID ?? `${hostname()}:${config.DATA_DIR}`;
  const recovered = await store.recoverInterrupted({
    maxAttempts: config.ASYNC_MAX_ATTEMPTS,
    owner,
    // No sync run outlives the longest time limit plus the stop grace: older ones are dead wherever they ran.
    syncStartedBefore: new Date(Date.now() - config.SYNC_TIMEOUT_MS - config.SHUTDOWN_GRACE_MS - 60_000).toISOString(),
  });
  if (recovered.requeued.length || recovered.interrupted.length) {
    log.warn(recovered, 'recovered runs left by a previous stop');
  }

  const events = createProcessEvents();
  const secrets = await openSecrets({ store, config, log });
  const metrics = createMetrics({ store, runnerStats: () => runner.stats() });
  const outbound = createOutbound({ config, store, secrets, events, metrics, log, owner });
  const processes = createProcessService({
    store,
    runner,
    config,
    log,
    events,
    secrets,
    owner,
    hostOps: (endpoint) => outbound.hostOps(endpoint),
    onFinished: (record, outcome, endpoint) => {
      metrics.observe(record, outcome);
      outbound.alerts.notify(endpoint, record);
    },
  });
  const queue = createQueue({
    store,
    service: processes,
    events,
    log,
    concurrency: config.ASYNC_CONCURRENCY,
    owner,
    leaseMs: config.ASYNC_LEASE_MS,
    maxAttempts: config.ASYNC_MAX_ATTEMPTS,
  });
  const auth = createAuth({ store, config });
  let accepting = true;
  const front = createApp({
    config,
    log,
    store,
    runner,
    auth,
    endpoints: createEndpointCache(store),
    processes,
    queue,
    events,
    secrets,
    metrics,
    uiDistDir: UI_DIST,
    isAccepting: () => accepting,
  });

  const httpServer = createServer(front.options, front.listener);
  httpServer.keepAliveTimeout = 65_000;
  // On MongoDB, live events reach the admins of every instance (one warning and this instance's only, if they cannot).
  const liveChannel = await openClusterChannel({ mongoUri: config.MONGODB_URI, open: openLiveChannel, log });
  const realtime = attachRealtime({ httpServer, auth, events, log, config, liveChannel });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.PORT, config.HOST, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const host = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  queue.start();
  outbound.start();
  await outbound.afterInterrupted(recovered.interrupted);
  const retention = startRetention({
    store,
    log,
    retentionDays: config.PROCESS_RETENTION_DAYS,
    syncMaxAgeMs: config.SYNC_TIMEOUT_MS + config.SHUTDOWN_GRACE_MS + 60_000,
    maxAttempts: config.ASYNC_MAX_ATTEMPTS,
    onInterrupted: (processIds) => outbound.afterInterrupted(processIds),
  });
  log.info({ url, store: store.kind, workers: config.RUNNER_WORKERS }, 'Scriptgate listening');

  let closing: Promise<void> | null = null;
  return {
    url,
    port,
    store,
    runner,
    httpServer,
    close() {
      closing ??= (async () => {
        accepting = false;
        retention.stop();
        const drained = new Promise<void>((resolve) => httpServer.close(() => resolve()));
        httpServer.closeIdleConnections();
        const grace = new Promise<void>((resolve) => setTimeout(resolve, config.SHUTDOWN_GRACE_MS).unref());
        await Promise.all([
          queue.stop(config.SHUTDOWN_GRACE_MS),
          outbound.stop(config.SHUTDOWN_GRACE_MS),
          Promise.race([drained, grace]),
        ]);
        // Runs still going are cut off now: their callers get 503 interrupted and their records say
        // so, written before the connections and the store close (a short wait, never a hang).
        await runner.close();
        await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
        httpServer.closeAllConnections();
        await realtime.close();
        await store.close();
        log.info('Scriptgate stopped');
      })();
      return closing;
    },
  };
}

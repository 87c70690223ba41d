import { createOutboundAgent, safeFetch } from '@scriptgate/runner';
import { createFailureAlerts } from './alerts/failure-alerts.js';
import { createCallbackDelivery, type SignedPost } from './callbacks/delivery.js';
import type { ProcessRecord } from './contract/index.js';
import type { Config } from './core/config.js';
import type { Logger } from './core/log.js';
import type { Metrics } from './http/metrics.js';
import { createMailer, mailMessageFrom, type MailResult } from './mail/mailer.js';
import type { ProcessEventBus } from './processes/events.js';
import type { SecretsCache } from './secrets/cache.js';
import { callbackSecretPurpose } from './store/sealed-access.js';
import type { Endpoint, Store } from './store/types.js';

/**
 * Everything the server itself sends out — callbacks, failure alerts, scenarios' mail — wired
 * from configuration. Every HTTP request goes through the runner's SSRF-safe client with the
 * same address rules (`OUTBOUND_ALLOW`) as a scenario's `fetch`.
 */
export function createOutbound(deps: {
  config: Config;
  store: Store;
  secrets: SecretsCache;
  events: ProcessEventBus;
  metrics: Metrics;
  log: Logger;
  owner: string;
}) {
  const { config, store, secrets, log } = deps;
  // One agent (its connection pool and address checks) for everything the server sends.
  const agent = createOutboundAgent({ allow: config.OUTBOUND_ALLOW });

  const post: SignedPost = async (url, init) => {
    const answer = await safeFetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      timeoutMs: init.timeoutMs,
      maxBytes: 64 * 1024,
      agent,
    });
    return { status: answer.status };
  };

  async function secretOf(endpointId: string): Promise<string | null> {
    const endpoint = await store.getEndpoint(endpointId);
    if (!endpoint?.sealedCallbackSecret) return null;
    return secrets.open(callbackSecretPurpose(endpointId), endpoint.sealedCallbackSecret);
  }

  const mailer = createMailer(config);

  const callbacks = createCallbackDelivery({
    store,
    owner: deps.owner,
    post,
    secretOf,
    retryBaseMs: config.CALLBACK_RETRY_BASE_MS,
    log,
    onUpdated: (record) => deps.events.updated(record),
    onAttempt: (outcome) => deps.metrics.callbackAttempt(outcome),
  });

  const alerts = createFailureAlerts({
    post,
    mailer,
    secretOf,
    log,
    ...(config.PUBLIC_URL ? { adminUrl: config.PUBLIC_URL } : {}),
  });

  // A run that ends with a pending callback (or an admin's "deliver again") wakes the dispatcher.
  const unsubscribe = deps.events.subscribe({
    updated(record: ProcessRecord) {
      if (record.callback?.status === 'pending') callbacks.wake();
    },
  });

  return {
    callbacks,
    alerts,
    /** Host operations a run of `endpoint` may call, with per-run caps (see ProcessServiceDeps.hostOps). */
    hostOps(_endpoint: Endpoint) {
      let sent = 0;
      return {
        async 'mail.send'(payload: unknown): Promise<MailResult> {
          const message = mailMessageFrom(payload);
          // Refusals do not use up the run's allowance; messages that go to SMTP do.
          const refusal = mailer.refusalFor(message);
          if (refusal) return refusal;
          if (sent >= config.MAIL_MAX_PER_RUN) {
            return {
              status: 'refused',
              error: `At most ${config.MAIL_MAX_PER_RUN} messages per run (MAIL_MAX_PER_RUN)`,
            };
          }
          sent += 1;
          return mailer.sendFromScenario(message);
        },
      };
    },
    /** Runs recovery ended as `interrupted` (their instance died): each may owe a failure alert. */
    async afterInterrupted(processIds: string[]): Promise<void> {
      for (const processId of processIds) {
        const record = await store.getProcess(processId);
        const endpoint = record ? await store.getEndpoint(record.endpointId) : null;
        if (!record || !endpoint) continue;
        // The store's recovery already made an async run's callback due, in the same write.
        if (record.callback?.status === 'pending') callbacks.wake();
        alerts.notify(endpoint, record);
      }
    },
    start() {
      callbacks.start();
    },
    async stop(graceMs: number) {
      unsubscribe();
      alerts.close();
      await callbacks.stop(graceMs);
      mailer.close();
      await agent.close();
    },
  };
}

import type { ProcessRecord } from '../contract/index.js';
import type { Logger } from '../core/log.js';
import type { SignedPost } from '../callbacks/delivery.js';
import { signedHeaders } from '../callbacks/signing.js';
import type { Mailer } from '../mail/mailer.js';
import type { Endpoint } from '../store/types.js';

/**
 * "Tell me when runs fail": per endpoint, a signed webhook and/or an email for every failed,
 * timed-out or interrupted run — at most `maxPerHour` per endpoint and hour; past that the
 * failures are counted and summed up in one digest when the hour ends, so a failing flood sends
 * a handful of messages, not thousands. Counting is per instance (a cap, not an exact quota).
 */

const ALERTING = new Set(['failed', 'timeout', 'interrupted']);
const HOUR_MS = 3_600_000;

export interface FailureAlertsDeps {
  post: SignedPost;
  mailer: Pick<Mailer, 'sendFromPlatform'>;
  secretOf(endpointId: string): Promise<string | null>;
  log: Pick<Logger, 'warn'>;
  /** Absolute base URL of the admin, for links in messages (PUBLIC_URL); optional. */
  adminUrl?: string;
  now?: () => number;
  hourMs?: number;
}

interface Window {
  start: number;
  sent: number;
  suppressed: number;
  lastProcessId: string | null;
  timer: NodeJS.Timeout | null;
}

export function createFailureAlerts(deps: FailureAlertsDeps) {
  const now = deps.now ?? Date.now;
  const hourMs = deps.hourMs ?? HOUR_MS;
  const windows = new Map<string, Window>();

  async function send(
    endpoint: Endpoint,
    payload: Record<string, unknown>,
    subject: string,
    text: string,
  ): Promise<void> {
    const alert = endpoint.failureAlert;
    if (!alert) return;
    const body = JSON.stringify(payload);
    const tasks: Array<Promise<unknown>> = [];
    if (alert.webhookUrl) {
      tasks.push(
        deps.secretOf(endpoint.id).then(async (secret) => {
          if (!secret) throw new Error('the endpoint has no callback secret to sign with');
          const { status } = await deps.post(alert.webhookUrl!, {
            headers: signedHeaders(secret, body, null),
            body,
            timeoutMs: 10_000,
          });
          if (status < 200 || status > 299) throw new Error(`the receiver answered ${status}`);
        }),
      );
    }
    if (alert.email) {
      tasks.push(
        deps.mailer.sendFromPlatform({ to: [alert.email], subject, text }).then((result) => {
          if (result.status !== 'sent') throw new Error(result.error);
        }),
      );
    }
    for (const outcome of await Promise.allSettled(tasks)) {
      if (outcome.status === 'rejected')
        deps.log.warn({ endpointId: endpoint.id, err: outcome.reason }, 'failure alert not delivered');
    }
  }

  function link(processId: string): string {
    return deps.adminUrl ? `${deps.adminUrl.replace(/\/+$/, '')}/processes/${processId}` : `process ${processId}`;
  }

  function flushDigest(endpoint: Endpoint, window: Window): void {
    window.timer = null;
    if (window.suppressed === 0) return;
    const count = window.suppressed;
    window.suppressed = 0;
    const from = new Date(window.start).toISOString();
    const to = new Date(window.start + hourMs).toISOString();
    void send(
      endpoint,
      {
        type: 'run.failed.digest',
        endpoint: { id: endpoint.id, slug: endpoint.slug },
        failures: count,
        from,
        to,
        lastProcessId: window.lastProcessId,
      },
      `[Scriptgate] ${endpoint.slug}: ${count} more failed runs`,
      `${count} more runs of ${endpoint.slug} failed between ${from} and ${to} (past the limit of ${endpoint.failureAlert?.maxPerHour} alerts an hour).\nLatest: ${window.lastProcessId ? link(window.lastProcessId) : '—'}\n`,
    );
  }

  return {
    /** Called for every finished process; alerts only for failures of endpoints that asked. */
    notify(endpoint: Endpoint, record: ProcessRecord): void {
      const alert = endpoint.failureAlert;
      if (!alert || (!alert.webhookUrl && !alert.email) || !ALERTING.has(record.status)) return;
      const at = now();
      let window = windows.get(endpoint.id);
      if (!window || at - window.start >= hourMs) {
        if (window?.timer) {
          clearTimeout(window.timer);
          flushDigest(endpoint, window);
        }
        window = { start: at, sent: 0, suppressed: 0, lastProcessId: null, timer: null };
        windows.set(endpoint.id, window);
      }
      window.lastProcessId = record.id;
      if (window.sent >= alert.maxPerHour) {
        window.suppressed += 1;
        const current = window;
        current.timer ??= setTimeout(() => flushDigest(endpoint, current), current.start + hourMs - at);
        current.timer.unref();
        return;
      }
      window.sent += 1;
      const message = record.error?.message ?? record.status;
      void send(
        endpoint,
        {
          type: 'run.failed',
          endpoint: { id: endpoint.id, slug: endpoint.slug },
          process: {
            id: record.id,
            status: record.status,
            mode: record.mode,
            finishedAt: record.finishedAt,
            error: record.error ? { code: record.error.code, message: record.error.message } : null,
          },
        },
        `[Scriptgate] ${endpoint.slug}: run ${record.status}`,
        `A run of ${endpoint.slug} ended ${record.status}: ${message}\n${link(record.id)}\n`,
      );
    },
    close() {
      for (const window of windows.values()) if (window.timer) clearTimeout(window.timer);
    },
  };
}

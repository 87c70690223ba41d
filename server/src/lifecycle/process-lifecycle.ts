import type { RunOutcome, RunRequest } from '@scriptgate/runner';
import type {
  ProcessCallback,
  ProcessError,
  ProcessLogLine,
  ProcessRecord,
  ProcessResponse,
  ProcessStatus,
} from '../contract/index.js';

/**
 * The one description of how a process moves between states. Every writer — the sync path
 * and the async dispatcher (processes/), the admin's cancel and re-run (processes/routes.ts),
 * test runs (endpoints/test-run.ts) and both stores' recovery (store/*\/queue-repo.ts) — builds
 * its transition here, so the rules cannot drift apart:
 *
 *   queued ──claim──▶ running ──finish──▶ succeeded | failed | timeout | cancelled
 *     │                  │
 *     │                  ├──crash / lease lost, attempts left──▶ queued (attempt + 1)
 *     │                  ├──handed back at shutdown───────────▶ queued (same attempt)
 *     │                  └──crash / lease lost, none left─────▶ interrupted
 *     └──cancel──▶ cancelled
 *
 * A sync run is created `running` (or already finished) and is never retried: its caller is gone.
 */

/**
 * An async run cut off by a crash or a lost lease runs at most this many times in all, unless
 * `ASYNC_MAX_ATTEMPTS` says otherwise (the stores take the limit as a parameter).
 */
export const MAX_RUN_ATTEMPTS = 2;

/** Whether a run cut off on attempt `attempt` goes back to the queue (else it is interrupted). */
export function mayRetry(attempt: number, maxAttempts: number = MAX_RUN_ATTEMPTS): boolean {
  return attempt < maxAttempts;
}

/**
 * The error of a run cut off by a server stop (a sync run the shutdown could not wait for).
 * Recovery records `interruptedError` instead, which says why and after how many attempts.
 */
export const INTERRUPTED_ERROR = {
  code: 'interrupted',
  name: 'Interrupted',
  message: 'The run was interrupted by a server stop',
} as const satisfies ProcessError;

/**
 * Why recovery found a run `running` with no runner behind it. Operators act on the difference:
 * - `lease_expired`: an async run's instance stopped renewing its lease (it died, hung or lost
 *   the store) — nothing was stopped on purpose;
 * - `owner_restarted`: this instance's own runs found at its start: it stopped without handing
 *   them back (a crash, `kill -9`, or a stop past its grace);
 * - `too_old`: a sync run still recorded `running` long after any sync run can end: whichever
 *   instance ran it is gone.
 */
export type RecoveryReason = 'lease_expired' | 'owner_restarted' | 'too_old';

const REASON_TEXT: Record<RecoveryReason, string> = {
  lease_expired: 'Its instance stopped answering (lease expired)',
  owner_restarted: 'Its instance restarted before the run finished (a crash or a forced stop)',
  too_old: 'Its instance is gone (still recorded running long after any sync run ends)',
};

/**
 * Which reason applies to a recovered run. Its own owner restarting is the most specific
 * fact; otherwise an async run was found by its expired lease and a sync run by its age.
 */
export function recoveryReasonOf(
  candidate: { mode: 'sync' | 'async'; leaseOwner: string | null },
  owner: string | null,
): RecoveryReason {
  if (owner !== null && candidate.leaseOwner === owner) return 'owner_restarted';
  return candidate.mode === 'async' ? 'lease_expired' : 'too_old';
}

function attemptsText(attempt: number, maxAttempts: number): string {
  const noun = maxAttempts === 1 ? 'attempt' : 'attempts';
  // A limit lowered since the run started can leave it past the limit: say both numbers plainly.
  return attempt <= maxAttempts
    ? `${attempt} of ${maxAttempts} ${noun}`
    : `${attempt} attempts (the limit is ${maxAttempts})`;
}

/** The error a run ends with when recovery gives up on it: why, and the attempts it had. */
export function interruptedError(
  reason: RecoveryReason,
  run: { mode: 'sync' | 'async'; attempt: number },
  maxAttempts: number,
): ProcessError {
  const message =
    run.mode === 'async'
      ? `${REASON_TEXT[reason]} after ${attemptsText(run.attempt, maxAttempts)}`
      : `${REASON_TEXT[reason]}; a sync run is not retried (its caller is gone)`;
  return { code: INTERRUPTED_ERROR.code, name: INTERRUPTED_ERROR.name, message };
}

/** The log line of a run recovery puts back in the queue as attempt `attempt`. */
export function requeuedLogText(reason: RecoveryReason, attempt: number, maxAttempts: number): string {
  return `${REASON_TEXT[reason]}; retrying (attempt ${attempt} of ${maxAttempts})`;
}

export function crashRetryLogText(attempt: number): string {
  return `The runner crashed; retrying (attempt ${attempt})`;
}

/**
 * What recovery does with a run found `running` whose runner is gone (see `RecoveryReason`):
 * requeue it as its next attempt, with a log line, or interrupt it with an error naming the
 * reason and the attempts made. A sync run is never retried: its caller is gone and its input
 * was not kept. Both stores apply this decision in their own query language.
 */
export function recoveryOf(
  candidate: { mode: 'sync' | 'async'; attempt: number; startedAt: string | null },
  maxAttempts: number,
  now: Date,
  reason: RecoveryReason,
):
  | { action: 'requeue'; logLine: ProcessLogLine }
  | { action: 'interrupt'; error: ProcessError; finishedAt: string; durationMs: number | null } {
  if (candidate.mode === 'async' && mayRetry(candidate.attempt, maxAttempts)) {
    return {
      action: 'requeue',
      logLine: {
        level: 'warn',
        time: now.toISOString(),
        text: requeuedLogText(reason, candidate.attempt + 1, maxAttempts),
      },
    };
  }
  const started = candidate.startedAt === null ? Number.NaN : Date.parse(candidate.startedAt);
  return {
    action: 'interrupt',
    error: interruptedError(reason, candidate, maxAttempts),
    finishedAt: now.toISOString(),
    durationMs: Number.isNaN(started) ? null : Math.max(0, now.getTime() - started),
  };
}

/**
 * running → queued, same attempt: an async run this instance hands back at shutdown. It was not
 * cut off by a crash, so it keeps its attempt; its lease goes with it (the store clears it).
 */
export const HANDED_BACK_LOG_TEXT = 'Handed back to the queue at shutdown; it runs again from the start';

export function handedBackLogLine(now = new Date()): ProcessLogLine {
  return { level: 'info', time: now.toISOString(), text: HANDED_BACK_LOG_TEXT };
}

/** The status a finished run ends in, from its outcome. */
export function statusOf(outcome: RunOutcome): ProcessStatus {
  if (outcome.ok) return 'succeeded';
  if (outcome.error.code === 'scenario_timeout') return 'timeout';
  if (outcome.error.code === 'cancelled') return 'cancelled';
  // The runner stopped with the server before the run could finish (after the shutdown grace).
  if ((outcome.error.code as string) === 'interrupted') return 'interrupted';
  return 'failed';
}

function durationSince(startedAt: string | null, finished: Date): number {
  return Math.max(0, finished.getTime() - (startedAt ? Date.parse(startedAt) : finished.getTime()));
}

/** running → succeeded | failed | timeout | cancelled: what a run that ended records. */
export function finishedPatch(
  record: Pick<ProcessRecord, 'startedAt' | 'logs'>,
  ended: {
    status: ProcessStatus;
    response: ProcessResponse | null;
    logs: ProcessLogLine[];
    logsTruncated: boolean;
    error: ProcessError | null;
  },
  now = new Date(),
) {
  return {
    status: ended.status,
    response: ended.response,
    logs: [...record.logs, ...ended.logs],
    logsTruncated: ended.logsTruncated,
    error: ended.error,
    finishedAt: now.toISOString(),
    durationMs: durationSince(record.startedAt, now),
    input: null,
  };
}

/**
 * The callback an async run owes when it reaches a final state (README "Callbacks"): due now,
 * when the endpoint has a callback URL. Sync runs answer their caller and get none.
 */
export function pendingCallback(url: string | null, now = new Date()): ProcessCallback | null {
  return url ? { url, status: 'pending', attempts: [], nextAttemptAt: now.toISOString() } : null;
}

/** running → failed before the scenario could run (endpoint deleted, input missing). */
export function failedBeforeRunPatch(error: ProcessError, now = new Date()) {
  return { status: 'failed' as const, error, finishedAt: now.toISOString(), durationMs: 0, input: null };
}

/** queued | running → cancelled by an admin. A queued run never started. */
export function cancelledPatch(from: 'queued' | 'running', now = new Date()) {
  return {
    status: 'cancelled' as const,
    finishedAt: now.toISOString(),
    ...(from === 'queued' ? { durationMs: 0 } : {}),
    error: {
      code: 'cancelled',
      name: 'Cancelled',
      message: from === 'queued' ? 'Cancelled by an admin before it started' : 'Cancelled by an admin',
    },
    input: null,
  };
}

/** running → queued again (attempt + 1) after the runner crashed under it. */
export function crashRequeuePatch(
  record: Pick<ProcessRecord, 'attempt' | 'logs'>,
  runLogs: ProcessLogLine[],
  now = new Date(),
) {
  const attempt = record.attempt + 1;
  return {
    status: 'queued' as const,
    attempt,
    startedAt: null,
    logs: [
      ...record.logs,
      ...runLogs,
      { level: 'warn' as const, time: now.toISOString(), text: crashRetryLogText(attempt) },
    ],
  };
}

/**
 * A runnable request rebuilt from what a process recorded, for a re-run or a test run "from
 * this process" when the full input is no longer stored. The body is the recorded one (cut
 * at the record limit, secrets redacted); files and cookies are not recorded, so they are empty.
 */
export function requestFromRecord(record: Pick<ProcessRecord, 'request' | 'ip'>): RunRequest {
  const body = record.request.body ?? null;
  return {
    url: record.request.url,
    method: record.request.method,
    path: record.request.path,
    subpath: record.request.subpath,
    headers: record.request.headers,
    cookies: {},
    query: record.request.query,
    body,
    rawBody: typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body),
    files: [],
    ip: record.ip,
  };
}

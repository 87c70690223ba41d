import type { HostOps, LogLine, RunErrorCode, RunJob, RunOutcome, WireRun } from '../protocol.js';
import type { RunPayload } from '../sandbox/guest/boundary.js';

/** A run the pool holds: waiting for a worker, or in flight in one. */
export interface Pending {
  job: RunJob;
  wire: WireRun;
  onLog?: (line: LogLine) => void;
  ops?: Partial<HostOps>;
  resolve: (outcome: RunOutcome) => void;
  watchdog?: NodeJS.Timeout;
  queuedAt: number;
  /** Epoch ms when the run's time is up, waiting included (`RunLimits.deadline`). */
  deadline: number;
  /** Answers the run while it waits, when its time is up (see WaitingRoom). */
  waitTimer?: NodeJS.Timeout;
}

/** Warm isolates are kept per scenario version: the key under which runs are placed. */
export function scenarioKey(job: RunJob): string {
  return `${job.scenario.id}@${job.scenario.version}`;
}

/**
 * The run as it crosses IPC. Uploaded files' data leaves the JSON payload (the worker
 * decodes it natively and hands bytes to the isolate); requests without files — the common
 * case — take no extra work.
 */
export function toWire(job: RunJob, outbound: RunPayload['outbound']): WireRun {
  const files = job.request.files;
  const request =
    files.length === 0 ? job.request : { ...job.request, files: files.map(({ dataBase64: _data, ...file }) => file) };
  return {
    runId: job.runId,
    key: scenarioKey(job),
    timeoutMs: job.limits.timeoutMs,
    cpuMs: job.limits.cpuMs,
    memoryMb: job.limits.memoryMb,
    maxLogLines: job.limits.maxLogLines,
    maxLogBytes: job.limits.maxLogBytes,
    maxResultBytes: job.limits.maxResultBytes,
    secretValues: Object.values(job.ctx.secrets),
    payload: JSON.stringify({ request, ctx: job.ctx, limits: job.limits, outbound } satisfies RunPayload),
    ...(files.length > 0 ? { files: files.map((file) => file.dataBase64) } : {}),
  };
}

export function failure(code: RunErrorCode, message: string): RunOutcome {
  return {
    ok: false,
    error: { code, name: 'Error', message },
    logs: [],
    logsTruncated: false,
    durationMs: 0,
    cpuMs: 0,
    warm: false,
    fetches: [],
    mails: [],
  };
}

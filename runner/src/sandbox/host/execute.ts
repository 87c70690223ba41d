import type {
  LogLevel,
  LogLine,
  OpResultMessage,
  ResponseBody,
  RunError,
  RunErrorCode,
  RunOutcome,
  ScenarioResult,
  WireRun,
} from '../../protocol.js';
import { RunFetches, type FetchSettings } from './fetch-host.js';
import type { IsolateCache } from './isolate-cache.js';
import { LogCollector } from './log-collector.js';
import { RunOps, type SendOp } from './op-host.js';
import { ScenarioIsolate, SliceExceeded, type RawResult, type RunServices } from './scenario-isolate.js';
import type { SliceWatch } from './slice-watch.js';
import type { SlicePolicy } from './sync-slices.js';

export interface ExecuteDeps {
  cache: IsolateCache;
  /** Fraction of the heap limit above which a warm isolate is thrown away after its run. */
  heapThreshold: number;
  /**
   * Called by isolated-vm (as a task on the worker's main thread) when the isolate of this
   * scenario key broke beyond repair: the worker must report the key and die.
   */
  onCatastrophe: (key: string, message: string) => void;
  /** The worker's outbound client and limits, for the run's `fetch`. */
  outbound: FetchSettings;
  /** Hands an operation of run `runId` to the pool (IPC `op`). */
  sendOp: (runId: string, ...op: Parameters<SendOp>) => void;
  /** Which runs are tried synchronously first, and for how long (sync-slices.ts). */
  slices: SlicePolicy;
  /** Kills the worker when a slice hangs its thread (slice-watch.ts). */
  sliceWatch: SliceWatch;
}

/** A run as the worker executes it: its code resolved, uploaded files decoded to bytes. */
export interface ExecuteJob extends Omit<WireRun, 'files'> {
  code: string;
  files: ArrayBuffer[];
}

/** A run in progress; `kill` stops it from outside (deadline, CPU limit, cancel). */
export interface Execution {
  outcome: Promise<RunOutcome>;
  kill(code: RunErrorCode): void;
  /** Lines captured since the last call (for live streaming). */
  drainLogs(): LogLine[];
  /** The server's answer to one of the run's operations. */
  opResult(message: OpResultMessage): void;
}

const KILL_MESSAGES: Partial<Record<RunErrorCode, string>> = {
  scenario_timeout: 'The scenario ran past its time limit and was stopped',
  cpu_limit: 'The scenario used more CPU time than allowed and was stopped',
  cancelled: 'The run was cancelled',
  interrupted: 'The server stopped before the run finished',
};

function fail(code: RunErrorCode, message: string, stack?: string): RunError {
  return { code, name: 'Error', message, ...(stack ? { stack } : {}) };
}

/** An error that escaped the sandbox machinery (module evaluation, disposal, memory). */
function hostError(error: unknown): RunError {
  const message = error instanceof Error ? error.message : String(error);
  if (/memory limit/i.test(message))
    return fail('memory_limit', 'The scenario used more memory than allowed and was stopped');
  if (/disposed/i.test(message))
    return fail('memory_limit', 'The scenario isolate was stopped (memory or heap exhausted)');
  const stack =
    error instanceof Error && error.stack
      ? error.stack
          .split('\n')
          .filter((line) => line.includes('scenario.js'))
          .join('\n')
      : undefined;
  const name = error instanceof Error ? error.name : 'Error';
  return {
    code: 'scenario_error',
    name,
    message: message.replace(/\s+\[<isolated-vm boundary>\]$/, ''),
    ...(stack ? { stack } : {}),
  };
}

// What Node's http module accepts (validateHeaderName / validateHeaderValue): the isolate
// checked this already; the host does not take untrusted code's word for it.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE_INVALID = /[^\t\x20-\x7e\x80-\xff]/;

type Envelope = { status: number; headers: Array<[string, string]>; body: { type: string; text?: unknown } };

function isValidEnvelope(envelope: unknown): envelope is Envelope {
  if (typeof envelope !== 'object' || envelope === null) return false;
  const { status, headers, body } = envelope as Record<string, unknown>;
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) return false;
  if (!Array.isArray(headers) || headers.length > 100) return false;
  for (const pair of headers) {
    if (!Array.isArray(pair) || pair.length !== 2) return false;
    const [name, value] = pair as unknown[];
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) return false;
    if (typeof value !== 'string' || value.length > 8192 || HEADER_VALUE_INVALID.test(value)) return false;
  }
  if (typeof body !== 'object' || body === null) return false;
  const kind = (body as { type?: unknown }).type;
  if (kind === 'text') return typeof (body as { text?: unknown }).text === 'string';
  return kind === 'empty' || kind === 'bytes';
}

function decodeResponse(
  json: string,
  bytes: ArrayBuffer | undefined,
  maxResultBytes: number,
): { result?: ScenarioResult; error?: RunError } {
  const envelope = JSON.parse(json) as unknown;
  if (!isValidEnvelope(envelope))
    return { error: fail('invalid_response', 'The scenario returned an invalid response') };
  let body: ResponseBody = { type: 'empty' };
  if (envelope.body.type === 'text') body = { type: 'text', text: envelope.body.text as string };
  else if (envelope.body.type === 'bytes') {
    if (!bytes) return { error: fail('invalid_response', 'The scenario returned an invalid response') };
    if (bytes.byteLength > maxResultBytes) {
      return {
        error: fail('result_too_large', `The result is ${bytes.byteLength} bytes; the limit is ${maxResultBytes}`),
      };
    }
    // Encoded here, natively: building base64 inside the isolate costs a multiple of the body in heap.
    body = { type: 'base64', data: Buffer.from(bytes).toString('base64') };
  }
  return { result: { kind: 'response', status: envelope.status, headers: envelope.headers, body } };
}

/** Turns what the isolate handed out into a result, checking it again (exported for tests). */
export function decodeRawResult(raw: RawResult, maxResultBytes: number): { result?: ScenarioResult; error?: RunError } {
  const kind = raw.payload[0];
  const body = raw.payload.slice(1);
  switch (kind) {
    case 'U':
      return { result: { kind: 'undefined' } };
    case 'T':
      return { result: { kind: 'text', text: body } };
    case 'J':
      return { result: { kind: 'json', json: body } };
    case 'R':
      return decodeResponse(body, raw.bytes, maxResultBytes);
    case 'E': {
      const error = JSON.parse(body) as RunError;
      return {
        error: {
          code: error.code,
          name: String(error.name),
          message: String(error.message),
          ...(error.stack ? { stack: String(error.stack) } : {}),
        },
      };
    }
    default:
      return { error: fail('invalid_response', 'The sandbox returned an unreadable result') };
  }
}

/**
 * Lines, fetches and operations are handed over by fire-and-forget callbacks, delivered after
 * the call that made them (a synchronous run's, after the run): give the last ones a moment.
 */
async function awaitDelivery(logs: LogCollector, raw: RawResult, isolate: ScenarioIsolate): Promise<void> {
  for (let i = 0; i < 20 && (logs.received < raw.logCount || isolate.callsReceived < raw.callCount); i++)
    await new Promise((r) => setImmediate(r));
}

export function execute(job: ExecuteJob, deps: ExecuteDeps): Execution {
  const started = performance.now();
  const logs = new LogCollector(job.maxLogLines, job.maxLogBytes, job.secretValues);
  const deadlineAt = Date.now() + job.timeoutMs;
  // Made when the scenario first uses them: most runs send nothing out.
  let fetches: RunFetches | null = null;
  let ops: RunOps | null = null;
  const services: RunServices = {
    fetchStart: (id, request, body, answer) => {
      fetches ??= new RunFetches(deps.outbound, deadlineAt, job.secretValues);
      fetches.start(id, request, body, answer);
    },
    fetchAbort: (id) => fetches?.abort(id),
    opStart: (id, name, payload, answer) => {
      ops ??= new RunOps((...op) => deps.sendOp(job.runId, ...op));
      ops.start(id, name, payload, answer);
    },
  };
  let killed: RunErrorCode | null = null;
  let isolate: ScenarioIsolate | null = null;
  let abandonLease: (() => void) | null = null;
  // Stops the creation of this run's isolate when the run is stopped before it has one
  // (made only when an isolate is created: warm runs skip it).
  let creation: AbortController | null = null;
  let cpuStart = 0;
  let cpuUsed = 0;
  // CPU of an abandoned synchronous slice: the run's allowance counts it.
  let cpuCarried = 0;
  const measureCpu = () => {
    if (isolate && !isolate.isDisposed) cpuUsed = cpuCarried + Math.max(0, isolate.cpuMs() - cpuStart);
  };
  let settle!: (outcome: RunOutcome) => void;
  const outcome = new Promise<RunOutcome>((resolve) => (settle = resolve));
  let done = false;

  const finish = (result: { result?: ScenarioResult; error?: RunError }, warm: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(deadline);
    clearInterval(cpuWatch);
    // Whatever the run left going outside the sandbox ends with it.
    fetches?.close();
    ops?.close();
    const stats = {
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      cpuMs: Math.round(cpuUsed * 100) / 100,
      warm,
      fetches: fetches?.records() ?? [],
      mails: ops?.records() ?? [],
    };
    const lines = logs.all();
    if (result.result)
      settle({ ok: true, result: result.result, logs: lines, logsTruncated: logs.truncated, ...stats });
    else
      settle({
        ok: false,
        error: result.error ?? fail('scenario_error', 'Unknown failure'),
        logs: lines,
        logsTruncated: logs.truncated,
        ...stats,
      });
  };

  const kill = (code: RunErrorCode) => {
    if (done || killed) return;
    killed = code;
    measureCpu();
    creation?.abort();
    abandonLease?.();
    isolate?.dispose();
    finish({ error: fail(code, KILL_MESSAGES[code] ?? 'The run was stopped') }, false);
  };

  const deadline = setTimeout(() => kill('scenario_timeout'), job.timeoutMs);
  // Only when the CPU limit is tighter than the wall-clock one can it trip first.
  const cpuWatch =
    job.cpuMs < job.timeoutMs
      ? setInterval(() => {
          measureCpu();
          if (cpuUsed > job.cpuMs) kill('cpu_limit');
        }, 50)
      : undefined;

  const { key, payload } = job;
  const sink = {
    line: (level: string, text: string, time: number) => logs.add(level as LogLevel, text, time),
    cut: () => logs.markTruncated(),
  };

  const acquire = () => {
    const lease = deps.cache.acquire(key, () => {
      creation = new AbortController();
      if (killed) creation.abort();
      return ScenarioIsolate.create({
        key,
        code: job.code,
        memoryMb: job.memoryMb,
        timeoutMs: job.timeoutMs,
        onCatastrophe: (message) => deps.onCatastrophe(key, message),
        signal: creation.signal,
      });
    });
    abandonLease = lease.abandon;
    return lease.promise;
  };

  void (async () => {
    let raw: RawResult | undefined;
    let acquired!: ScenarioIsolate;
    let warm = false;
    // At most twice: a run that outgrew its synchronous slice is run again, asynchronously.
    for (let attempt = 0; raw === undefined; attempt++) {
      try {
        acquired = await acquire();
      } catch (error) {
        finish({ error: hostError(error) }, false);
        return;
      }
      if (killed) {
        // The deadline passed while this run waited for its isolate, which goes back unused.
        deps.cache.release(acquired);
        return;
      }
      isolate = acquired;
      warm = acquired.runs > 0;
      cpuStart = acquired.cpuMs();
      // A slice never outlasts the run's time left, nor its CPU allowance.
      const wallLeft = deadlineAt - Date.now();
      const remaining = Math.min(wallLeft, job.cpuMs);
      const slice = attempt === 0 && acquired.takesSlices ? deps.slices.sliceFor(key, remaining) : 0;
      try {
        const sliceStarted = performance.now();
        // The synchronous part, the slice included, is done when `run` hands back its promise.
        const running = acquired.run(
          payload,
          job.files,
          sink,
          services,
          slice > 0 ? { ms: slice, watch: deps.sliceWatch } : null,
        );
        if (slice > 0) deps.slices.spend(performance.now() - sliceStarted);
        raw = await running;
      } catch (error) {
        deps.cache.discard(acquired);
        if (error instanceof SliceExceeded && !killed) {
          cpuCarried += error.computedMs;
          cpuUsed = cpuCarried;
          // Only a scenario that computed for most of its slice is sent straight to its thread
          // next time; one that lost its slice to a busy machine is not.
          if (error.computedMs >= slice / 2) deps.slices.exceeded(key);
          // Nothing of the attempt left the isolate (now gone): the run starts again, unless the
          // slice was all the time (or CPU) it had.
          if (slice < remaining) continue;
          kill(job.cpuMs < wallLeft ? 'cpu_limit' : 'scenario_timeout');
          return;
        }
        finish(
          { error: killed ? fail(killed, KILL_MESSAGES[killed] ?? 'The run was stopped') : hostError(error) },
          warm,
        );
        return;
      }
    }
    measureCpu();
    await awaitDelivery(logs, raw, acquired);
    // Calls that arrived after the run returned are recorded, and aborted by `finish`.
    acquired.endRun();
    if (raw.logsTruncated) logs.markTruncated();
    let decoded: { result?: ScenarioResult; error?: RunError };
    try {
      decoded = decodeRawResult(raw, job.maxResultBytes);
    } catch {
      decoded = { error: fail('invalid_response', 'The sandbox returned an unreadable result') };
    }
    // A breach, a kill, or a heap above the threshold retires the isolate. Reading heap
    // statistics is a round trip to the isolate's thread (a direct read when it is idle between
    // runs, see ScenarioIsolate.heapRatioNow): every few runs, and after slow ones. It happens
    // before the answer, so the isolate is back in the cache by the time the caller can send its
    // next request — which then finds it warm.
    const breach = Boolean(decoded.error && decoded.error.code !== 'scenario_error');
    const checkHeap = acquired.runs % 8 === 1 || performance.now() - started > 50;
    if (
      breach ||
      acquired.isDisposed ||
      (checkHeap && (acquired.heapRatioNow() ?? (await acquired.heapRatio())) > deps.heapThreshold)
    )
      deps.cache.discard(acquired);
    else deps.cache.release(acquired);
    finish(decoded, warm);
  })();

  return { outcome, kill, drainLogs: () => logs.drainNew(), opResult: (message) => ops?.result(message) };
}

import type { LogLevel, LogLine, RunError, RunErrorCode, RunOutcome, ScenarioResult, WireRun } from '../protocol.js';
import type { IsolateCache } from './isolate-cache.js';
import { LogCollector } from './log-collector.js';
import { ScenarioIsolate, type RawResult } from './scenario-isolate.js';

export interface ExecuteDeps {
  cache: IsolateCache;
  /** Fraction of the heap limit above which a warm isolate is thrown away after its run. */
  heapThreshold: number;
  onCatastrophe: (message: string) => void;
}

/** A run in progress; `kill` stops it from outside (deadline, CPU limit, cancel). */
export interface Execution {
  outcome: Promise<RunOutcome>;
  kill(code: RunErrorCode): void;
  /** Lines captured since the last call (for live streaming). */
  drainLogs(): LogLine[];
}

const KILL_MESSAGES: Partial<Record<RunErrorCode, string>> = {
  scenario_timeout: 'The scenario ran past its time limit and was stopped',
  cpu_limit: 'The scenario used more CPU time than allowed and was stopped',
  cancelled: 'The run was cancelled',
};

function fail(code: RunErrorCode, message: string, stack?: string): RunError {
  return { code, name: 'Error', message, ...(stack ? { stack } : {}) };
}

/** An error that escaped the sandbox machinery (module evaluation, disposal, memory). */
function hostError(error: unknown): RunError {
  const message = error instanceof Error ? error.message : String(error);
  if (/memory limit/i.test(message)) return fail('memory_limit', 'The scenario used more memory than allowed and was stopped');
  if (/disposed/i.test(message)) return fail('memory_limit', 'The scenario isolate was stopped (memory or heap exhausted)');
  const stack = error instanceof Error && error.stack
    ? error.stack.split('\n').filter((line) => line.includes('scenario.js')).join('\n')
    : undefined;
  const name = error instanceof Error ? error.name : 'Error';
  return { code: 'scenario_error', name, message: message.replace(/\s+\[<isolated-vm boundary>\]$/, ''), ...(stack ? { stack } : {}) };
}

const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const HEADER_VALUE_FORBIDDEN = /[\r\n\0]/;

function isValidResponse(envelope: unknown): envelope is Omit<Extract<ScenarioResult, { kind: 'response' }>, 'kind'> {
  if (typeof envelope !== 'object' || envelope === null) return false;
  const { status, headers, body } = envelope as Record<string, unknown>;
  if (!Number.isInteger(status) || (status as number) < 200 || (status as number) > 599) return false;
  if (!Array.isArray(headers) || headers.length > 100) return false;
  for (const pair of headers) {
    if (!Array.isArray(pair) || pair.length !== 2) return false;
    const [name, value] = pair as unknown[];
    if (typeof name !== 'string' || !HEADER_NAME.test(name)) return false;
    if (typeof value !== 'string' || value.length > 8192 || HEADER_VALUE_FORBIDDEN.test(value)) return false;
  }
  if (typeof body !== 'object' || body === null) return false;
  const kind = (body as { type?: unknown }).type;
  if (kind === 'empty') return true;
  if (kind === 'text') return typeof (body as { text?: unknown }).text === 'string';
  return kind === 'base64' && typeof (body as { data?: unknown }).data === 'string';
}

function decode(raw: RawResult): { result?: ScenarioResult; error?: RunError } {
  const kind = raw.payload[0];
  const body = raw.payload.slice(1);
  switch (kind) {
    case 'U':
      return { result: { kind: 'undefined' } };
    case 'T':
      return { result: { kind: 'text', text: body } };
    case 'J':
      return { result: { kind: 'json', json: body } };
    case 'R': {
      const envelope = JSON.parse(body) as Omit<Extract<ScenarioResult, { kind: 'response' }>, 'kind'>;
      // The isolate checked all this already; the host does not take untrusted code's word for it.
      if (!isValidResponse(envelope)) return { error: fail('invalid_response', 'The scenario returned an invalid response') };
      return { result: { kind: 'response', status: envelope.status, headers: envelope.headers, body: envelope.body } };
    }
    case 'E': {
      const error = JSON.parse(body) as RunError;
      return { error: { code: error.code, name: String(error.name), message: String(error.message), ...(error.stack ? { stack: String(error.stack) } : {}) } };
    }
    default:
      return { error: fail('invalid_response', 'The sandbox returned an unreadable result') };
  }
}

/** Lines are delivered by a fire-and-forget callback; give the last ones a moment to arrive. */
async function awaitLogs(logs: LogCollector, expected: number): Promise<void> {
  for (let i = 0; i < 20 && logs.received < expected; i++) await new Promise((r) => setImmediate(r));
}

export function execute(job: WireRun & { code: string }, deps: ExecuteDeps): Execution {
  const started = performance.now();
  const logs = new LogCollector(job.maxLogLines, job.maxLogBytes, job.secretValues);
  let killed: RunErrorCode | null = null;
  let isolate: ScenarioIsolate | null = null;
  let cpuStart = 0;
  let cpuUsed = 0;
  const measureCpu = () => {
    if (isolate && !isolate.isDisposed) cpuUsed = Math.max(0, isolate.cpuMs() - cpuStart);
  };
  let settle!: (outcome: RunOutcome) => void;
  const outcome = new Promise<RunOutcome>((resolve) => (settle = resolve));
  let done = false;

  const finish = (result: { result?: ScenarioResult; error?: RunError }, warm: boolean) => {
    if (done) return;
    done = true;
    clearTimeout(deadline);
    clearInterval(cpuWatch);
    const stats = {
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      cpuMs: Math.round(cpuUsed * 100) / 100,
      warm,
    };
    const lines = logs.all();
    if (result.result) settle({ ok: true, result: result.result, logs: lines, logsTruncated: logs.truncated, ...stats });
    else settle({ ok: false, error: result.error ?? fail('scenario_error', 'Unknown failure'), logs: lines, logsTruncated: logs.truncated, ...stats });
  };

  const kill = (code: RunErrorCode) => {
    if (done || killed) return;
    killed = code;
    measureCpu();
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
  const sink = (level: string, text: string, time: number) => logs.add(level as LogLevel, text, time);

  void (async () => {
    const lease = deps.cache.acquire(key, () =>
      ScenarioIsolate.create(key, job.code, job.memoryMb, job.timeoutMs, deps.onCatastrophe),
    );
    let acquired: ScenarioIsolate;
    try {
      acquired = await lease.promise;
    } catch (error) {
      finish({ error: hostError(error) }, false);
      return;
    }
    if (killed) {
      // The deadline passed while this run waited for (or created) its isolate.
      lease.abandon();
      deps.cache.release(acquired);
      return;
    }
    isolate = acquired;
    const warm = acquired.runs > 0;
    cpuStart = acquired.cpuMs();
    try {
      const raw = await acquired.run(payload, sink);
      measureCpu();
      await awaitLogs(logs, raw.logCount);
      if (raw.logsTruncated) logs.markTruncated();
      const decoded = decode(raw);
      const breach = decoded.error && decoded.error.code !== 'scenario_error';
      // Reading heap statistics takes the isolate's lock: do it every few runs, and after slow ones.
      const checkHeap = acquired.runs % 8 === 1 || performance.now() - started > 50;
      if (breach || (checkHeap && acquired.heapRatio() > deps.heapThreshold)) deps.cache.discard(acquired);
      else deps.cache.release(acquired);
      finish(decoded, warm);
    } catch (error) {
      deps.cache.discard(acquired);
      finish({ error: killed ? fail(killed, KILL_MESSAGES[killed] ?? 'The run was stopped') : hostError(error) }, warm);
    }
  })();

  return { outcome, kill, drainLogs: () => logs.drainNew() };
}

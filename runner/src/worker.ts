/**
 * Child-process entry of the runner pool. Receives runs over IPC, executes them in
 * isolates, answers results. Isolates live here, never in the server's process, so a
 * scenario that brings V8 down takes only this worker with it.
 */
import { writeSync } from 'node:fs';
import { parseOutboundAllow } from './outbound/allow-list.js';
import { createOutboundAgent } from './outbound/connector.js';
import { Outbox } from './outbox.js';
import { RunTable } from './run-table.js';
import { CULPRIT_FD, type CulpritReport, type ParentToWorker, type WireRun, type WorkerToParent } from './protocol.js';
import { execute, type ExecuteDeps, type ExecuteJob, type Execution } from './sandbox/host/execute.js';
import { IsolateCache } from './sandbox/host/isolate-cache.js';
import { startSliceWatch } from './sandbox/host/slice-watch.js';
import { SlicePolicy } from './sandbox/host/sync-slices.js';
import { ivmVersion } from './sandbox/host/ivm.js';

const LOG_STREAM_MS = 250;
const CODE_CACHE_SIZE = 512;

const outbox = new Outbox<WorkerToParent>((message) => {
  if (process.connected) process.send?.(message);
});

const env = process.env;
const cache = new IsolateCache({
  maxTotal: Number(env.SG_MAX_ISOLATES ?? 64),
  maxPerKey: Number(env.SG_ISOLATES_PER_SCENARIO ?? 4),
  idleMs: Number(env.SG_ISOLATE_IDLE_MS ?? 300_000),
});
const heapThreshold = Number(env.SG_HEAP_THRESHOLD ?? 0.5);
const slices = new SlicePolicy({ sliceMs: Number(env.SG_SYNC_SLICE_MS ?? 20) });
const sliceWatch = startSliceWatch({ fd: CULPRIT_FD });
// One agent for every run of this worker: connections are checked when made (see connector.ts).
const agent = createOutboundAgent({ allow: parseOutboundAllow(env.SG_OUTBOUND_ALLOW) });
const outbound: ExecuteDeps['outbound'] = {
  agent,
  maxBytes: Number(env.SG_FETCH_MAX_BYTES ?? 5 * 1024 * 1024),
  maxPerRun: Number(env.SG_FETCH_MAX_PER_RUN ?? 50),
  timeoutMs: Number(env.SG_FETCH_TIMEOUT_MS ?? 10_000),
};
const sendOp: ExecuteDeps['sendOp'] = (runId, opId, name, payload) =>
  outbox.send({ type: 'op', runId, opId, name, payload });
const running = new RunTable<Execution>();
/** Compiled code by scenario key, so that the pool sends it once, not with every run. */
const codes = new Map<string, string>();

function onCatastrophe(key: string, message: string): void {
  // isolated-vm's advice: the process cannot be trusted any more. The pool replaces us.
  // The broken isolate's thread is stuck, and process.exit() would wait for it: tell the pool
  // which scenario did it with one synchronous write (no event loop, no IPC queue), then die.
  const report: CulpritReport = { key, message: String(message).slice(0, 500) };
  try {
    writeSync(CULPRIT_FD, `${JSON.stringify(report)}\n`);
  } catch {
    /* started without the pipe (not by the pool): dying is what matters */
  }
  process.stderr.write(`isolated-vm catastrophic error in ${key}: ${report.message}\n`);
  process.kill(process.pid, 'SIGKILL');
}

/** Exact-size buffers: a small Buffer is a view into a shared pool and would carry it along. */
function decodeFiles(files: string[] | undefined): ArrayBuffer[] {
  if (!files) return [];
  return files.map((data) => {
    const bytes = Buffer.from(data, 'base64');
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  });
}

function rememberCode(key: string, code: string): void {
  codes.delete(key);
  codes.set(key, code);
  if (codes.size > CODE_CACHE_SIZE) codes.delete(codes.keys().next().value!);
}

function startRun(run: WireRun): void {
  if (run.code !== undefined) rememberCode(run.key, run.code);
  const code = codes.get(run.key);
  if (code === undefined) {
    outbox.send({ type: 'need_code', runId: run.runId });
    return;
  }
  // Field by field, not `{ ...run, code, files }`: runs arrive parsed from JSON in more than one
  // shape (with or without code and files), and a spread of them took V8's slow paths on each run.
  const job: ExecuteJob = {
    runId: run.runId,
    key: run.key,
    code,
    timeoutMs: run.timeoutMs,
    cpuMs: run.cpuMs,
    memoryMb: run.memoryMb,
    maxLogLines: run.maxLogLines,
    maxLogBytes: run.maxLogBytes,
    maxResultBytes: run.maxResultBytes,
    secretValues: run.secretValues,
    payload: run.payload,
    files: decodeFiles(run.files),
  };
  const execution = execute(job, { cache, heapThreshold, onCatastrophe, outbound, sendOp, slices, sliceWatch });
  running.set(run.runId, execution);
  void execution.outcome.then((outcome) => {
    running.delete(run.runId);
    execution.drainLogs();
    outbox.send({ type: 'result', runId: run.runId, outcome });
  });
}

function handle(message: ParentToWorker): void {
  switch (message.type) {
    case 'batch':
      for (const inner of message.messages) handle(inner);
      break;
    case 'run':
      startRun(message.run);
      break;
    case 'cancel':
      running.get(message.runId)?.kill('cancelled');
      break;
    case 'op_result':
      running.get(message.runId)?.opResult(message);
      break;
    case 'shutdown':
      // The server stops: runs it let finish are done; the rest end `interrupted`, not `cancelled`.
      for (const execution of running.values()) execution.kill('interrupted');
      cache.clear();
      void agent.destroy();
      outbox.flush();
      setTimeout(() => process.exit(0), 50);
      break;
  }
}

process.on('message', handle);

// Lines of runs still in progress go to the server a few times a second (live view).
setInterval(() => {
  for (const [runId, execution] of running.entries()) {
    for (const line of execution.drainLogs()) outbox.send({ type: 'log', runId, line });
  }
}, LOG_STREAM_MS).unref();
setInterval(() => cache.sweep(), 30_000).unref();

// The parent went away: nothing left to serve.
process.on('disconnect', () => process.exit(0));

// A stop signal sent to the whole process group (systemd's default, Ctrl-C in a terminal,
// `docker stop` with an init) reaches the workers too. It is the server's to act on: it lets
// runs finish, then sends `shutdown`. A worker that died of it would cut those runs off.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => {});

outbox.send({ type: 'ready', pid: process.pid, ivmVersion: ivmVersion() });

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { RunnerPool, RunnerPoolOptions, RunnerPoolStats, RunOptions } from './api.js';
import { Outbox } from './outbox.js';
import type { LogLine, ParentToWorker, RunErrorCode, RunJob, RunOutcome, WireRun, WorkerToParent } from './protocol.js';

/** Extra time the pool gives a worker past a run's own deadline before it kills the worker. */
const WATCHDOG_GRACE_MS = 5_000;
/** Runs wait this long for a live worker before they fail with `runner_unavailable`. */
const NO_WORKER_WAIT_MS = 30_000;
/**
 * Scenarios that were running in a worker when it died run in a separate isolation worker
 * for this long, so that a scenario that crashes its worker cannot keep taking the runs of
 * other scenarios down with it.
 */
const QUARANTINE_MS = 10 * 60_000;

interface Pending {
  job: RunJob;
  wire: WireRun;
  onLog?: (line: LogLine) => void;
  resolve: (outcome: RunOutcome) => void;
  watchdog?: NodeJS.Timeout;
  queuedAt: number;
}

interface WorkerSlot {
  index: number;
  child: ChildProcess | null;
  ready: boolean;
  inFlight: Map<string, Pending>;
  startedAt: number;
  crashes: number;
  outbox: Outbox<ParentToWorker> | null;
  /** Scenario keys whose code this worker has been sent. */
  knownKeys: Set<string>;
}

const KNOWN_KEYS_LIMIT = 512;

function toWire(job: RunJob): WireRun {
  return {
    runId: job.runId,
    key: `${job.scenario.id}@${job.scenario.version}`,
    timeoutMs: job.limits.timeoutMs,
    cpuMs: job.limits.cpuMs,
    memoryMb: job.limits.memoryMb,
    maxLogLines: job.limits.maxLogLines,
    maxLogBytes: job.limits.maxLogBytes,
    secretValues: Object.values(job.ctx.secrets),
    payload: JSON.stringify({ request: job.request, ctx: job.ctx, limits: job.limits }),
  };
}

function workerPath(): string {
  const beside = fileURLToPath(new URL('./worker.js', import.meta.url));
  if (existsSync(beside)) return beside;
  // Running from sources (tests): the built worker is in dist/.
  return fileURLToPath(new URL('../dist/worker.js', import.meta.url));
}

function failure(code: RunErrorCode, message: string): RunOutcome {
  return { ok: false, error: { code, name: 'Error', message }, logs: [], logsTruncated: false, durationMs: 0, cpuMs: 0, warm: false };
}

function hashKey(key: string): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/**
 * Forks and supervises the worker processes. Runs of one scenario prefer one worker (its
 * isolates are warm there) unless that worker is clearly busier than another. A worker
 * that dies is replaced; its runs resolve at once as `runner_crashed`.
 */
export function createRunnerPool(options: RunnerPoolOptions = {}): RunnerPool {
  const size = Math.max(1, options.workers ?? availableParallelism());
  const maxInFlight = options.maxInFlightPerWorker ?? 64;
  const log = options.logger;
  const slots: WorkerSlot[] = [];
  const waiting: Pending[] = [];
  const byRunId = new Map<string, WorkerSlot>();
  const quarantine = new Map<string, number>();
  let isolationSlot: WorkerSlot | null = null;
  const allSlots = (): WorkerSlot[] => (isolationSlot ? [...slots, isolationSlot] : slots);
  let restarts = 0;
  let closing = false;
  let readyResolve!: () => void;
  const allReady = new Promise<void>((resolve) => (readyResolve = resolve));

  function spawn(slot: WorkerSlot): void {
    const child = fork(workerPath(), [], {
      execArgv: ['--no-node-snapshot'],
      serialization: 'json',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Workers get no server secrets: only what they need to run.
      env: {
        PATH: process.env.PATH ?? '',
        SG_MAX_ISOLATES: String(options.maxIsolatesPerWorker ?? 64),
        SG_ISOLATES_PER_SCENARIO: String(options.isolatesPerScenario ?? 4),
        SG_HEAP_THRESHOLD: String(options.isolateHeapThreshold ?? 0.5),
      },
    });
    slot.child = child;
    slot.ready = false;
    slot.knownKeys = new Set();
    slot.outbox = new Outbox<ParentToWorker>((message) => {
      if (child.connected) child.send(message);
    });
    slot.startedAt = Date.now();
    child.on('message', (message: WorkerToParent) => onMessage(slot, message));
    child.on('exit', (code, signal) => onExit(slot, child, code, signal));
    child.on('error', (error) => log?.error({ err: error, worker: slot.index }, 'runner worker error'));
  }

  function onMessage(slot: WorkerSlot, message: WorkerToParent): void {
    if (message.type === 'batch') {
      for (const inner of message.messages) onMessage(slot, inner);
      return;
    }
    if (message.type === 'ready') {
      slot.ready = true;
      log?.info({ worker: slot.index, pid: message.pid, isolatedVm: message.ivmVersion }, 'runner worker ready');
      if (slots.every((s) => s.ready)) readyResolve();
      drain();
      return;
    }
    const pending = slot.inFlight.get(message.runId);
    if (!pending) return;
    if (message.type === 'log') {
      pending.onLog?.(message.line);
      return;
    }
    if (message.type === 'need_code') {
      slot.outbox?.send({ type: 'run', run: { ...pending.wire, code: pending.job.scenario.code } });
      return;
    }
    settle(slot, pending, message.outcome);
    if (message.outcome.ok) slot.crashes = 0;
  }

  function settle(slot: WorkerSlot, pending: Pending, outcome: RunOutcome): void {
    slot.inFlight.delete(pending.job.runId);
    byRunId.delete(pending.job.runId);
    clearTimeout(pending.watchdog);
    pending.resolve(outcome);
    drain();
  }

  function onExit(slot: WorkerSlot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.child = null;
    slot.ready = false;
    const lost = [...slot.inFlight.values()];
    for (const pending of lost) {
      settle(slot, pending, failure(closing ? 'runner_unavailable' : 'runner_crashed', closing
        ? 'The runner is shutting down'
        : 'The runner process running this scenario crashed (for example V8 ran out of memory); the run was stopped'));
    }
    if (closing) return;
    // Whichever of these scenarios killed the worker now runs apart from the others.
    const until = Date.now() + QUARANTINE_MS;
    for (const pending of lost) quarantine.set(pending.wire.key, until);
    if (lost.length > 0 && !isolationSlot) {
      isolationSlot = newSlot(slots.length);
      spawn(isolationSlot);
      log?.warn({ scenarios: lost.map((pending) => pending.wire.key) }, 'runner: scenarios quarantined in an isolation worker');
    }
    restarts++;
    slot.crashes = Date.now() - slot.startedAt < 10_000 ? slot.crashes + 1 : 1;
    const delay = Math.min(5_000, 50 * 2 ** Math.min(slot.crashes, 7));
    log?.warn({ worker: slot.index, code, signal, lostRuns: lost.length, restartInMs: delay }, 'runner worker exited; replacing it');
    setTimeout(() => {
      if (!closing) spawn(slot);
    }, delay);
  }

  function pick(pending: Pending): WorkerSlot | undefined {
    const key = pending.wire.key;
    const quarantinedUntil = quarantine.get(key);
    if (quarantinedUntil !== undefined) {
      if (quarantinedUntil > Date.now()) {
        const slot = isolationSlot;
        return slot?.ready && slot.inFlight.size < maxInFlight ? slot : undefined;
      }
      quarantine.delete(key);
    }
    const live = slots.filter((slot) => slot.ready && slot.inFlight.size < maxInFlight);
    if (live.length === 0) return undefined;
    const preferred = slots[hashKey(key) % slots.length]!;
    const least = live.reduce((a, b) => (b.inFlight.size < a.inFlight.size ? b : a));
    if (live.includes(preferred) && preferred.inFlight.size <= least.inFlight.size + 4) return preferred;
    return least;
  }

  function dispatch(slot: WorkerSlot, pending: Pending): void {
    slot.inFlight.set(pending.job.runId, pending);
    byRunId.set(pending.job.runId, slot);
    // The worker enforces the deadline itself; this catches a worker that stopped answering.
    pending.watchdog = setTimeout(() => {
      log?.error({ worker: slot.index, runId: pending.job.runId }, 'runner worker missed a deadline; killing it');
      slot.child?.kill('SIGKILL');
    }, pending.job.limits.timeoutMs + WATCHDOG_GRACE_MS);
    const key = pending.wire.key;
    const known = slot.knownKeys.has(key);
    if (!known) {
      if (slot.knownKeys.size >= KNOWN_KEYS_LIMIT) slot.knownKeys.clear();
      slot.knownKeys.add(key);
    }
    slot.outbox?.send({ type: 'run', run: known ? pending.wire : { ...pending.wire, code: pending.job.scenario.code } });
  }

  function drain(): void {
    // Every waiting run that can be placed goes; one that cannot (its worker is restarting)
    // does not hold up the others.
    for (let i = 0; i < waiting.length; ) {
      const slot = pick(waiting[i]!);
      if (slot) dispatch(slot, waiting.splice(i, 1)[0]!);
      else i++;
    }
  }

  setInterval(() => {
    const now = Date.now();
    while (waiting.length > 0 && now - waiting[0]!.queuedAt > NO_WORKER_WAIT_MS) {
      waiting.shift()!.resolve(failure('runner_unavailable', 'No runner worker is available'));
    }
  }, 1_000).unref();

  function newSlot(index: number): WorkerSlot {
    return { index, child: null, ready: false, inFlight: new Map(), startedAt: 0, crashes: 0, outbox: null, knownKeys: new Set() };
  }

  for (let index = 0; index < size; index++) {
    const slot = newSlot(index);
    slots.push(slot);
    spawn(slot);
  }

  return {
    ready: () => allReady,

    run(job: RunJob, runOptions: RunOptions = {}): Promise<RunOutcome> {
      if (closing) return Promise.resolve(failure('runner_unavailable', 'The runner is shutting down'));
      return new Promise<RunOutcome>((resolve) => {
        const pending: Pending = { job, wire: toWire(job), resolve, queuedAt: Date.now(), ...(runOptions.onLog ? { onLog: runOptions.onLog } : {}) };
        const slot = waiting.length === 0 ? pick(pending) : undefined;
        if (slot) dispatch(slot, pending);
        else waiting.push(pending);
      });
    },

    cancel(runId: string): void {
      const queued = waiting.findIndex((pending) => pending.job.runId === runId);
      if (queued !== -1) {
        waiting.splice(queued, 1)[0]!.resolve(failure('cancelled', 'The run was cancelled'));
        return;
      }
      byRunId.get(runId)?.outbox?.send({ type: 'cancel', runId });
    },

    stats(): RunnerPoolStats {
      const every = allSlots();
      return {
        workers: every.length,
        alive: every.filter((slot) => slot.ready).length,
        inFlight: every.reduce((sum, slot) => sum + slot.inFlight.size, 0) + waiting.length,
        restarts,
        quarantined: [...quarantine.values()].filter((until) => until > Date.now()).length,
      };
    },

    async close(): Promise<void> {
      closing = true;
      for (const pending of waiting.splice(0)) pending.resolve(failure('runner_unavailable', 'The runner is shutting down'));
      await Promise.all(
        allSlots().map(
          (slot) =>
            new Promise<void>((resolve) => {
              const child = slot.child;
              if (!child || child.exitCode !== null) return resolve();
              const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
              child.once('exit', () => {
                clearTimeout(force);
                resolve();
              });
              const message: ParentToWorker = { type: 'shutdown' };
              if (child.connected) child.send(message);
              else child.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}

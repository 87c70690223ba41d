import { availableParallelism } from 'node:os';
import type { RunnerPool, RunnerPoolOptions, RunnerPoolStats, RunOptions } from './api.js';
import { parseOutboundAllow } from './outbound/allow-list.js';
import { answerOp } from './pool/host-ops.js';
import { IsolationWorkers } from './pool/isolation-workers.js';
import { capitalized, whyNoWorker } from './pool/no-worker-reason.js';
import { Quarantine } from './pool/quarantine.js';
import { WaitingRoom } from './pool/waiting-room.js';
import { failure, toWire, type Pending } from './pool/wire.js';
import { forkWorker, newSlot, rememberKey, type WorkerSlot } from './pool/worker-slot.js';
import type { ParentToWorker, RunJob, RunOutcome, WorkerToParent } from './protocol.js';

/** Extra time the pool gives a worker past a run's own deadline before it kills the worker. */
const WATCHDOG_GRACE_MS = 5_000;
/** Runs wait this long for a live worker before they fail with `runner_unavailable` (default). */
const MAX_WAIT_MS = 30_000;
/** A scenario that crashed a worker (or was running when one crashed) runs apart this long. */
const QUARANTINE_MS = 10 * 60_000;
/** A suspect that has run alone this many times without a crash is released early. */
const SUSPECT_CLEAN_RUNS = 20;
/** An isolation worker that has had no scenario for this long is shut down. */
const ISOLATION_IDLE_MS = 30_000;
/**
 * Runs of a scenario whose recent runs took less than this (in its worker) are fast. A worker
 * may hold more runs of a fast scenario than it has isolates for it — up to half its slots —
 * so that its isolates do not idle for an IPC round trip between runs (50 echo runs at once
 * of one scenario: ~0.75× the throughput of a worker that takes them all without this,
 * ~0.95× with it). Such a run
 * waits milliseconds inside the worker, and the other half of the slots stays free for other
 * scenarios. Slow scenarios never wait inside a worker: their backlog stays in the pool.
 */
const FAST_RUN_MS = 20;

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const chosen = value ?? fallback;
  if (!Number.isSafeInteger(chosen) || chosen < 1) throw new RangeError(`${name} must be a positive integer`);
  return chosen;
}

/**
 * The workers' outbound limits (not secrets: workers get only PATH and SG_*), and the part of
 * them each run tells its isolate. The allow-list is parsed here first, so that a bad entry
 * stops the server at start rather than every worker.
 */
function outboundLimits(options: RunnerPoolOptions) {
  const fetchMaxBytes = positiveInteger('fetchMaxBytes', options.fetchMaxBytes, 5 * 1024 * 1024);
  const fetchMaxPerRun = positiveInteger('fetchMaxPerRun', options.fetchMaxPerRun, 50);
  const fetchTimeoutMs = positiveInteger('fetchTimeoutMs', options.fetchTimeoutMs, 10_000);
  return {
    env: {
      SG_OUTBOUND_ALLOW: parseOutboundAllow(options.outboundAllow).entries.join(','),
      SG_FETCH_MAX_BYTES: String(fetchMaxBytes),
      SG_FETCH_MAX_PER_RUN: String(fetchMaxPerRun),
      SG_FETCH_TIMEOUT_MS: String(fetchTimeoutMs),
    },
    guest: { fetchMaxBytes, fetchMaxPerRun },
  };
}

/** What a run the server's stop cut off resolves with (a server records it `interrupted`). */
const STOPPED_RUNNING = 'The server stopped before the run finished';
const STOPPED_WAITING = 'The server stopped before the run started';

function hashKey(key: string): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 16777619);
  return hash >>> 0;
}

/**
 * Worker processes when none are asked for: one per core but one, which the host process (the
 * server's event loop, its store thread) needs under load. A run that computes for long uses
 * every core anyway, on isolated-vm's threads.
 */
export function defaultWorkerCount(cores: number = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/**
 * Forks and supervises the worker processes.
 *
 * Admission is fair: a run is placed at once whenever a worker has room for its scenario;
 * a worker takes at most `isolatesPerScenario` runs of one scenario (what it can run at
 * once; a fast scenario, see FAST_RUN_MS, a few more), and the excess waits here, first in
 * first out per scenario, with scenarios taking turns — so one scenario's backlog never
 * delays another's runs. Runs of one scenario
 * prefer one worker (its isolates are warm there) unless that worker is clearly busier.
 *
 * A worker that dies is replaced and its runs resolve at once as `runner_crashed`. The
 * scenario that crashed it runs from then on in an isolation worker of its own (see
 * `Quarantine`), which is started when needed, capped in number, and shut down when idle.
 */
export function createRunnerPool(options: RunnerPoolOptions = {}): RunnerPool {
  const size = Math.max(1, options.workers ?? defaultWorkerCount());
  const maxInFlight = options.maxInFlightPerWorker ?? 64;
  const perScenario = Math.max(1, options.isolatesPerScenario ?? 4);
  const maxIsolationWorkers = Math.max(1, options.maxIsolationWorkers ?? 2);
  const log = options.logger;
  const outbound = outboundLimits(options);
  const workerEnv = {
    PATH: process.env.PATH ?? '',
    SG_MAX_ISOLATES: String(options.maxIsolatesPerWorker ?? 64),
    SG_ISOLATES_PER_SCENARIO: String(perScenario),
    SG_HEAP_THRESHOLD: String(options.isolateHeapThreshold ?? 0.5),
    SG_SYNC_SLICE_MS: String(options.syncSliceMs ?? 20),
    ...outbound.env,
  };
  const quarantine = new Quarantine({
    durationMs: options.quarantineMs ?? QUARANTINE_MS,
    releaseAfterCleanRuns: SUSPECT_CLEAN_RUNS,
  });
  const shared: WorkerSlot[] = [];
  const waiting = new WaitingRoom({
    maxWaitMs: positiveInteger('maxWaitMs', options.maxWaitMs, MAX_WAIT_MS),
    onDeadline: (pending) =>
      pending.resolve(
        failure('scenario_timeout', `The time limit passed before the run could start: ${whyWaiting(pending)}`),
      ),
    onGiveUp: (pending) => {
      const seconds = Math.round((Date.now() - pending.queuedAt) / 100) / 10;
      pending.resolve(
        failure(
          'runner_unavailable',
          `${capitalized(whyWaiting(pending))}; the run waited ${seconds} s and did not start`,
        ),
      );
    },
  });
  const byRunId = new Map<string, WorkerSlot>();
  /** Recent run duration per scenario (moving average, ms), to tell fast scenarios. */
  const runMs = new Map<string, number>();
  let nextSlotId = 0;
  let restarts = 0;
  let closing = false;
  let drainTimer: NodeJS.Timeout | null = null;
  let readyResolve!: () => void;
  const allReady = new Promise<void>((resolve) => (readyResolve = resolve));
  const isolation = new IsolationWorkers({
    max: maxIsolationWorkers,
    quarantine,
    isWaiting: (key) => waiting.has(key),
    hasRoom: (slot, key) => hasRoom(slot, key),
    spawn: (slot) => spawn(slot),
    nextId: () => nextSlotId++,
    retryAt: (at, now) => scheduleDrain(at, now),
  });
  const allSlots = (): WorkerSlot[] => [...shared, ...isolation.slots];

  function spawn(slot: WorkerSlot): void {
    forkWorker(slot, workerEnv, {
      message: (message) => onMessage(slot, message),
      closed: (code, signal) => onClosed(slot, code, signal),
      error: (error) => log?.error({ err: error, worker: slot.id }, 'runner worker error'),
    });
  }

  function onMessage(slot: WorkerSlot, message: WorkerToParent): void {
    if (message.type === 'batch') {
      for (const inner of message.messages) onMessage(slot, inner);
      return;
    }
    if (message.type === 'ready') {
      slot.ready = true;
      log?.info(
        { worker: slot.id, kind: slot.kind, pid: message.pid, isolatedVm: message.ivmVersion },
        'runner worker ready',
      );
      if (shared.every((s) => s.ready)) readyResolve();
      drain();
      return;
    }
    const pending = slot.inFlight.get(message.runId);
    if (!pending) return;
    if (message.type === 'log') {
      pending.onLog?.(message.line);
      return;
    }
    if (message.type === 'op') {
      answerOp(message, pending, (reply) => {
        if (slot.inFlight.get(message.runId) === pending) slot.outbox?.send(reply);
      });
      return;
    }
    if (message.type === 'need_code') {
      slot.outbox?.send({ type: 'run', run: { ...pending.wire, code: pending.job.scenario.code } });
      return;
    }
    if (message.outcome.ok) slot.crashes = 0;
    noteDuration(pending.wire.key, message.outcome.durationMs);
    if (slot.kind === 'isolation' && quarantine.cleanRun(pending.wire.key)) {
      log?.info({ scenario: pending.wire.key }, 'runner: suspect ran alone without a crash; released from quarantine');
    }
    settle(slot, pending, message.outcome);
    drain();
  }

  function settle(slot: WorkerSlot, pending: Pending, outcome: RunOutcome): void {
    const key = pending.wire.key;
    slot.inFlight.delete(pending.job.runId);
    const count = (slot.perKey.get(key) ?? 1) - 1;
    if (count > 0) slot.perKey.set(key, count);
    else slot.perKey.delete(key);
    byRunId.delete(pending.job.runId);
    clearTimeout(pending.watchdog);
    pending.resolve(outcome);
    if (slot.kind === 'isolation') isolation.releaseIfDone(slot, Date.now());
  }

  function onClosed(slot: WorkerSlot, code: number | null, signal: NodeJS.Signals | null): void {
    slot.child = null;
    slot.ready = false;
    const lost = [...slot.inFlight.values()];
    const now = Date.now();
    if (!closing && !slot.retired) blameCrash(slot, lost, now);
    for (const pending of lost) {
      settle(
        slot,
        pending,
        closing
          ? failure('interrupted', STOPPED_RUNNING)
          : failure(
              'runner_crashed',
              'The runner process running this scenario crashed (for example V8 ran out of memory); the run was stopped',
            ),
      );
    }
    if (closing) return;
    if (slot.kind === 'isolation') {
      isolation.remove(slot);
    } else {
      restarts++;
      slot.crashes = now - slot.startedAt < 10_000 ? slot.crashes + 1 : 1;
      const delay = Math.min(5_000, 50 * 2 ** Math.min(slot.crashes, 7));
      log?.warn(
        { worker: slot.id, code, signal, lostRuns: lost.length, restartInMs: delay },
        'runner worker exited; replacing it',
      );
      setTimeout(() => {
        if (!closing) spawn(slot);
      }, delay);
    }
    drain();
  }

  /** Decides, before the lost runs are answered, which scenarios run apart from now on. */
  function blameCrash(slot: WorkerSlot, lost: Pending[], now: number): void {
    // An isolation worker holds one scenario's runs only: a crash of it names its owner.
    const culprit = slot.culprit ?? (slot.kind === 'isolation' && lost.length > 0 ? slot.owner : null);
    if (culprit) {
      const released = quarantine.blame(culprit, now);
      if (slot.kind === 'isolation') quarantine.crashed(culprit, now);
      log?.warn(
        { worker: slot.id, scenario: culprit, released },
        'runner: scenario crashed its worker; quarantined alone',
      );
      return;
    }
    const suspects = [...new Set(lost.map((pending) => pending.wire.key))];
    if (suspects.length === 0) return;
    quarantine.suspect(suspects, now);
    log?.warn(
      { worker: slot.id, scenarios: suspects },
      'runner: worker crashed without naming a scenario; each suspect now runs alone',
    );
  }

  function noteDuration(key: string, durationMs: number): void {
    const previous = runMs.get(key);
    if (previous === undefined && runMs.size >= 10_000) runMs.clear();
    runMs.set(key, previous === undefined ? durationMs : previous * 0.8 + durationMs * 0.2);
  }

  /**
   * A worker takes as many runs of one scenario as it has isolates for it; of a fast scenario,
   * also the next ones while less than half its slots are taken (see FAST_RUN_MS).
   */
  function hasRoom(slot: WorkerSlot, key: string): boolean {
    if (!slot.ready || slot.inFlight.size >= maxInFlight) return false;
    if ((slot.perKey.get(key) ?? 0) < perScenario) return true;
    return slot.inFlight.size < maxInFlight / 2 && (runMs.get(key) ?? Infinity) < FAST_RUN_MS;
  }

  function scheduleDrain(at: number, now: number): void {
    if (drainTimer) return;
    drainTimer = setTimeout(
      () => {
        drainTimer = null;
        drain();
      },
      Math.max(10, at - now),
    );
  }

  /** The worker a run of `key` goes to now, if any has room for it. */
  function place(key: string, now: number): WorkerSlot | undefined {
    if (quarantine.has(key, now)) return isolation.slotFor(key, now);
    let least: WorkerSlot | undefined;
    for (const slot of shared) {
      if (hasRoom(slot, key) && (!least || slot.inFlight.size < least.inFlight.size)) least = slot;
    }
    if (!least) return undefined;
    const preferred = shared[hashKey(key) % shared.length]!;
    return hasRoom(preferred, key) && preferred.inFlight.size <= least.inFlight.size + 4 ? preferred : least;
  }

  /** Why a run of this scenario waits now (for its `runner_unavailable` or `scenario_timeout` message). */
  function whyWaiting(pending: Pending): string {
    const live = shared.filter((slot) => slot.ready);
    return whyNoWorker({
      workers: shared.length,
      alive: live.length,
      full: live.filter((slot) => slot.inFlight.size >= maxInFlight).length,
      maxInFlight,
      perScenario,
      quarantined: quarantine.has(pending.wire.key, Date.now()),
    });
  }

  /**
   * Hands the run to `slot` with what is left of its time — all of `timeoutMs` when it did not
   * wait — or, when nothing is left, answers it as timed out without starting it.
   */
  function dispatch(slot: WorkerSlot, pending: Pending, now: number): void {
    const remainingMs = Math.min(pending.job.limits.timeoutMs, Math.floor(pending.deadline - now));
    if (remainingMs < 1) {
      pending.resolve(failure('scenario_timeout', 'The time limit passed while the run waited for a runner worker'));
      return;
    }
    // The wire is this run's own (toWire): set in place, not copied — a copy per run cost a slow
    // V8 path on each one (a sync run always arrives with a little of its time used).
    if (remainingMs < pending.wire.timeoutMs) pending.wire.timeoutMs = remainingMs;
    const key = pending.wire.key;
    slot.inFlight.set(pending.job.runId, pending);
    slot.perKey.set(key, (slot.perKey.get(key) ?? 0) + 1);
    byRunId.set(pending.job.runId, slot);
    // The worker enforces the deadline itself; this catches a worker that stopped answering.
    pending.watchdog = setTimeout(() => {
      log?.error(
        { worker: slot.id, runId: pending.job.runId, scenario: key },
        'runner worker missed a deadline; killing it',
      );
      slot.culprit ??= key;
      slot.child?.kill('SIGKILL');
    }, pending.wire.timeoutMs + WATCHDOG_GRACE_MS);
    const known = rememberKey(slot, key);
    slot.outbox?.send({
      type: 'run',
      run: known ? pending.wire : { ...pending.wire, code: pending.job.scenario.code },
    });
  }

  /** Places waiting runs, one per scenario per turn, until no worker has room for any of them. */
  function drain(): void {
    if (closing) return;
    const now = Date.now();
    for (let placed = true; placed && waiting.size > 0;) {
      placed = false;
      for (const key of waiting.keys()) {
        const slot = place(key, now);
        if (!slot) continue;
        dispatch(slot, waiting.shift(key)!, now);
        placed = true;
      }
    }
  }

  const housekeeping = setInterval(() => {
    const now = Date.now();
    for (const slot of isolation.retireIdle(now, ISOLATION_IDLE_MS)) void stopWorker(slot);
    drain();
  }, 1_000);
  housekeeping.unref();

  function stopWorker(slot: WorkerSlot): Promise<void> {
    return new Promise<void>((resolve) => {
      const child = slot.child;
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => child.kill('SIGKILL'), 2_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      const message: ParentToWorker = { type: 'shutdown' };
      if (child.connected) child.send(message);
      else child.kill('SIGKILL');
    });
  }

  for (let index = 0; index < size; index++) {
    const slot = newSlot(nextSlotId++, 'shared');
    shared.push(slot);
    spawn(slot);
  }

  return {
    ready: () => allReady,

    run(job: RunJob, runOptions: RunOptions = {}): Promise<RunOutcome> {
      if (closing) return Promise.resolve(failure('runner_unavailable', 'The runner is shutting down'));
      const now = Date.now();
      const deadline = job.limits.deadline ?? now + job.limits.timeoutMs;
      if (!(deadline > now)) {
        return Promise.resolve(failure('scenario_timeout', 'The time limit passed before the run reached the runner'));
      }
      return new Promise<RunOutcome>((resolve) => {
        const pending: Pending = {
          job,
          wire: toWire(job, outbound.guest),
          resolve,
          queuedAt: now,
          deadline,
          ...(runOptions.onLog ? { onLog: runOptions.onLog } : {}),
          ...(runOptions.ops ? { ops: runOptions.ops } : {}),
        };
        const key = pending.wire.key;
        // Behind earlier runs of the same scenario only; never behind other scenarios' runs.
        const slot = waiting.has(key) ? undefined : place(key, now);
        if (slot) dispatch(slot, pending, now);
        else waiting.push(pending, now);
      });
    },

    cancel(runId: string): void {
      const queued = waiting.remove(runId);
      if (queued) {
        queued.resolve(failure('cancelled', 'The run was cancelled'));
        return;
      }
      byRunId.get(runId)?.outbox?.send({ type: 'cancel', runId });
    },

    stats(): RunnerPoolStats {
      const every = allSlots();
      return {
        workers: every.length,
        alive: every.filter((slot) => slot.ready).length,
        inFlight: every.reduce((sum, slot) => sum + slot.inFlight.size, 0) + waiting.size,
        waiting: waiting.size,
        runsPerScenario: shared.length * perScenario,
        restarts,
        quarantined: quarantine.count(Date.now()),
      };
    },

    async close(): Promise<void> {
      closing = true;
      clearInterval(housekeeping);
      if (drainTimer) clearTimeout(drainTimer);
      for (const pending of waiting.clear()) pending.resolve(failure('interrupted', STOPPED_WAITING));
      // Each worker stops its runs as `interrupted` and answers them with their logs so far;
      // the runs of a worker that exits first are answered by onClosed.
      await Promise.all(allSlots().map((slot) => stopWorker(slot)));
    },
  };
}

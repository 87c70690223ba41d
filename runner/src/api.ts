import type { HostOps, LogLine, RunJob, RunOutcome } from './protocol.js';

/** Structured logger the pool reports to (the server passes its pino logger). */
export interface RunnerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RunnerPoolOptions {
  /** Number of worker processes (default: number of CPUs less one, for the host process; at least 1). */
  workers?: number;
  /** Warm isolates kept per worker (LRU); default 64. */
  maxIsolatesPerWorker?: number;
  /** A warm isolate whose used heap exceeds this fraction of its limit after a run is discarded; default 0.5. */
  isolateHeapThreshold?: number;
  /**
   * Isolates of one scenario version that may run at once in a worker; default 4. The pool
   * hands a worker no more runs of one scenario than that (of a scenario whose runs take
   * milliseconds, a few more, within half the worker's slots); the excess waits in the pool.
   */
  isolatesPerScenario?: number;
  /**
   * How long a run may first go on its worker's own thread, synchronously, before it is handed
   * to the isolate's thread (sandbox/host/sync-slices.ts); default 20 ms, 0 turns it off. A run
   * still computing at the end of its slice is run again asynchronously, from the start.
   */
  syncSliceMs?: number;
  /** Runs in flight per worker before the pool prefers another worker; default 64. */
  maxInFlightPerWorker?: number;
  /** Isolation workers (one quarantined scenario each at a time), started when needed; default 2. */
  maxIsolationWorkers?: number;
  /** How long a scenario that crashed a worker runs apart; default 10 minutes. */
  quarantineMs?: number;
  /**
   * The longest a run waits in the pool for a worker with room for it before it ends
   * `runner_unavailable`, its message saying why (workers busy, restarting, or the scenario
   * quarantined); default 30 s. Its own deadline ends the wait sooner (`scenario_timeout`).
   */
  maxWaitMs?: number;
  /**
   * Private destinations a scenario's `fetch` may reach after all (OUTBOUND_ALLOW): host names,
   * `host:port`, IP addresses or CIDR ranges. Checked when the pool is made: a bad entry throws.
   */
  outboundAllow?: string | readonly string[];
  /** Largest response body a `fetch` reads, after decompression (also the largest request body); default 5 MB. */
  fetchMaxBytes?: number;
  /** Requests one run may make; default 50. */
  fetchMaxPerRun?: number;
  /** Timeout of one request (never past the run's deadline); default 10 s. */
  fetchTimeoutMs?: number;
  logger?: RunnerLogger;
}

export interface RunOptions {
  /** Called for every captured log line while the run is in progress. */
  onLog?: (line: LogLine) => void;
  /**
   * The operations a scenario may ask of the server during this run (`ctx.mail.send` →
   * `'mail.send'`). One missing makes the scenario's call reject with a clear message. A
   * handler's rejection reaches the scenario as its message; its answer after the run ended
   * is dropped.
   */
  ops?: Partial<HostOps>;
}

export interface RunnerPoolStats {
  /** Worker processes, isolation workers included. */
  workers: number;
  alive: number;
  /** Runs in workers plus runs waiting in the pool. */
  inFlight: number;
  /** Runs waiting in the pool for a worker with room for their scenario. */
  waiting: number;
  /**
   * Runs of one scenario that can execute at once (workers × isolates per scenario); more
   * wait in the pool. A server can size its per-endpoint caps from it.
   */
  runsPerScenario: number;
  restarts: number;
  /** Scenarios running apart, each alone in an isolation worker, after a worker crash. */
  quarantined: number;
}

export interface RunnerPool {
  /** Resolves when every worker has reported `ready`. */
  ready(): Promise<void>;
  /**
   * Never rejects: every failure is an `{ ok: false }` outcome with a stable code. The run's
   * time limit covers its wait for a worker (`RunLimits.deadline`). After `close()` began it
   * resolves `runner_unavailable` at once, without running.
   */
  run(job: RunJob, options?: RunOptions): Promise<RunOutcome>;
  /** Stops a run waiting or in progress; its outcome resolves with code `cancelled`. No-op if unknown. */
  cancel(runId: string): void;
  stats(): RunnerPoolStats;
  /**
   * Stops the workers, for the server's shutdown once its grace period is over: runs still
   * waiting or in progress resolve `interrupted` (those in progress with their logs so far),
   * never `cancelled` or `runner_crashed`. Workers stop only when told so (or when the server is
   * gone): a SIGTERM or SIGINT sent to the whole process group leaves them running their runs.
   */
  close(): Promise<void>;
}

import type { LogLine, RunJob, RunOutcome } from './protocol.js';

/** Structured logger the pool reports to (the server passes its pino logger). */
export interface RunnerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RunnerPoolOptions {
  /** Number of worker processes (default: number of CPUs, at least 1). */
  workers?: number;
  /** Warm isolates kept per worker (LRU); default 64. */
  maxIsolatesPerWorker?: number;
  /** A warm isolate whose used heap exceeds this fraction of its limit after a run is discarded; default 0.5. */
  isolateHeapThreshold?: number;
  /** Isolates of one scenario version that may run at once in a worker; default 4. */
  isolatesPerScenario?: number;
  /** Runs in flight per worker before the pool prefers another worker; default 64. */
  maxInFlightPerWorker?: number;
  logger?: RunnerLogger;
}

export interface RunOptions {
  /** Called for every captured log line while the run is in progress. */
  onLog?: (line: LogLine) => void;
}

export interface RunnerPoolStats {
  workers: number;
  alive: number;
  inFlight: number;
  restarts: number;
  /** Scenarios running apart in the isolation worker after a worker crash. */
  quarantined: number;
}

export interface RunnerPool {
  /** Resolves when every worker has reported `ready`. */
  ready(): Promise<void>;
  /** Never rejects: every failure is an `{ ok: false }` outcome with a stable code. */
  run(job: RunJob, options?: RunOptions): Promise<RunOutcome>;
  /** Stops a run in progress; its outcome resolves with code `cancelled`. No-op if unknown. */
  cancel(runId: string): void;
  stats(): RunnerPoolStats;
  /** Stops the workers; in-flight runs resolve as `runner_unavailable`. */
  close(): Promise<void>;
}

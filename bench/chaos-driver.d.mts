// Types of bench/chaos-driver.mjs for its TypeScript caller, test/integration/chaos.test.ts.

export interface ChaosOptions {
  /** Seconds of load (default 60). */
  seconds?: number;
  /** `kill -9` of the server process (default 10). */
  kills?: number;
  /** SIGTERMs to the server's whole process group (default 3). */
  terms?: number;
  /** Concurrent callers (default 4). */
  clients?: number;
  /** Bound on the final wait for every accepted run to finish (default 90). */
  settleSeconds?: number;
  /** Seeds the choices (kinds of request, ids, moments of the stops). */
  seed?: number;
  /** The server's SHUTDOWN_GRACE_MS (default 10000). */
  shutdownGraceMs?: number;
  /** Where to write the client's log, one JSON line per request. */
  logFile?: string | null;
  progress?: (line: string) => void;
}

export interface ChaosStop {
  type: 'kill -9' | 'group SIGTERM';
  atSeconds: number;
  inFlight: number;
  exit: { code: number | null; signal: string | null; stopMs: number | null };
  downMs: number;
  /** One per sync request in flight at the stop: "<answer> → <recorded status>". */
  syncOutcomes: string[];
}

export interface ChaosFigures {
  seed: number;
  port: number;
  /** The run's DATA_DIR (removed when the run ends). */
  dataDir: string;
  /** Every server process started (each the leader of its process group). */
  serverPids: number[];
  settings: { seconds: number; kills: number; terms: number; clients: number };
  loadSeconds: number;
  sent: number;
  syncAnswers: Record<string, number>;
  asyncAnswers: Record<string, number>;
  /** Distinct processes the client was answered 202 for. */
  accepted: number;
  finished: number;
  finalStatuses: Record<string, number>;
  /** Accepted runs that ended `interrupted`, by attempt and reason. */
  interrupted: Record<string, number>;
  /** One line per accepted run that vanished or was dropped. */
  lost: string[];
  /** One line per accepted run not final when the wait ended. */
  stuck: string[];
  reExecuted: number;
  completionMs: { p50: number | null; p99: number | null; max: number | undefined };
  mismatched: number;
  attemptDisagrees: number;
  keys: {
    requests: number;
    repeats: number;
    repeatAnswers: Record<string, number>;
    replayedSameId: number;
    repeatsOfAccepted: number;
    duplicated: string[];
  };
  duplicated: number;
  notFinalInStore: string[];
  stops: ChaosStop[];
  findings: string[];
  ok: boolean;
}

export function runChaos(options?: ChaosOptions): Promise<ChaosFigures>;
export function formatReport(figures: ChaosFigures): string;
/** Kills every server a run started and removes its data directory; a run still going then fails. */
export function abortChaos(): void;

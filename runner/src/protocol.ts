/**
 * Everything that crosses the runner boundary (server ⇄ pool ⇄ worker process ⇄ isolate).
 * Only plain JSON data: no functions, no class instances, no host references.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogLine {
  level: LogLevel;
  /** Epoch milliseconds. */
  time: number;
  text: string;
}

/** An uploaded file as the scenario sees it; bytes travel base64-encoded. */
export interface RunFile {
  field: string;
  name: string;
  contentType: string;
  size: number;
  dataBase64: string;
}

/** The incoming HTTP request, as handed to the scenario (README, "The scenario API": `request`). */
export interface RunRequest {
  url: string;
  method: string;
  path: string;
  subpath: string;
  /** Lower-cased names; repeated headers joined with ", " (set-cookie excluded). */
  headers: Record<string, string>;
  cookies: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  rawBody: string;
  files: RunFile[];
  ip: string;
}

/** `ctx.user`: who called, as the endpoint's access check established it. */
export interface RunCaller {
  /** The Basic username, the API key's id, the HMAC preset, or the JWT's `sub` (null when it has none). */
  id: string | null;
  type: 'basic' | 'apiKey' | 'hmac' | 'jwt';
  name?: string;
  /** A JWT's verified claims. */
  claims?: Record<string, unknown>;
}

export interface RunContext {
  event: { id: string; type: '$webRequest'; async: boolean };
  script: { id: string; version: number };
  /** `attempt`: 1 on a first run; 2 and more when an async run is retried after a crash or a lost lease. */
  process: { id: string; attempt: number };
  /** The endpoint's authenticated caller; null when the endpoint is public (or for an admin's test run). */
  user: RunCaller | null;
  /** Values are replaced by "[secret]" in every log line. */
  secrets: Record<string, string>;
}

export interface RunLimits {
  /** Wall-clock deadline, enforced by the host: the isolate is disposed when it passes. */
  timeoutMs: number;
  /**
   * When the run's time is up (epoch ms), however it was spent: waiting in the pool for a worker
   * counts. A run that has not started by then ends `scenario_timeout` at that moment; one that
   * starts late gets only what is left (never more than `timeoutMs`). Absent: `timeoutMs` from
   * the moment the pool is handed the run.
   */
  deadline?: number;
  /** CPU time the isolate may use for this run. */
  cpuMs: number;
  /** Isolate heap limit. */
  memoryMb: number;
  maxLogLines: number;
  maxLogBytes: number;
  /** Size of the serialized result (JSON text or body bytes). */
  maxResultBytes: number;
}

export interface RunJob {
  /** Unique per run; the process id. */
  runId: string;
  scenario: {
    /** Endpoint id; together with `version` it keys the warm isolate. */
    id: string;
    version: number;
    /** Compiled JavaScript: an ES module whose default export is the handler. */
    code: string;
  };
  request: RunRequest;
  ctx: RunContext;
  limits: RunLimits;
}

export type ResponseBody = { type: 'empty' } | { type: 'text'; text: string } | { type: 'base64'; data: string };

/** What the scenario returned, already validated and serialized inside the sandbox. */
export type ScenarioResult =
  | { kind: 'undefined' }
  | { kind: 'text'; text: string }
  | { kind: 'json'; json: string }
  | {
      kind: 'response';
      status: number;
      /** Validated: token names, no CR/LF/NUL in values, bounded count and size. */
      headers: Array<[string, string]>;
      body: ResponseBody;
    };

export type RunErrorCode =
  | 'scenario_error'
  | 'scenario_timeout'
  | 'cpu_limit'
  | 'memory_limit'
  | 'result_too_large'
  | 'invalid_response'
  | 'runner_crashed'
  | 'cancelled'
  /** The pool was closed (the server stopped) while the run waited or ran. */
  | 'interrupted'
  | 'runner_unavailable';

export interface RunError {
  code: RunErrorCode;
  name: string;
  message: string;
  /** Stack lines that point into the scenario (`scenario.js:LINE:COL`), never host paths. */
  stack?: string;
}

export interface RunStats {
  durationMs: number;
  cpuMs: number;
  /** Whether a warm isolate served this run. */
  warm: boolean;
}

/** One outbound request a run made with `fetch` (also what `safeFetch` reports for any request). */
export interface FetchRecord {
  method: string;
  /** Query values and user info replaced by `[redacted]`, secret values by `[secret]`. */
  url: string;
  /** The final answer's status; absent when the request failed. */
  status?: number;
  /** `blocked: …`, `timeout: …`, `too large: …`, `aborted: …`, `network error: …`, `invalid request: …`. */
  error?: string;
  /** Epoch milliseconds when the request started. */
  at: number;
  durationMs: number;
  /** Bytes of the response body read, after decompression. */
  bytes: number;
}

/** What a scenario asks `ctx.mail.send` to deliver, as the runner checked it (the server checks again). */
export interface MailSendRequest {
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  replyTo?: string;
}

/** The server's answer to a `mail.send` operation: the fields of the run's `MailRecord`. */
export interface MailSendResult {
  status: 'sent' | 'refused' | 'failed';
  /** Why it was refused or failed; the scenario's promise rejects with it. */
  error?: string;
  messageId?: string;
}

/** One message a run asked `ctx.mail.send` to deliver. */
export interface MailRecord {
  to: string[];
  subject: string;
  status: 'sent' | 'refused' | 'failed';
  error?: string;
  messageId?: string;
  /** Epoch milliseconds when the scenario asked. */
  at: number;
  durationMs: number;
}

/**
 * Operations a scenario asks of the server (never of the worker: their credentials, such as
 * the SMTP password, stay in the server). The server passes the handlers with each run
 * (`RunOptions.ops`); only JSON data crosses.
 */
export interface HostOps {
  'mail.send'(request: MailSendRequest): Promise<MailSendResult>;
}

export type HostOpName = keyof HostOps;

/** What a run did outside the sandbox, in the order it happened. */
export interface RunEffects {
  fetches: FetchRecord[];
  mails: MailRecord[];
}

export type RunOutcome =
  | ({ ok: true; result: ScenarioResult; logs: LogLine[]; logsTruncated: boolean } & RunStats & RunEffects)
  | ({ ok: false; error: RunError; logs: LogLine[]; logsTruncated: boolean } & RunStats & RunEffects);

/* ---------- IPC messages between pool (parent) and worker (child) ---------- */

/**
 * A run as it travels to a worker: the scenario code is left out when the worker already
 * has it (it answers `need_code` if it has forgotten it), and request/ctx/limits travel as
 * one JSON string that goes into the isolate as is.
 */
export interface WireRun {
  runId: string;
  key: string;
  code?: string;
  timeoutMs: number;
  cpuMs: number;
  memoryMb: number;
  maxLogLines: number;
  maxLogBytes: number;
  /** Checked again by the worker on binary bodies, which leave the isolate as bytes. */
  maxResultBytes: number;
  /** Masked in log lines by the worker. */
  secretValues: string[];
  /** `{ request, ctx, limits }` as JSON; uploaded files travel without their data. */
  payload: string;
  /**
   * The uploaded files' data (base64, in `request.files` order), when there are any: the
   * worker decodes them natively and hands them into the isolate as bytes.
   */
  files?: string[];
}

/** The server's answer to an operation (`op`): the handler's value, or the message it failed with. */
export type OpResultMessage = { type: 'op_result'; runId: string; opId: number } & (
  { ok: true; value: unknown } | { ok: false; error: string }
);

export type ParentToWorker =
  | { type: 'run'; run: WireRun }
  | { type: 'cancel'; runId: string }
  | OpResultMessage
  | { type: 'shutdown' }
  | { type: 'batch'; messages: ParentToWorker[] };

export type WorkerToParent =
  | { type: 'ready'; pid: number; ivmVersion: string }
  | { type: 'log'; runId: string; line: LogLine }
  /** A scenario asks the server for an operation (`HostOps`); answered with `op_result`. */
  | { type: 'op'; runId: string; opId: number; name: HostOpName; payload: unknown }
  | { type: 'result'; runId: string; outcome: RunOutcome }
  | { type: 'need_code'; runId: string }
  | { type: 'batch'; messages: WorkerToParent[] };

/**
 * Written by a worker, synchronously, to its extra pipe (fd `CULPRIT_FD`) just before it
 * kills itself after a catastrophic isolate error: which scenario key broke it. One JSON
 * object per line. The pool uses it to quarantine that scenario and no other.
 */
export interface CulpritReport {
  key: string;
  message: string;
}

export const CULPRIT_FD = 4;

/* ---------- Compilation (runs in the server process, no isolate needed) ---------- */

export type ScenarioLanguage = 'javascript' | 'typescript';

export interface CompileDiagnostic {
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export type CompileResult = { ok: true; js: string } | { ok: false; diagnostics: CompileDiagnostic[] };

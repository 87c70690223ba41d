/**
 * What crosses between the host (the worker process) and the guest (the prelude inside the
 * isolate). Types only: host and guest both import it, and nothing of it is shipped.
 */

export type GuestLogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * The host services the guest may call, handed in once, as one object, when the isolate is
 * made. Arguments and results are primitives, copied across. Those returning `void` are
 * fire-and-forget: the guest does not wait for them and never sees their errors.
 */
export interface HostCallbacks {
  /** A line of the current run's log, already capped by the guest. */
  log(level: GuestLogLevel, text: string, time: number): void;
  /** The guest started cutting this run's log; told at once, so a run killed later is still recorded as cut. */
  logCut(): void;
  /** The host's WHATWG URL parser: the parts of the URL as JSON, or `''` when the input is no URL. */
  urlParse(input: string, base: string | null): string;
  /** Sets one part of a URL: the new parts as JSON, or `''` when the value is refused. */
  urlSet(href: string, part: string, value: string): string;
  /** `count` bytes from the host's CSPRNG, as hex. */
  random(count: number): string;
  /** Fires timer `id` (through `GuestApi.fire`) after `ms`. */
  timerSet(id: number, ms: number): void;
  timerClear(id: number): void;
  /**
   * Starts fetch `id`: `request` is `{ url, method, headers: [[name, value]], redirect }` as
   * JSON, `body` an exact copy of the body's bytes. The host answers through `GuestApi.settle`.
   */
  fetchStart(id: number, request: string, body: ArrayBuffer | null): void;
  /** The scenario aborted fetch `id`: the host stops it and sends no answer. */
  fetchAbort(id: number): void;
  /** Asks the server for operation `name` (`mail.send`) with `payload` as JSON; answered through `GuestApi.settle`. */
  opStart(id: number, name: string, payload: string): void;
}

/** What the prelude hands back: the calls the host makes into the isolate, by name. */
export interface GuestApi {
  /** Takes the scenario's module namespace; throws when it has no default export function. */
  install(namespace: { default?: unknown }): void;
  /**
   * Runs the handler once. `payload` is a `RunPayload` as JSON; `fileBytes` are the uploaded
   * files' bytes in `request.files` order. Resolves to
   * `<0|1 logs cut><log lines>,<calls>:<result>` (`calls`: fetches and operations handed to the
   * host), the result encoded as `installResponse` describes.
   */
  runOnce(payload: string, ...fileBytes: ArrayBuffer[]): Promise<string>;
  /**
   * The same run in steps, for a host that calls synchronously (`applySync`): `start` calls the
   * handler; the microtasks that follow run before the host's call returns, so `poll` then has
   * the head of a run that did not wait for the host (`''` while it still waits), and `settled`
   * resolves to it when it ends.
   */
  start(payload: string, ...fileBytes: ArrayBuffer[]): void;
  poll(): string;
  settled(): Promise<string>;
  /** Runs the callback of timer `id`, which the host scheduled for the guest. */
  fire(id: number): void;
  /**
   * The host's answer to call `id` (a fetch or an operation): `head` is JSON — `{ ok: true, … }`
   * or `{ ok: false, message }` — and `bytes` a fetch's body. Dropped when the call's run ended.
   */
  settle(id: number, head: string, bytes: ArrayBuffer | null): void;
  /** The bytes of the last run's binary response body, once; null when there were none. */
  takeBytes(): ArrayBuffer | null;
  /** Freezes every reachable built-in; called once, before the scenario's module is evaluated. */
  freezeBuiltins(): void;
}

/** An uploaded file as the payload describes it; its bytes arrive beside the payload. */
export interface PayloadFile {
  field: string;
  name: string;
  contentType: string;
  size: number;
  /** Only when the host sends the data inline instead of as bytes. */
  dataBase64?: string;
}

/** The JSON the host sends for each run (built by the pool, `pool/wire.ts`). */
export interface RunPayload {
  request: {
    url: string;
    method: string;
    path: string;
    subpath: string;
    headers: Record<string, string>;
    cookies: Record<string, string>;
    query: Record<string, unknown>;
    body: unknown;
    rawBody: string;
    files: PayloadFile[];
    ip: string;
  };
  ctx: {
    event: { id: string; type: '$webRequest'; async: boolean };
    script: { id: string; version: number };
    process: { id: string; attempt: number };
    user: {
      id: string | null;
      type: 'basic' | 'apiKey' | 'hmac' | 'jwt';
      name?: string;
      claims?: Record<string, unknown>;
    } | null;
    secrets: Record<string, string>;
  };
  limits: { maxLogLines: number; maxLogBytes: number; maxResultBytes: number };
  /** The worker's outbound limits, for the guest to refuse early (the host enforces them again). */
  outbound: { fetchMaxPerRun: number; fetchMaxBytes: number };
}

/** Shared by the parts of the guest: the result limit of the run in progress. */
export interface GuestLimits {
  maxResultBytes: number;
}

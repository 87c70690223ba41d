// Types of what a Scriptgate scenario sees (README, "The scenario API"). Loaded into Monaco
// with addExtraLib; not part of the admin UI's own TypeScript program.
//
// The runner's guest code (runner/src/sandbox/guest/) is type-checked against this file, and
// runner/src/sandbox/editor-typings.test.ts compares it, both ways, with the globals and
// members a real isolate has: declare here only what the sandbox defines.

/** A file uploaded with multipart/form-data. */
interface ScenarioFile {
  /** The form field that carried the file. */
  field: string;
  /** The file name the client sent. */
  name: string;
  contentType: string;
  /** Size in bytes. */
  size: number;
  /** A copy of the bytes of the file. */
  bytes(): Uint8Array;
  /** A copy of the bytes of the file. */
  arrayBuffer(): ArrayBuffer;
  /** The file decoded as UTF-8 text. */
  text(): string;
  /** The bytes of the file, base64-encoded. */
  base64(): string;
}

/**
 * What the endpoint's request schema says (Settings → Request schema). Empty here: the editor
 * adds `body` and `query` from the schema, and `request.body` / `request.query` follow them.
 * Without a schema they stay as loose as the caller's data.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into per endpoint by the editor
interface ScenarioRequestSchema {}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- caller's data: a scenario reads it as it expects, without casts
type ScenarioRequestBody = ScenarioRequestSchema extends { body: infer Body } ? Body : any;
type ScenarioRequestQuery = ScenarioRequestSchema extends { query: infer Query } ? Query : ScenarioLooseQuery;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- caller's data: a scenario reads it as it expects, without casts
type ScenarioLooseQuery = Record<string, any>;

/** The HTTP request that started this run. Header names are lower-case. */
interface ScenarioRequest {
  /** Full URL with the query string, e.g. `https://host/api/webrequest/contact-form/a?x=1`. */
  url: string;
  /** `GET`, `POST`, … (upper-case). */
  method: string;
  /** Path without the query: `/api/webrequest/<slug>/<subpath>`. */
  path: string;
  /** What follows the slug in the path, e.g. `/orders/42`; `""` when nothing does. */
  subpath: string;
  /** Request headers with lower-cased names. */
  headers: Record<string, string>;
  cookies: Record<string, string>;
  /**
   * Query parameters; nested keys such as `a[b]=1` become objects, repeated keys arrays. Values
   * are text, as sent; typed by the endpoint's query schema when it has one.
   */
  query: ScenarioRequestQuery;
  /**
   * The parsed body: an object for JSON and forms (`a[b]=1` becomes `{ a: { b: "1" } }`),
   * a string for `text/*`, `null` when there is none. Typed by the endpoint's body schema when
   * it has one (a request that does not match it is refused before the scenario runs).
   */
  body: ScenarioRequestBody;
  /** The body as received, as text (for signature checks). */
  rawBody: string;
  /** Files of a multipart/form-data request. */
  files: ScenarioFile[];
  /** The caller's IP address. */
  ip: string;
}

interface ScenarioLogger {
  debug(...values: unknown[]): void;
  info(...values: unknown[]): void;
  warn(...values: unknown[]): void;
  error(...values: unknown[]): void;
}

/** Who called the endpoint, as its access check established it (Settings → Access). */
interface ScenarioCaller {
  /** The Basic username, the API key's id, the HMAC preset, or the JWT's `sub`. */
  id: string | null;
  type: 'basic' | 'apiKey' | 'hmac' | 'jwt';
  /** The API key's name, or the JWT's `name` (else its `sub`). */
  name?: string;
  /** The verified JWT's claims (JWT endpoints only). */
  claims?: Record<string, unknown>;
}

/** A message for `ctx.mail.send`. The sender is the server's `MAIL_FROM`. */
interface ScenarioMailMessage {
  /** One address or up to 50 (`ops@example.com`); the server sends only to the recipients an admin allowed. */
  to: string | string[];
  /** One line. */
  subject: string;
  /** The plain-text body; give `text`, `html` or both. */
  text?: string;
  html?: string;
  /** An address for replies (for a contact form: the visitor's). */
  replyTo?: string;
}

/** Email through the server's SMTP settings (Settings: `SMTP_URL`, `MAIL_FROM`). */
interface ScenarioMail {
  /**
   * Sends a message; resolves when the SMTP server took it. Rejects with the reason when no
   * SMTP is configured, a recipient is not allowed, the run sent its most messages, or delivery
   * failed. Every message is recorded on the process.
   */
  send(message: ScenarioMailMessage): Promise<{ messageId: string | null }>;
}

/**
 * The secrets of the endpoint being edited. Empty here: the editor adds
 * `granted: ScenarioGrantedSecrets` (`{ readonly NAME: string }` for each granted name), so
 * `ctx.secrets.` completes them and a name that was not granted (undefined when the scenario
 * runs) is flagged. Without it, any name.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merged into per endpoint by the editor
interface ScenarioSecretGrants {}
type ScenarioSecrets = ScenarioSecretGrants extends { granted: infer Granted }
  ? Granted
  : Record<string, string | undefined>;

/** Facts about this run and tools for it. */
interface ScenarioContext {
  event: { id: string; type: '$webRequest'; async: boolean };
  script: { id: string; version: number };
  process: {
    id: string;
    /**
     * 1 on a first run; 2 and more when an async run is run again because the first attempt was
     * cut off (a crashed worker, a server killed mid-run). Check it to skip side effects that a
     * cut-off attempt may already have made — or, better, make them idempotent.
     */
    attempt: number;
  };
  /** The authenticated caller, or `null` when the caller is anonymous. */
  user: ScenarioCaller | null;
  /**
   * The secrets an admin granted to this endpoint (Settings → Secrets), by name. Masked in logs
   * and process records. In a test run by a non-admin each value is `[secret:NAME]`.
   */
  secrets: ScenarioSecrets;
  /** Lines shown in the process log (`console.*` writes here too). */
  log: ScenarioLogger;
  mail: ScenarioMail;
}

/** The signature of a scenario: `export default async function handler(request, ctx) { … }`. */
type ScenarioHandler = (request: ScenarioRequest, ctx: ScenarioContext) => unknown;

type HeadersInit = Headers | Record<string, string> | Array<[string, string]>;
type BodyInit = string | ArrayBuffer | Uint8Array | URLSearchParams | null;

declare class Headers {
  constructor(init?: HeadersInit);
  append(name: string, value: string): void;
  delete(name: string): void;
  get(name: string): string | null;
  /** Every `set-cookie` value, one per cookie. */
  getSetCookie(): string[];
  has(name: string): boolean;
  set(name: string, value: string): void;
  forEach(callback: (value: string, name: string, headers: Headers) => void, thisArg?: unknown): void;
  entries(): IterableIterator<[string, string]>;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}

interface ResponseInit {
  /** 200–599; defaults to 200. */
  status?: number;
  statusText?: string;
  headers?: HeadersInit;
}

/** What a scenario returns to answer with a status, headers and a body of its choice. */
declare class Response {
  constructor(body?: BodyInit, init?: ResponseInit);
  /** A JSON response (`content-type: application/json`). */
  static json(data: unknown, init?: ResponseInit): Response;
  /** A redirect (302 unless you pass 301, 303, 307 or 308). */
  static redirect(url: string | URL, status?: number): Response;
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly bodyUsed: boolean;
  /** `true` when `fetch` followed a redirect to get this response; `false` for one the scenario made. */
  readonly redirected: boolean;
  readonly type: 'default';
  /** The final URL of a `fetch` response; `""` for one the scenario made. */
  readonly url: string;
  text(): Promise<string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as the web platform's Response.json()
  json(): Promise<any>;
  bytes(): Promise<Uint8Array>;
  arrayBuffer(): Promise<ArrayBuffer>;
  clone(): Response;
}

/** Anything with a `url` (and optionally method, headers, body, signal) can stand for a request. */
type RequestInfo =
  string | { url: string; method?: string; headers?: HeadersInit; body?: BodyInit; signal?: AbortSignal | null };

interface RequestInit {
  /** `GET` by default. */
  method?: string;
  headers?: HeadersInit;
  /**
   * A string (`text/plain` unless you set `content-type`), `URLSearchParams` (sent as a form),
   * or bytes. For JSON: `JSON.stringify(value)` with `content-type: application/json`.
   */
  body?: BodyInit;
  /** `follow` (default, at most 5 hops, each checked again), `manual` (the 3xx is the answer) or `error`. */
  redirect?: 'follow' | 'manual' | 'error';
  /** Aborts the request, e.g. `AbortSignal.timeout(3000)`. */
  signal?: AbortSignal | null;
}

/**
 * An HTTP request, performed by the server outside the sandbox. Only public addresses are
 * reached (and the private ones an admin opened with `OUTBOUND_ALLOW`); a refused address
 * rejects with a `TypeError` whose message starts with `blocked:`. Per request: 10 s at most and
 * never past the run's time limit, a body of at most `FETCH_MAX_BYTES` (5 MB, after
 * decompression); per run: `FETCH_MAX_PER_RUN` requests (50), 6 at a time. Recorded on the
 * process (query values redacted).
 */
declare function fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;

declare class AbortSignal {
  /** Signals come from `new AbortController().signal`, `AbortSignal.timeout()`, `.abort()` or `.any()`. */
  private constructor();
  /** A signal that is already aborted. */
  static abort(reason?: unknown): AbortSignal;
  /** A signal that aborts after `ms` milliseconds with a `TimeoutError`. */
  static timeout(ms: number): AbortSignal;
  /** A signal that aborts when any of `signals` does. */
  static any(signals: Iterable<AbortSignal>): AbortSignal;
  readonly aborted: boolean;
  /** An Error named `AbortError` unless `abort(reason)` gave another. */
  readonly reason: unknown;
  onabort: ((event: { type: 'abort'; target: AbortSignal }) => void) | null;
  throwIfAborted(): void;
  addEventListener(
    type: 'abort',
    listener: (event: { type: 'abort'; target: AbortSignal }) => void,
    options?: boolean | { once?: boolean },
  ): void;
  removeEventListener(type: 'abort', listener: (event: { type: 'abort'; target: AbortSignal }) => void): void;
}

declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

declare class URLSearchParams {
  constructor(init?: string | Record<string, string> | Array<[string, string]> | URLSearchParams);
  append(name: string, value: string): void;
  delete(name: string): void;
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string): boolean;
  set(name: string, value: string): void;
  /** The number of name/value pairs. */
  readonly size: number;
  sort(): void;
  toString(): string;
  forEach(callback: (value: string, name: string, params: URLSearchParams) => void, thisArg?: unknown): void;
  entries(): IterableIterator<[string, string]>;
  keys(): IterableIterator<string>;
  values(): IterableIterator<string>;
  [Symbol.iterator](): IterableIterator<[string, string]>;
}

declare class URL {
  constructor(url: string, base?: string | URL);
  static canParse(url: string, base?: string): boolean;
  hash: string;
  host: string;
  hostname: string;
  href: string;
  readonly origin: string;
  password: string;
  pathname: string;
  port: string;
  protocol: string;
  search: string;
  readonly searchParams: URLSearchParams;
  username: string;
  toString(): string;
  toJSON(): string;
}

declare class TextEncoder {
  readonly encoding: 'utf-8';
  encode(input?: string): Uint8Array;
}

/** UTF-8 only (any other label throws a RangeError); invalid bytes become U+FFFD. */
declare class TextDecoder {
  constructor(label?: string);
  readonly encoding: string;
  decode(input?: ArrayBuffer | ArrayBufferView): string;
}

/** Decodes base64 to a binary string. */
declare function atob(data: string): string;
/** Encodes a binary string as base64. */
declare function btoa(data: string): string;
declare function structuredClone<T>(value: T): T;

declare const crypto: {
  /** A random RFC 4122 version 4 UUID. */
  randomUUID(): string;
  /** Fills an integer typed array (at most 65,536 bytes) with random values and returns it. */
  getRandomValues<
    T extends
      | Int8Array
      | Uint8Array
      | Uint8ClampedArray
      | Int16Array
      | Uint16Array
      | Int32Array
      | Uint32Array
      | BigInt64Array
      | BigUint64Array,
  >(
    array: T,
  ): T;
};

/** Bounded by the run's time limit: a timer cannot keep a run alive past it. */
declare function setTimeout<A extends unknown[]>(callback: (...args: A) => void, ms?: number, ...args: A): number;
declare function clearTimeout(id: number | undefined): void;
/** Bounded by the run's time limit, like setTimeout. */
declare function setInterval<A extends unknown[]>(callback: (...args: A) => void, ms?: number, ...args: A): number;
declare function clearInterval(id: number | undefined): void;
declare function queueMicrotask(callback: () => void): void;

/** Same as `ctx.log`: lines go to the process log (`log` is `info`, `trace` is `debug`). */
declare const console: ScenarioLogger & { log(...values: unknown[]): void; trace(...values: unknown[]): void };

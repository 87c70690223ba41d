// Types of what a Scriptgate scenario sees (SPEC §3). Loaded into Monaco with addExtraLib;
// not part of the admin UI's own TypeScript program.

/** A file uploaded with multipart/form-data. */
interface ScenarioFile {
  /** The form field that carried the file. */
  field: string;
  /** The file name the client sent. */
  name: string;
  contentType: string;
  /** Size in bytes. */
  size: number;
  /** The bytes of the file. */
  bytes(): Promise<Uint8Array>;
  /** The file decoded as UTF-8 text. */
  text(): Promise<string>;
}

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
  /** Query parameters; nested keys such as `a[b]=1` become objects, repeated keys arrays. */
  query: Record<string, any>;
  /**
   * The parsed body: an object for JSON and forms (`a[b]=1` becomes `{ a: { b: "1" } }`),
   * a string for `text/*`, `null` when there is none.
   */
  body: any;
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

/** Facts about this run and tools for it. */
interface ScenarioContext {
  event: { id: string; type: '$webRequest'; async: boolean };
  script: { id: string; version: number };
  process: { id: string };
  /** The authenticated caller, or `null` when the caller is anonymous. */
  user: { id: string } | null;
  /**
   * The secrets an admin granted to this endpoint (Settings → Secrets), by name. Masked in logs
   * and process records. In a test run by a non-admin each value is `[secret:NAME]`.
   */
  secrets: Record<string, string | undefined>;
  /** Lines shown in the process log (`console.*` writes here too). */
  log: ScenarioLogger;
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
  has(name: string): boolean;
  set(name: string, value: string): void;
  forEach(callback: (value: string, name: string) => void): void;
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
  readonly url: string;
  text(): Promise<string>;
  json(): Promise<any>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

interface RequestInit {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit;
  redirect?: 'follow' | 'manual' | 'error';
  signal?: AbortSignal;
}

interface AbortSignal {
  readonly aborted: boolean;
}

/**
 * Outbound HTTP, performed by the host with a timeout and a response-size cap.
 * Loopback, link-local and private addresses are blocked unless the server allows them.
 */
declare function fetch(url: string | URL, init?: RequestInit): Promise<Response>;

declare class URLSearchParams {
  constructor(init?: string | Record<string, string> | Array<[string, string]> | URLSearchParams);
  append(name: string, value: string): void;
  delete(name: string): void;
  get(name: string): string | null;
  getAll(name: string): string[];
  has(name: string): boolean;
  set(name: string, value: string): void;
  sort(): void;
  toString(): string;
  forEach(callback: (value: string, name: string) => void): void;
  entries(): IterableIterator<[string, string]>;
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

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
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
};

/** Bounded by the run's time limit: a timer cannot keep a run alive past it. */
declare function setTimeout(callback: (...args: unknown[]) => void, ms?: number): number;
declare function clearTimeout(id: number | undefined): void;

/** Same as `ctx.log`: lines go to the process log. */
declare const console: ScenarioLogger & { log(...values: unknown[]): void };

/**
 * Types and constants shared by the server and the admin UI.
 * Pure data: this module must not import anything from Node or the server internals.
 */

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Secret names: what a scenario reads as `ctx.secrets.NAME`. */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export type ScenarioLanguage = 'javascript' | 'typescript';

export type Role = 'admin' | 'editor' | 'viewer';

export interface CorsSettings {
  /** Exact origins such as "https://example.com", or "*". Empty: no CORS headers. */
  origins: string[];
  credentials: boolean;
  /** Extra request headers allowed in preflight. */
  headers: string[];
  maxAgeSeconds: number | null;
  /**
   * Refuse a call whose `Origin` is not among `origins` with `403 origin_not_allowed` before the
   * scenario runs (calls without `Origin` pass). Absent (endpoints saved before it existed): true.
   */
  enforce?: boolean;
}

/** How a caller signs a request for an `hmac` endpoint (README "Protecting an endpoint"). */
export const HMAC_PRESETS = ['scriptgate', 'github', 'stripe'] as const;
export type HmacPreset = (typeof HMAC_PRESETS)[number];

/** Signature algorithms a `jwt` endpoint may accept; `none` is never one of them. */
export const JWT_ALGORITHMS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

export const ACCESS_TYPES = ['public', 'basic', 'apiKey', 'hmac', 'jwt'] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

/**
 * Who may call an endpoint, as the admin API shows it. Write-only values (the Basic password,
 * the HMAC or JWT secret) never appear: only whether one is set.
 */
export type AccessSettings =
  | { type: 'public' }
  | { type: 'basic'; username: string; passwordSet: boolean }
  | { type: 'apiKey' }
  | { type: 'hmac'; preset: HmacPreset; toleranceSeconds: number; secretSet: boolean }
  | {
      type: 'jwt';
      algorithms: JwtAlgorithm[];
      /** HS* keys are a shared secret (write-only); RS/PS/ES/EdDSA take `publicKey` (PEM) or `jwksUrl`. */
      secretSet: boolean;
      publicKey: string | null;
      jwksUrl: string | null;
      issuer: string | null;
      audience: string | null;
      clockSkewSeconds: number;
    };

/**
 * What the admin API accepts for `access`. A write-only value is given in clear; left out, the
 * one already set is kept (so a form can save without re-typing it).
 */
export type AccessInput =
  | { type: 'public' }
  | { type: 'basic'; username: string; password?: string }
  | { type: 'apiKey' }
  | { type: 'hmac'; preset: HmacPreset; toleranceSeconds?: number; secret?: string }
  | {
      type: 'jwt';
      algorithms: JwtAlgorithm[];
      secret?: string;
      publicKey?: string | null;
      jwksUrl?: string | null;
      issuer?: string | null;
      audience?: string | null;
      clockSkewSeconds?: number;
    };

/** Per-endpoint rate limit; counters live in the store, so several instances enforce one limit. */
export interface RateLimitSettings {
  requests: number;
  windowSeconds: number;
  /** Count per client address or per authenticated caller (the address when anonymous). */
  by: 'ip' | 'principal';
  /** `sliding` (default) weighs the previous window; `fixed` resets at each window's start. */
  window: 'fixed' | 'sliding';
}

export interface AsyncResponseSettings {
  status: number;
  headers: Record<string, string>;
  /** JSON value sent as the body; `null` means the default `{ processId, status, statusUrl }`. */
  body: unknown;
}

/** A JSON Schema (draft 2020-12) as an admin writes it: an object, or `true`/`false`. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/**
 * What a call of an endpoint must send (README "Request schema and API docs"): `body` is
 * checked for JSON, form and multipart bodies (multipart: its fields), `query` against the
 * query string with its values coerced from text (`?page=2` matches `{ type: "integer" }`).
 */
export interface RequestSchema {
  body?: JsonSchema;
  query?: JsonSchema;
}

/** Largest `requestSchema` the admin API takes, as JSON text. */
export const REQUEST_SCHEMA_MAX_BYTES = 64 * 1024;

/** One reason a request was refused `422 request_invalid`. */
export interface RequestValidationError {
  /** JSON Pointer into the request, prefixed with its part: `/body/email`, `/query/page`. */
  path: string;
  message: string;
}

/** Where the OpenAPI document of documented endpoints and its reference page are served. */
export const API_DOCS_PATHS = { openapi: '/api/webrequest/openapi.json', page: '/docs' } as const;

/** Every endpoint field but `access`, whose shape differs between the API and the store. */
export interface EndpointBase {
  id: string;
  slug: string;
  name: string;
  description: string;
  enabled: boolean;
  methods: HttpMethod[];
  alwaysAsync: boolean;
  /** Per-endpoint limit; null means the server default. Never above the server maximum. */
  timeoutMs: number | null;
  cors: CorsSettings;
  /** Addresses and CIDRs (IPv4, IPv6) that may call; empty: any. The client address honours TRUST_PROXY. */
  ipAllowlist: string[];
  rateLimit: RateLimitSettings | null;
  failureAlert: FailureAlertSettings | null;
  asyncResponse: AsyncResponseSettings | null;
  callbackUrl: string | null;
  /** Per-endpoint body limit in bytes; null means the server default. */
  bodyLimitBytes: number | null;
  /** Send `Content-Security-Policy: sandbox` on scenario responses (default true). */
  cspSandbox: boolean;
  /**
   * Names of the secrets this endpoint's scenario sees in `ctx.secrets` (granted by an admin).
   * Endpoints saved before this setting existed have none.
   */
  secrets: string[];
  /**
   * What a call must send, checked before the scenario runs (`422 request_invalid`). Absent on
   * endpoints saved before this setting existed, which means none (the admin API shows `null`).
   */
  requestSchema?: RequestSchema | null;
  /** Listed in the public OpenAPI document and `/docs` (when enabled). Absent means false. */
  documented?: boolean;
  /** Current (published) scenario version. */
  scenarioVersion: number;
  language: ScenarioLanguage;
  createdAt: string;
  updatedAt: string;
}

export interface Endpoint extends EndpointBase {
  access: AccessSettings;
  /** Null: requests are not checked. */
  requestSchema: RequestSchema | null;
  documented: boolean;
  /**
   * Signs callbacks and failure webhooks (README "Callbacks"): generated when a callback URL is
   * first set, regenerated by `POST /api/admin/endpoints/:id/callback-secret`. Shown to admins
   * and editors; null for viewers and while no callback or failure webhook is set.
   */
  callbackSecret: string | null;
}

export interface ScenarioVersion {
  endpointId: string;
  version: number;
  language: ScenarioLanguage;
  /** Source as the user wrote it. */
  code: string;
  /** Compiled JavaScript that runs in the sandbox. */
  compiled: string;
  createdAt: string;
  createdBy: string | null;
  /** Set when this version was made by restoring an older one. */
  restoredFrom: number | null;
  /** What the publisher wrote about this version when publishing it; null when nothing. */
  note: string | null;
}

/**
 * An endpoint's one draft (README "Draft, then publish"): code saved on the server but not live.
 * Saving it never compiles or publishes; `POST …/publish` makes it a version and removes it.
 */
export interface ScenarioDraft {
  endpointId: string;
  language: ScenarioLanguage;
  code: string;
  /** User id of who saved it last; null when saved by the system. */
  savedBy: string | null;
  savedAt: string;
  /** The live version when this draft was first saved: a newer live version means someone published since. */
  basedOnVersion: number;
}

/** Who wrote a version or saved a draft, as the admin API shows it. Null when the user no longer exists. */
export interface ScenarioAuthor {
  id: string;
  email: string;
  name: string;
}

export const PROCESS_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'timeout',
  'cancelled',
  'interrupted',
] as const;
export type ProcessStatus = (typeof PROCESS_STATUSES)[number];
export const FINISHED_STATUSES: readonly ProcessStatus[] = [
  'succeeded',
  'failed',
  'timeout',
  'cancelled',
  'interrupted',
];

export type ProcessMode = 'sync' | 'async';

export interface ProcessLogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  /** ISO time. */
  time: string;
  text: string;
}

export interface ProcessFileInfo {
  field: string;
  name: string;
  contentType: string;
  size: number;
}

export interface ProcessRequest {
  method: string;
  url: string;
  path: string;
  subpath: string;
  headers: Record<string, string>;
  query: Record<string, unknown>;
  /** Parsed body, or a string cut at the configured size when `bodyTruncated`. */
  body: unknown;
  bodyTruncated: boolean;
  files: ProcessFileInfo[];
}

export interface ProcessResponse {
  status: number;
  headers: Record<string, string>;
  /** Text of the body (base64 for binary, see `bodyEncoding`), cut at the configured size. */
  body: string;
  bodyEncoding: 'utf8' | 'base64';
  bodyTruncated: boolean;
}

export interface ProcessError {
  code: string;
  name: string;
  message: string;
  stack?: string;
}

/** One delivery attempt of a callback (README "Callbacks"). */
export interface CallbackAttempt {
  at: string;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why the attempt failed: a non-2xx status, a timeout, a connection error, `blocked: …`. */
  error?: string;
  durationMs: number;
}

/**
 * The callback of an async run: the final status JSON POSTed, signed, to the endpoint's
 * `callbackUrl`. Durable: a pending delivery is in the store and survives a restart.
 */
export interface ProcessCallback {
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: CallbackAttempt[];
  /** When the next attempt is due; null once delivered or failed. */
  nextAttemptAt: string | null;
}

/** One outbound request a run made with `fetch` (query values and credentials in the URL redacted). */
export interface ProcessFetch {
  method: string;
  url: string;
  /** The answer's status; absent when the request failed (see `error`). */
  status?: number;
  /** `blocked: …` for a refused address, else what went wrong (timeout, too large, network). */
  error?: string;
  at: string;
  durationMs: number;
  /** Bytes of the response body read (after decompression). */
  bytes: number;
}

/** One message a run sent with `ctx.mail.send`. */
export interface ProcessMail {
  to: string[];
  subject: string;
  status: 'sent' | 'refused' | 'failed';
  /** Why it was refused (recipient not allowed, per-run cap, no SMTP configured) or failed. */
  error?: string;
  messageId?: string;
  at: string;
  durationMs: number;
}

/** Per-endpoint alert when runs fail, time out or are interrupted (rate-capped into digests). */
export interface FailureAlertSettings {
  /** POSTed a signed JSON message (the callback scheme, with the endpoint's callback secret). */
  webhookUrl: string | null;
  /** Mailed through SMTP_URL. */
  email: string | null;
  /** At most this many alerts per hour; failures past it are summed up in the next digest. */
  maxPerHour: number;
}

/**
 * Who caused a run: the endpoint's authenticated caller (`ctx.user`), an admin (re-run, test
 * run) or nobody. `id` is the Basic username, the API key's id, the HMAC preset, or the JWT `sub`.
 */
export interface Principal {
  type: 'anonymous' | 'basic' | 'apiKey' | 'hmac' | 'jwt' | 'admin';
  id: string | null;
  /** A readable name: the API key's name, the JWT's `name` or `sub`. */
  name?: string;
  /** The verified JWT's claims. */
  claims?: Record<string, unknown>;
}

export interface ProcessRecord {
  id: string;
  endpointId: string;
  slug: string;
  scenarioVersion: number;
  mode: ProcessMode;
  status: ProcessStatus;
  /** 1 for the first try; 2 after a retry (worker crash or interrupted run). */
  attempt: number;
  request: ProcessRequest;
  response: ProcessResponse | null;
  logs: ProcessLogLine[];
  logsTruncated: boolean;
  error: ProcessError | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  ip: string;
  principal: Principal | null;
  /** Outbound requests the run made with `fetch`, in order. */
  fetches: ProcessFetch[];
  /** Messages the run sent with `ctx.mail.send`. */
  mails: ProcessMail[];
  /** The callback delivery of an async run of an endpoint with a `callbackUrl`; else null. */
  callback: ProcessCallback | null;
  /** Set when this process is a re-run of another. */
  rerunOf: string | null;
  /** The caller's `Idempotency-Key`, when it sent one. */
  idempotencyKey: string | null;
}

/** The list view of a process: the record without its bulky parts. */
export type ProcessSummary = Omit<ProcessRecord, 'logs' | 'request' | 'response' | 'fetches' | 'mails' | 'callback'> & {
  request: Pick<ProcessRequest, 'method' | 'url' | 'subpath'>;
  responseStatus: number | null;
  /** The recorded (redacted) request body on one line, at most BODY_PREVIEW_LENGTH characters; null when there is none. */
  bodyPreview: string | null;
};

/** Longest `bodyPreview` of a process summary, an ellipsis included. */
export const BODY_PREVIEW_LENGTH = 120;

export interface ProcessPage<T = ProcessSummary> {
  items: T[];
  nextCursor: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

/** socket.io namespace `/admin` event names and payloads. */
export const SOCKET_NAMESPACE = '/admin';
/** Where socket.io is served: under the admin API, the only path the session cookie is sent to. */
export const SOCKET_PATH = '/api/admin/socket.io';
export interface AdminSocketEvents {
  'process.created': ProcessSummary;
  'process.updated': ProcessSummary;
  'process.log': { processId: string; line: ProcessLogLine };
}

/** Every error the server produces: `{ error: { code, message, ... } }`. */
export const ERROR_CODES = {
  not_found: 404,
  endpoint_not_found: 404,
  method_not_allowed: 405,
  invalid_body: 400,
  /** A request the framework could not route: a malformed %-escape in the path, for example. */
  bad_request: 400,
  validation_failed: 400,
  compile_error: 400,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unauthorized: 401,
  forbidden: 403,
  csrf_failed: 403,
  conflict: 409,
  slug_taken: 409,
  rate_limited: 429,
  scenario_error: 500,
  invalid_response: 500,
  result_too_large: 500,
  memory_limit: 500,
  cpu_limit: 500,
  runner_crashed: 502,
  runner_unavailable: 503,
  /** An endpoint's in-flight and waiting runs are at their caps (with Retry-After). */
  endpoint_busy: 503,
  /** An `Idempotency-Key` that is not 1–255 printable characters. */
  invalid_idempotency_key: 400,
  /** The first request with this `Idempotency-Key` is still running (with Retry-After). */
  idempotency_in_progress: 409,
  /** This `Idempotency-Key` was used for a different request (method, subpath, query or body). */
  idempotency_key_reused: 422,
  /** The server stopped before the run could finish (recorded as `interrupted`). */
  interrupted: 503,
  /** The server is stopping: retry on another instance or shortly (with Retry-After). */
  shutting_down: 503,
  /** HMAC endpoint: the signature is missing, wrong, or its timestamp is outside the window. */
  invalid_signature: 401,
  /** The caller's address is not in the endpoint's IP allowlist. */
  ip_not_allowed: 403,
  /** The Host header is not one this server answers to (ALLOWED_HOSTS / PUBLIC_URL). */
  host_not_allowed: 400,
  store_unavailable: 503,
  scenario_timeout: 504,
  cancelled: 409,
  internal_error: 500,
  /** Secrets cannot be stored: MongoDB without SECRETS_KEY (every instance needs the same key). */
  secrets_key_missing: 503,
  /** The request does not match the endpoint's `requestSchema`; `details.errors` says where. */
  request_invalid: 422,
  /** The endpoint has no saved draft (GET …/draft). */
  draft_not_found: 404,
  /** Publish without a draft, or with a draft that is the live code already. */
  nothing_to_publish: 409,
  /** A browser on an origin the endpoint's CORS settings do not list (`cors.enforce`). */
  origin_not_allowed: 403,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    processId?: string;
    /** Field errors for `validation_failed`: path → message. */
    fields?: Record<string, string>;
    /** Compile diagnostics for `compile_error`. */
    diagnostics?: Array<{ message: string; line: number; column: number }>;
    /**
     * For `request_invalid`: what in the request does not match the endpoint's schema. For a
     * `forbidden` role check: the least role that may do it and the caller's own.
     */
    details?: { errors: RequestValidationError[] } | RoleDenial;
  };
}

/** `error.details` of a `403 forbidden` from a role check (admin API). */
export interface RoleDenial {
  requiredRole: Role;
  role: Role;
}

/* ---------- Admin API payloads (README "The admin", admin API table) ---------- */

export interface SessionInfo {
  user: User;
  csrfToken: string;
}

export interface EndpointListItem extends Endpoint {
  lastRun: { processId: string; status: ProcessStatus; at: string } | null;
}

/** GET /api/admin/endpoints/:id — the endpoint with the source of its current scenario. */
export interface EndpointDetail extends Endpoint {
  code: string;
}

/** POST /api/admin/endpoints. Everything but `slug` has a default. */
export type EndpointCreateInput = Partial<
  Omit<Endpoint, 'id' | 'scenarioVersion' | 'createdAt' | 'updatedAt' | 'access'>
> & {
  slug: string;
  code?: string;
  access?: AccessInput;
};

/** PATCH /api/admin/endpoints/:id */
export type EndpointUpdateInput = Partial<
  Omit<Endpoint, 'id' | 'scenarioVersion' | 'createdAt' | 'updatedAt' | 'language' | 'access'>
> & { access?: AccessInput };

/** ScenarioVersion as the admin API returns it (the compiled JS is not sent), with its author. */
export type ScenarioVersionInfo = Omit<ScenarioVersion, 'compiled'> & { author: ScenarioAuthor | null };

/** GET/PUT /api/admin/endpoints/:id/draft */
export type ScenarioDraftInfo = Omit<ScenarioDraft, 'savedBy'> & { savedBy: ScenarioAuthor | null };

/** POST /api/admin/endpoints/:id/publish: makes the draft the live version. */
export interface PublishInput {
  /** Why it changed, shown in the versions list (at most 500 characters). */
  note?: string;
  /** Also turn the endpoint on (a new endpoint starts off until its code is published). */
  enable?: boolean;
  /** Refuse (`409 conflict`) unless this is still the live version: the one the publisher compared against. */
  liveVersion?: number;
  /** Refuse (`409 conflict`) unless the draft is still this save: the code the publisher saw. */
  draftSavedAt?: string;
}

export interface TestRunRequest {
  /** Draft source; omitted: the saved scenario. */
  code?: string;
  language?: ScenarioLanguage;
  request?: {
    method?: string;
    subpath?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    /** A JSON value, or a string sent as-is (with the content-type header you set). */
    body?: unknown;
  };
  /** Use the request recorded on this process instead of `request`. */
  fromProcessId?: string;
  /** A draft request schema to check the request against; omitted: the saved one; null: none. */
  requestSchema?: RequestSchema | null;
}

export interface TestRunResult {
  response: ProcessResponse | null;
  logs: ProcessLogLine[];
  error: ProcessError | null;
  durationMs: number;
  /** Outbound requests the draft made (really sent: a test run is a real run that records nothing). */
  fetches: ProcessFetch[];
  mails: ProcessMail[];
  /** Set when the request failed the schema (`error.code` `request_invalid`): the scenario did not run. */
  validationErrors?: RequestValidationError[];
}

/**
 * An admin API token as `/api/admin/tokens` lists it. Never carries the secret or its hash.
 * A token acts as its user: `role` is that user's current role.
 */
export interface ApiTokenInfo {
  id: string;
  name: string;
  /** First 8 characters of the token (`sgt_` and 4 more), to tell tokens apart. */
  prefix: string;
  userId: string;
  /** The owner's email. */
  userEmail: string;
  role: Role;
  createdAt: string;
  /** Null: never expires. */
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** POST /api/admin/tokens */
export interface ApiTokenCreateInput {
  name: string;
  /** 1..3650; omitted: the token never expires. */
  expiresInDays?: number;
}

/** The answer to POST /api/admin/tokens: the only time the token itself is shown. */
export interface ApiTokenCreated extends ApiTokenInfo {
  /** `sgt_…`; send it as `Authorization: Bearer <token>`. */
  token: string;
}

/** Prefix of every admin API token, so a leaked one is easy to recognise (and to scan for). */
export const API_TOKEN_PREFIX = 'sgt_';

export interface SecretInfo {
  name: string;
  updatedAt: string;
  /** Set when the configured key cannot open the stored value (scenarios do not get it): set it again. */
  unreadable?: boolean;
}

/**
 * Endpoint settings only an admin may set (a `403 forbidden` for anyone else), because they
 * widen what a scenario can reach. The admin UI disables their controls for other roles.
 */
export const ADMIN_ONLY_ENDPOINT_SETTINGS = ['cspSandbox', 'secrets'] as const;
export type AdminOnlyEndpointSetting = (typeof ADMIN_ONLY_ENDPOINT_SETTINGS)[number];

/* ---------- Refused calls (/api/admin/endpoints/:id/refusals) ---------- */

/**
 * A call of an endpoint the platform refused before any scenario ran (no process exists for
 * it). Holds no header or body: only what tells an admin why a caller's call failed.
 */
export interface RefusedCall {
  /** ISO time. */
  at: string;
  /** The error code the caller got: `origin_not_allowed`, `invalid_body`, `rate_limited`, … */
  reason: ErrorCode;
  status: number;
  method: string;
  /** The request's `Origin` header; null when it sent none (server-to-server callers). */
  origin: string | null;
  /** The caller's address (TRUST_PROXY honoured). */
  ip: string;
  /** The request's path, without its query string. */
  path: string;
}

export interface RefusedCallsList {
  /** Newest first. */
  items: RefusedCall[];
  /** How many this instance keeps per endpoint; older ones are dropped. */
  capacity: number;
  /** Since when this instance has been keeping them (they live in its memory, not the store). */
  since: string;
}

/* ---------- API keys for `apiKey` endpoints (/api/admin/api-keys) ---------- */

/** Prefix of every endpoint API key, so a leaked one is easy to recognise. */
export const API_KEY_PREFIX = 'sgk_';

/** An API key as the admin API lists it: never the key or its hash. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  /** `sgk_` and the key's public look-up part, to tell keys apart. */
  prefix: string;
  /** The endpoints this key may call. */
  endpointIds: string[];
  /** Null: never expires. */
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  /** Set when revoked; may lie in the future while a rotated key's overlap runs. */
  revokedAt: string | null;
}

export interface ApiKeyCreateInput {
  name: string;
  endpointIds: string[];
  expiresAt?: string | null;
}

/** The only answer that shows the key itself (create and rotate). */
export interface ApiKeyCreated {
  apiKey: ApiKeyInfo;
  /** `sgk_…`: send it as `Authorization: Bearer <key>` or `X-Api-Key: <key>`. */
  key: string;
}

/* ---------- Audit log (/api/admin/audit) ---------- */

export const AUDIT_ENTITIES = ['endpoint', 'scenario', 'apiKey', 'secret', 'user', 'token'] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** One change made through the admin API. Never holds a secret value. */
export interface AuditEntry {
  id: string;
  at: string;
  /** Who: null for the system (first start, migrations). */
  actor: { id: string; email: string } | null;
  /** `endpoint.create`, `endpoint.update`, `scenario.save`, `apiKey.rotate`, `secret.delete`, … */
  action: string;
  entity: { type: AuditEntity; id: string; name?: string };
  /** The caller's address (TRUST_PROXY honoured). */
  ip: string;
  /** What changed: field names and non-secret values (e.g. `{ fields: ['access', 'methods'] }`). */
  details?: Record<string, unknown>;
}

export interface AuditPage {
  items: AuditEntry[];
  nextCursor: string | null;
}

import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@contract';
import { localizeError, localizeFieldMessage } from './error-messages';

/** Codes the client itself produces when the server never answered with an ErrorBody. */
export type ClientErrorCode = 'network_error' | 'server_unavailable' | 'invalid_response';
export type ApiErrorCode = ErrorCode | ClientErrorCode;

export type Diagnostic = NonNullable<ErrorBody['error']['diagnostics']>[number];

/**
 * Every failed admin API call rejects with this: code, HTTP status (0 when unreachable), field
 * errors. `message` and `fields` are in the user's current language (error-messages.ts), read
 * when shown, so every screen that shows them needs nothing more; `serverMessage` and
 * `serverFields` keep the server's own words.
 */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly status: number;
  readonly serverMessage: string;
  readonly serverFields: Record<string, string>;
  readonly diagnostics: Diagnostic[];
  readonly processId: string | null;
  /** Structured details of the error, such as the roles of a role denial. */
  readonly details: unknown;

  constructor(init: {
    code: ApiErrorCode;
    status: number;
    message: string;
    fields?: Record<string, string> | undefined;
    diagnostics?: Diagnostic[] | undefined;
    processId?: string | undefined;
    details?: unknown;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.serverMessage = init.message;
    this.serverFields = init.fields ?? {};
    this.diagnostics = init.diagnostics ?? [];
    this.processId = init.processId ?? null;
    this.details = init.details;
    // Error's constructor made `message` an own data property; a getter follows the language.
    Object.defineProperty(this, 'message', {
      configurable: true,
      enumerable: false,
      get: () =>
        localizeError({
          code: this.code,
          message: this.serverMessage,
          fields: this.serverFields,
          details: this.details,
        }),
    });
  }

  /** Field path → message, in the user's language. */
  get fields(): Record<string, string> {
    return Object.fromEntries(
      Object.entries(this.serverFields).map(([path, text]) => [path, localizeFieldMessage(text)]),
    );
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** The code to use when a response carries no (or an unknown) error body, e.g. from a proxy. */
export function codeForStatus(status: number): ApiErrorCode {
  switch (status) {
    case 400:
      return 'validation_failed';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 429:
      return 'rate_limited';
    case 502:
    case 503:
    case 504:
      return 'server_unavailable';
    default:
      return 'internal_error';
  }
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(value)) if (typeof text === 'string') out[key] = text;
  return out;
}

function diagnosticsOf(value: unknown): Diagnostic[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value
    .filter((item): item is Diagnostic => {
      const d = item as Partial<Diagnostic> | null;
      return !!d && typeof d.message === 'string' && typeof d.line === 'number' && typeof d.column === 'number';
    })
    .map(({ message, line, column }) => ({ message, line, column }));
}

/** Maps a failed response (status + parsed JSON body, or undefined when not JSON) to an ApiError. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const error = (body as Partial<ErrorBody> | undefined)?.error as Record<string, unknown> | undefined;
  if (error && typeof error === 'object' && isErrorCode(error.code)) {
    return new ApiError({
      code: error.code,
      status,
      message: typeof error.message === 'string' ? error.message : error.code,
      fields: stringRecord(error.fields),
      diagnostics: diagnosticsOf(error.diagnostics),
      processId: typeof error.processId === 'string' ? error.processId : undefined,
      details: error.details,
    });
  }
  const code = codeForStatus(status);
  // No words from the server (a proxy's page, an empty answer): the code's own message is shown.
  return new ApiError({ code, status, message: '' });
}

/* ---------- session plumbing: CSRF token and the "signed out" signal ---------- */

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;
let csrfRefresher: (() => Promise<string | null>) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any call (other than signing in) answers 401: the session ended. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/** How to get a fresh CSRF token after `csrf_failed` (the call is then retried once). */
export function setCsrfRefresher(refresh: (() => Promise<string | null>) | null): void {
  csrfRefresher = refresh;
}

export type HttpVerb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Do not treat a 401 as "the session ended" (sign-in and the session probe). */
  quietUnauthorized?: boolean;
}

export const API_BASE = '/api/admin';

async function send(method: HttpVerb, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  try {
    return await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? null : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if ((cause as Error)?.name === 'AbortError') throw cause;
    throw new ApiError({ code: 'network_error', status: 0, message: 'The server could not be reached' });
  }
}

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined;
  try {
    return (await response.json()) as unknown;
  } catch {
    return undefined;
  }
}

/** One typed call to the admin API. Resolves with the JSON body (undefined for 204). */
export async function apiRequest<T>(method: HttpVerb, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options);
  if (response.status === 403 && method !== 'GET' && csrfRefresher) {
    const body = await readJson(response.clone());
    if (errorFromResponse(403, body).code === 'csrf_failed') {
      const fresh = await csrfRefresher().catch(() => null);
      if (fresh) {
        csrfToken = fresh;
        response = await send(method, path, options);
      }
    }
  }
  if (response.status === 204) return undefined as T;
  const body = await readJson(response);
  if (!response.ok) {
    const error = errorFromResponse(response.status, body);
    if (error.status === 401 && !options.quietUnauthorized) onUnauthorized?.();
    throw error;
  }
  if (body === undefined) {
    throw new ApiError({
      code: 'invalid_response',
      status: response.status,
      message: 'The server answered without JSON',
    });
  }
  return body as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => apiRequest<T>('GET', path, { signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>('PATCH', path, { body }),
  delete: <T = void>(path: string) => apiRequest<T>('DELETE', path),
};

/** Encodes one path segment (ids and names come from users and the server). */
export const seg = (value: string | number): string => encodeURIComponent(String(value));

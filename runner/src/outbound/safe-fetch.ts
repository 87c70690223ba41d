import { STATUS_CODES } from 'node:http';
import type { Dispatcher } from 'undici';
import type { FetchRecord } from '../protocol.js';
import { ACCEPT_ENCODING, readBody } from './body.js';
import { agentFor, type OutboundOptions } from './connector.js';
import { OutboundError } from './errors.js';
import { maskSecrets, redactUrl } from './redact.js';

export interface SafeFetchOptions {
  /** An agent from `createOutboundAgent`: it is what checks every address. */
  agent?: Dispatcher;
  /** Without `agent`: the address rules, for an agent made once per options object (`agentFor`). */
  outbound?: OutboundOptions;
  method?: string;
  headers?: Iterable<readonly [string, string]> | Record<string, string>;
  body?: string | Uint8Array | null;
  /** `follow` (default): redirects are followed here, each hop checked again; `manual`: the 3xx is the answer. */
  redirect?: 'follow' | 'manual' | 'error';
  signal?: AbortSignal;
  /** For the whole request, redirects and body included; default 10 s. */
  timeoutMs?: number;
  /** Epoch ms the request may never run past (a run's deadline). */
  deadline?: number;
  /** Largest response body, counted after decompression; default 5 MB. */
  maxBytes?: number;
  /** Largest request body; default: no limit. */
  maxRequestBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** Values masked in the record (the URL and the error). */
  secrets?: readonly string[];
  /** Called once, when the request has succeeded or failed, with what a process record keeps. */
  onRecord?: (record: FetchRecord) => void;
}

export interface SafeFetchResponse {
  status: number;
  statusText: string;
  /** As received, repeated headers as separate pairs; without Content-Encoding and Content-Length when the body was decompressed. */
  headers: Array<[string, string]>;
  /** The URL of the final answer (after redirects). */
  url: string;
  redirected: boolean;
  body: Buffer;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const INVALID_VALUE = /[\0\r\n]/;
const NORMALISED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH']);
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
/** Set by this client or by the connection, never by the caller (as browsers do). */
const DROPPED_HEADERS = new Set([
  'accept-encoding',
  'connection',
  'content-length',
  'expect',
  'host',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
/** Dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = ['content-type', 'content-encoding', 'content-language', 'content-location'];
/** Dropped when a redirect leaves the origin (the fetch standard drops Authorization). */
const CREDENTIAL_HEADERS = ['authorization', 'cookie'];
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Ports browsers refuse (the fetch standard's "bad ports"): HTTP there talks to another protocol. */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110,
  111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532,
  540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061,
  6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);
const MAX_URL_LENGTH = 16 * 1024;
/** Public addresses only: what a call that names neither an agent nor rules gets. */
const NO_PRIVATE_DESTINATIONS: OutboundOptions = Object.freeze({});
const MAX_HEADERS = 100;

function normaliseMethod(method: string): string {
  if (!TOKEN.test(method)) throw new OutboundError('invalid', `"${method.slice(0, 40)}" is not an HTTP method`);
  const upper = method.toUpperCase();
  if (FORBIDDEN_METHODS.has(upper)) throw new OutboundError('invalid', `the method ${upper} is not allowed`);
  return NORMALISED_METHODS.has(upper) ? upper : method;
}

/** Checks a URL this client is about to request (the first one, or a redirect's target). */
function checkTarget(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OutboundError('blocked', `only http: and https: URLs may be fetched, not ${url.protocol}`);
  if (url.username || url.password)
    throw new OutboundError('invalid', 'a URL with credentials cannot be fetched; send an Authorization header');
  if (url.port && BAD_PORTS.has(Number(url.port)))
    throw new OutboundError('blocked', `port ${url.port} belongs to another protocol and is refused, as browsers do`);
}

function parseTarget(input: string): URL {
  if (input.length > MAX_URL_LENGTH)
    throw new OutboundError('invalid', `the URL is longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new OutboundError('invalid', `${JSON.stringify(input.slice(0, 200))} is not an absolute URL`);
  }
  checkTarget(url);
  return url;
}

/** The caller's headers, checked, with the ones this client owns dropped and its defaults added. */
function requestHeaders(input: SafeFetchOptions['headers']): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const pairs = input === undefined ? [] : Symbol.iterator in input ? [...input] : Object.entries(input);
  if (pairs.length > MAX_HEADERS)
    throw new OutboundError('invalid', `a request may carry at most ${MAX_HEADERS} headers`);
  for (const [rawName, rawValue] of pairs) {
    const name = String(rawName).toLowerCase();
    const value = String(rawValue).trim();
    if (!TOKEN.test(name)) throw new OutboundError('invalid', `${JSON.stringify(name)} is not a header name`);
    if (INVALID_VALUE.test(value))
      throw new OutboundError('invalid', `the value of header "${name}" contains CR, LF or NUL`);
    if (DROPPED_HEADERS.has(name) || name.startsWith('proxy-') || name.startsWith('sec-')) continue;
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  if (!headers.has('user-agent')) headers.set('user-agent', ['Scriptgate']);
  if (!headers.has('accept')) headers.set('accept', ['*/*']);
  headers.set('accept-encoding', [ACCEPT_ENCODING]);
  return headers;
}

const flatHeaders = (headers: Map<string, string[]>) =>
  [...headers].flatMap(([name, values]) => values.flatMap((value) => [name, value]));

function responsePairs(raw: Record<string, string | string[] | undefined>, decoded: boolean): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined || (decoded && (name === 'content-encoding' || name === 'content-length'))) continue;
    for (const one of Array.isArray(value) ? value : [value]) pairs.push([name, one]);
  }
  return pairs;
}

interface Attempt {
  agent: Dispatcher;
  method: string;
  headers: Map<string, string[]>;
  body: string | Uint8Array | null;
  signal: AbortSignal;
  limitMs: number;
}

async function follow(start: URL, options: SafeFetchOptions, attempt: Attempt): Promise<SafeFetchResponse> {
  const maxRedirects = options.maxRedirects ?? 5;
  const mode = options.redirect ?? 'follow';
  let url = start;
  let { method, body } = attempt;
  const headers = new Map(attempt.headers);
  for (let hop = 0; ; hop++) {
    const answer = await attempt.agent.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: method as Dispatcher.HttpMethod,
      headers: flatHeaders(headers),
      body,
      signal: attempt.signal,
      // Our own timer bounds the whole request; undici's (300 s by default) must not outlive it.
      headersTimeout: attempt.limitMs,
      bodyTimeout: attempt.limitMs,
    });
    const location = answer.headers.location;
    if (REDIRECTS.has(answer.statusCode) && typeof location === 'string' && mode !== 'manual') {
      await answer.body.dump({ limit: 64 * 1024 });
      if (mode === 'error')
        throw new OutboundError('network', `the server redirected (${answer.statusCode}) and redirect is "error"`);
      if (hop >= maxRedirects) throw new OutboundError('network', `more than ${maxRedirects} redirects`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new OutboundError('network', 'the server redirected to an invalid URL');
      }
      checkTarget(next);
      // As browsers do: 303 (and 301/302 after a POST) continue as a GET without the body.
      if (
        (answer.statusCode === 303 && method !== 'HEAD') ||
        ([301, 302].includes(answer.statusCode) && method === 'POST')
      ) {
        method = 'GET';
        body = null;
        for (const name of BODY_HEADERS) headers.delete(name);
      }
      if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
      url = next;
      continue;
    }
    const read = await readBody(
      answer.body,
      [answer.headers['content-encoding']].flat()[0],
      options.maxBytes ?? 5 * 1024 * 1024,
    );
    return {
      status: answer.statusCode,
      statusText: answer.statusText ?? STATUS_CODES[answer.statusCode] ?? '',
      headers: responsePairs(answer.headers, read.decoded),
      url: url.href,
      redirected: url !== start,
      body: read.bytes,
    };
  }
}

/** undici's own errors, by kind: a header value it refuses, its timers, everything else. */
function asOutboundError(caught: unknown): OutboundError {
  if (caught instanceof OutboundError) return caught;
  const { code, message } = caught as { code?: string; message?: string };
  const detail = message || String(caught);
  if (code === 'UND_ERR_INVALID_ARG') return new OutboundError('invalid', detail);
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT')
    return new OutboundError('timeout', detail);
  return new OutboundError('network', detail);
}

/**
 * An outbound HTTP request that only reaches what the agent allows (see `createOutboundAgent`):
 * http and https only, redirects followed here with every hop checked again at connect time,
 * one timeout for the whole request that never runs past `deadline`, the body capped after
 * decompression, abortable. Every failure is an `OutboundError` whose message starts with its
 * kind (`blocked: …`). `onRecord` receives what a process record keeps of it.
 */
export async function safeFetch(input: string | URL, options: SafeFetchOptions): Promise<SafeFetchResponse> {
  const at = Date.now();
  const started = performance.now();
  const rawUrl = String(input);
  let method = String(options.method ?? 'GET');
  const report = (fields: Pick<FetchRecord, 'status' | 'error' | 'bytes'>) =>
    options.onRecord?.({
      method: method.slice(0, 40),
      url: redactUrl(rawUrl, options.secrets),
      ...fields,
      at,
      durationMs: Math.round((performance.now() - started) * 100) / 100,
    });
  const controller = new AbortController();
  const onAbort = () => controller.abort(new OutboundError('aborted', 'the request was aborted'));
  let timer: NodeJS.Timeout | undefined;
  try {
    method = normaliseMethod(method);
    const url = parseTarget(rawUrl);
    const headers = requestHeaders(options.headers);
    const body = options.body ?? null;
    if (body !== null && (method === 'GET' || method === 'HEAD'))
      throw new OutboundError('invalid', `a ${method} request cannot have a body`);
    const size = body === null ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    if (options.maxRequestBytes !== undefined && size > options.maxRequestBytes)
      throw new OutboundError('invalid', `the request body is larger than ${options.maxRequestBytes} bytes`);
    const limitMs = Math.floor(Math.min(options.timeoutMs ?? 10_000, (options.deadline ?? Infinity) - Date.now()));
    if (limitMs <= 0) throw new OutboundError('timeout', 'no time is left for this request');
    timer = setTimeout(
      () => controller.abort(new OutboundError('timeout', `no complete answer within ${limitMs} ms`)),
      limitMs,
    );
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const agent = options.agent ?? agentFor(options.outbound ?? NO_PRIVATE_DESTINATIONS);
    const response = await follow(url, options, { agent, method, headers, body, signal: controller.signal, limitMs });
    report({ status: response.status, bytes: response.body.length });
    return response;
  } catch (caught) {
    const error = controller.signal.aborted ? (controller.signal.reason as OutboundError) : asOutboundError(caught);
    report({ error: maskSecrets(error.message, options.secrets ?? []).slice(0, 1000), bytes: 0 });
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

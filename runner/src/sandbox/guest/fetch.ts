import type { AbortParts } from './abort.js';
import type { HostCallbacks } from './boundary.js';
import type { HostAnswer, HostCallParts } from './host-calls.js';
import type { HttpParts } from './http.js';
import type { FetchedAnswer, ResponseParts } from './response.js';
import type { WebParts } from './web.js';

// Guest code: self-contained, shipped with toString() (see web.ts). At module level this
// name is the editor's declaration; inside the install function, the implementation.
interface FetchGlobals {
  fetch: typeof fetch;
}

/**
 * `fetch` for the sandbox. The isolate only describes the request (a JSON string and the
 * body's bytes) and hands it to the worker, which performs it with the SSRF-safe client and
 * answers later with the status, headers and body bytes; nothing of the network is reachable
 * from here. At most 6 requests of a run are in the worker at once: the next ones wait here.
 */
export function installFetch(
  host: HostCallbacks,
  calls: HostCallParts,
  web: WebParts,
  http: HttpParts,
  response: ResponseParts,
  abort: AbortParts,
): void {
  'use strict';
  const { Headers, URLSearchParams, URL } = http;
  const REDIRECT_MODES = ['follow', 'manual', 'error'];
  type Source = { method?: unknown; headers?: unknown; body?: unknown; signal?: unknown; redirect?: unknown };

  function encodeBody(body: unknown, headers: Headers): Uint8Array | null {
    if (body === undefined || body === null) return null;
    if (typeof body === 'string') {
      if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
      return web.utf8Encode(body);
    }
    if (body instanceof URLSearchParams) {
      if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
      return web.utf8Encode(body.toString());
    }
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return web.toBytes(body);
    // The web platform would send "[object Object]": a mistake nobody means.
    throw new TypeError(
      'fetch: the body must be a string, URLSearchParams, ArrayBuffer or typed array (for JSON: JSON.stringify(value) with a content-type header)',
    );
  }

  function toResponse(answer: HostAnswer): Response {
    const result = JSON.parse(answer.head) as ({ ok: true } & FetchedAnswer) | { ok: false; message: string };
    if (!result.ok) throw new TypeError(String(result.message));
    return response.fetched(result, answer.bytes ? new Uint8Array(answer.bytes) : new Uint8Array(0));
  }

  async function fetch(input: unknown, init?: unknown): Promise<Response> {
    let url: string;
    let source: Source = {};
    if (typeof input === 'string') url = input;
    else if (input instanceof URL) url = input.href;
    else if (typeof input === 'object' && input !== null && typeof (input as { url?: unknown }).url === 'string') {
      // A Request-like object: its url, and its method, headers, body and signal unless init says otherwise.
      url = (input as { url: string }).url;
      source = input as Source;
    } else url = String(input);
    const options: Source = typeof init === 'object' && init !== null ? (init as Source) : {};
    const pick = <K extends keyof Source>(key: K) => (options[key] !== undefined ? options[key] : source[key]);
    const allowance = calls.allowance();
    if (!allowance) throw new TypeError('fetch can be called only while the scenario runs');

    const method = String(pick('method') ?? 'GET');
    const headers = new Headers((pick('headers') ?? undefined) as HeadersInit | undefined);
    const body = encodeBody(pick('body'), headers);
    const redirect = String(pick('redirect') ?? 'follow');
    if (!REDIRECT_MODES.includes(redirect))
      throw new TypeError(`fetch: redirect must be "follow", "manual" or "error"`);
    const signal = pick('signal') ?? null;
    if (signal !== null && !abort.isSignal(signal)) throw new TypeError('fetch: signal must be an AbortSignal');
    if (signal?.aborted) throw signal.reason;
    if (body !== null && body.byteLength > allowance.maxFetchBytes) {
      throw new TypeError(
        `fetch: the request body is ${body.byteLength} bytes; the limit is ${allowance.maxFetchBytes}`,
      );
    }
    if (allowance.fetches >= allowance.maxFetches) {
      throw new TypeError(`fetch: this run has made ${allowance.maxFetches} requests, the most a run may make`);
    }
    allowance.fetches++;

    const spec = JSON.stringify({ url, method, headers: http.headerPairs(headers), redirect });
    // The worker parses it on its main thread (see MAX_REQUEST_CHARS in host/fetch-host.ts).
    if (spec.length > 256 * 1024) throw new TypeError('fetch: the URL and headers are larger than 256 kB');
    // An exact copy: the host gets these bytes and nothing else of the scenario's buffer.
    const bytes = body === null ? null : body.slice().buffer;
    let callId = 0;
    const call = calls.call('fetch', (id) => {
      callId = id;
      host.fetchStart(id, spec, bytes);
    });
    if (signal === null) return toResponse(await call.promise);
    return new Promise<Response>((resolve, reject) => {
      const stop = abort.onAbort(signal, () => {
        if (call.cancel()) host.fetchAbort(callId);
        reject(signal.reason);
      });
      void call.promise.then((answer) => {
        stop();
        try {
          resolve(toResponse(answer));
        } catch (error) {
          reject(error);
        }
      });
    });
  }

  const globals: FetchGlobals = { fetch };
  Object.defineProperty(globalThis, 'fetch', {
    value: globals.fetch,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

import type { GuestLimits } from './boundary.js';
import type { HttpParts } from './http.js';
import type { WebParts } from './web.js';

// Guest code: self-contained, shipped with toString() (see web.ts). At module level this
// name is the editor's declaration; inside the install function, the implementation.
interface ResponseGlobals {
  Response: typeof Response;
}

/** What the other parts of the guest use from this one. */
export interface ResponseParts {
  /** The one string a scenario's result leaves the isolate as (see `installResponse`). */
  serialize(value: unknown): string;
  /** The bytes of the body just serialized, once; null for a text or empty body. */
  takeBytes(): ArrayBuffer | null;
  /** A failure of the result itself (size, status, headers), with the run's error code. */
  ResultError: new (code: string, message: string) => Error & { code: string };
  /** The Response a `fetch` resolves with: its body is the bytes the host read (not copied again). */
  fetched(answer: FetchedAnswer, body: Uint8Array<ArrayBuffer>): Response;
}

/** What the host tells about a fetch's answer (see the worker's fetch host). */
export interface FetchedAnswer {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  url: string;
  redirected: boolean;
}

/**
 * `Response` and the serializer that turns what a scenario returned into one string.
 * Serializing happens inside the isolate, under the run's limits, so a huge or hostile
 * value (a looping getter, a deep graph) costs the scenario's own time and memory only.
 *
 * Encoding of the string handed to the host (first character is the kind):
 *   U                     undefined
 *   T<text>               a string
 *   J<json>               any other JSON value
 *   R<json envelope>      a Response: { status, headers: [[name, value]], body }
 *   E<json error>         { code, name, message, stack }
 *
 * A binary body is `{ type: 'bytes' }` in the envelope; its bytes are taken with
 * `takeBytes()` and leave the isolate as an ArrayBuffer (the host base64-encodes them).
 *
 * `Response` is lenient at construction (like a builder); its status and headers are
 * validated here, when the result leaves the sandbox, so a bad value fails the run with
 * `invalid_response`.
 */
export function installResponse(limits: GuestLimits, web: WebParts, http: HttpParts): ResponseParts {
  'use strict';
  const { Headers, URLSearchParams } = http;
  type Body = string | Uint8Array<ArrayBuffer> | null;
  interface State {
    status: number;
    statusText: string;
    headers: Headers;
    body: Body;
    used: boolean;
    /** Set on a fetch's answer only. */
    url: string;
    redirected: boolean;
  }
  const responses = new WeakSet<object>();
  const state = new WeakMap<object, State>();
  // Exactly what Node's http module accepts (validateHeaderName / validateHeaderValue):
  // names are tokens; values hold only tab, 0x20–0x7E and 0x80–0xFF.
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const INVALID_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
  const MAX_HEADERS = 100;
  const MAX_HEADER_VALUE = 8192;
  const MAX_HEADER_BYTES = 65536;

  function bodyOf(body: unknown, headers: Headers): Body {
    if (body === null || body === undefined) return null;
    if (typeof body === 'string') {
      if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
      return body;
    }
    if (body instanceof URLSearchParams) {
      if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
      return body.toString();
    }
    // A plain copy: the constructor reads the view's own slots (no species, no getters).
    if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return new Uint8Array(web.toBytes(body));
    const text = String(body);
    if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
    return text;
  }

  // `!` on state reads: called on anything but a Response, a getter throws a TypeError, as it always did.
  class Response {
    constructor(body: unknown = null, init: ResponseInit | null = {}) {
      const options = init ?? {};
      const headers = new Headers(options.headers);
      const status = options.status === undefined ? 200 : options.status;
      state.set(this, {
        status,
        statusText: options.statusText === undefined ? '' : String(options.statusText),
        headers,
        body: bodyOf(body, headers),
        used: false,
        url: '',
        redirected: false,
      });
      responses.add(this);
    }
    static json(data: unknown, init: ResponseInit | null = {}): Response {
      const text = JSON.stringify(data);
      if (text === undefined) throw new TypeError('Response.json: the value cannot be serialized to JSON');
      const headers = new Headers(init?.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(text, { ...init, headers });
    }
    static redirect(url: unknown, status = 302): Response {
      if (![301, 302, 303, 307, 308].includes(status)) throw new RangeError(`Invalid redirect status ${status}`);
      return new Response(null, { status, headers: { location: String(url) } });
    }
    get status(): number {
      return state.get(this)!.status;
    }
    get statusText(): string {
      return state.get(this)!.statusText;
    }
    get ok(): boolean {
      const s = state.get(this)!.status;
      return s >= 200 && s < 300;
    }
    get headers(): Headers {
      return state.get(this)!.headers;
    }
    get bodyUsed(): boolean {
      return state.get(this)!.used;
    }
    get redirected(): boolean {
      return state.get(this)!.redirected;
    }
    get type(): 'default' {
      return 'default';
    }
    get url(): string {
      return state.get(this)!.url;
    }
    #consume(): Body {
      const s = state.get(this)!;
      if (s.used) throw new TypeError('Body has already been used');
      s.used = true;
      return s.body;
    }
    async text(): Promise<string> {
      const body = this.#consume();
      return body === null ? '' : typeof body === 'string' ? body : web.utf8Decode(body);
    }
    async json(): Promise<unknown> {
      return JSON.parse(await this.text());
    }
    async bytes(): Promise<Uint8Array<ArrayBuffer>> {
      const body = this.#consume();
      return body === null ? new Uint8Array(0) : typeof body === 'string' ? web.utf8Encode(body) : body.slice();
    }
    async arrayBuffer(): Promise<ArrayBuffer> {
      return (await this.bytes()).buffer;
    }
    clone(): Response {
      const s = state.get(this)!;
      if (s.used) throw new TypeError('Body has already been used');
      const body = s.body instanceof Uint8Array ? s.body.slice() : s.body;
      const copy = new Response(body, { status: s.status, statusText: s.statusText, headers: s.headers });
      Object.assign(state.get(copy)!, { url: s.url, redirected: s.redirected });
      return copy;
    }
  }

  class ResultError extends Error {
    code: string;
    constructor(code: string, message: string) {
      super(message);
      this.code = code;
    }
  }

  function byteLength(text: string): number {
    if (text.length * 3 <= limits.maxResultBytes) return text.length;
    if (text.length > limits.maxResultBytes) return text.length;
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
    }
    return bytes;
  }
  function checkSize(size: number): void {
    if (size > limits.maxResultBytes) {
      throw new ResultError('result_too_large', `The result is ${size} bytes; the limit is ${limits.maxResultBytes}`);
    }
  }

  let pendingBytes: ArrayBuffer | null = null;

  function serializeResponse(response: Response): string {
    const s = state.get(response)!;
    if (!Number.isInteger(s.status) || s.status < 200 || s.status > 599) {
      throw new ResultError(
        'invalid_response',
        `Response status must be an integer from 200 to 599, got ${String(s.status)}`,
      );
    }
    const headers = http.headerPairs(s.headers);
    if (headers.length > MAX_HEADERS)
      throw new ResultError('invalid_response', `A response may carry at most ${MAX_HEADERS} headers`);
    let total = 0;
    for (const [name, value] of headers) {
      if (!TOKEN.test(name))
        throw new ResultError('invalid_response', `Invalid response header name: ${JSON.stringify(name)}`);
      const bad = INVALID_VALUE_CHAR.exec(value);
      if (bad) {
        const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        throw new ResultError(
          'invalid_response',
          `The value of header "${name}" contains U+${code}, which HTTP cannot carry (allowed: tab, 0x20–0x7E, 0x80–0xFF)`,
        );
      }
      if (value.length > MAX_HEADER_VALUE)
        throw new ResultError('invalid_response', `The value of header "${name}" is too long`);
      total += name.length + value.length;
    }
    if (total > MAX_HEADER_BYTES) throw new ResultError('invalid_response', 'The response headers are too large');
    let body: { type: 'empty' } | { type: 'text'; text: string } | { type: 'bytes' } = { type: 'empty' };
    if (typeof s.body === 'string') {
      checkSize(byteLength(s.body));
      body = { type: 'text', text: s.body };
    } else if (s.body instanceof Uint8Array) {
      checkSize(s.body.byteLength);
      body = { type: 'bytes' };
      pendingBytes =
        s.body.byteOffset === 0 && s.body.byteLength === s.body.buffer.byteLength
          ? s.body.buffer
          : s.body.slice().buffer;
    }
    return 'R' + JSON.stringify({ status: s.status, headers, body });
  }

  function takeBytes(): ArrayBuffer | null {
    const bytes = pendingBytes;
    pendingBytes = null;
    return bytes;
  }

  function serialize(value: unknown): string {
    if (value === undefined) return 'U';
    if (typeof value === 'string') {
      checkSize(byteLength(value));
      return 'T' + value;
    }
    if (typeof value === 'object' && value !== null && responses.has(value))
      return serializeResponse(value as Response);
    const json = JSON.stringify(value);
    if (json === undefined) {
      throw new ResultError('invalid_response', `The scenario returned a ${typeof value}, which is not JSON data`);
    }
    checkSize(byteLength(json));
    return 'J' + json;
  }

  const globals: ResponseGlobals = { Response };
  Object.defineProperty(globalThis, 'Response', {
    value: globals.Response,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  function fetched(answer: FetchedAnswer, body: Uint8Array<ArrayBuffer>): Response {
    const response = new Response(null, {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    });
    Object.assign(state.get(response)!, { body, url: answer.url, redirected: answer.redirected });
    return response;
  }

  return { serialize, takeBytes, ResultError, fetched };
}

// @ts-nocheck — serialized with toString() and run inside the isolate; self-contained.

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
 */
export function installResponse(host, web, http) {
  'use strict';
  const responses = new WeakSet();
  const state = new WeakMap();
  // Exactly what Node's http module accepts (validateHeaderName / validateHeaderValue):
  // names are tokens; values hold only tab, 0x20–0x7E and 0x80–0xFF.
  const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const INVALID_VALUE_CHAR = /[^\t\x20-\x7e\x80-\xff]/;
  const MAX_HEADERS = 100;
  const MAX_HEADER_VALUE = 8192;
  const MAX_HEADER_BYTES = 65536;

  function bodyOf(body, headers) {
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

  class Response {
    constructor(body = null, init = {}) {
      const options = init ?? {};
      const headers = new Headers(options.headers);
      const status = options.status === undefined ? 200 : options.status;
      state.set(this, {
        status,
        statusText: options.statusText === undefined ? '' : String(options.statusText),
        headers,
        body: bodyOf(body, headers),
        used: false,
      });
      responses.add(this);
    }
    static json(data, init = {}) {
      const text = JSON.stringify(data);
      if (text === undefined) throw new TypeError('Response.json: the value cannot be serialized to JSON');
      const headers = new Headers(init?.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(text, { ...init, headers });
    }
    static redirect(url, status = 302) {
      if (![301, 302, 303, 307, 308].includes(status)) throw new RangeError(`Invalid redirect status ${status}`);
      return new Response(null, { status, headers: { location: String(url) } });
    }
    get status() { return state.get(this).status; }
    get statusText() { return state.get(this).statusText; }
    get ok() { const s = state.get(this).status; return s >= 200 && s < 300; }
    get headers() { return state.get(this).headers; }
    get bodyUsed() { return state.get(this).used; }
    get redirected() { return false; }
    get type() { return 'default'; }
    get url() { return ''; }
    #consume() {
      const s = state.get(this);
      if (s.used) throw new TypeError('Body has already been used');
      s.used = true;
      return s.body;
    }
    async text() {
      const body = this.#consume();
      return body === null ? '' : typeof body === 'string' ? body : web.utf8Decode(body);
    }
    async json() { return JSON.parse(await this.text()); }
    async bytes() {
      const body = this.#consume();
      return body === null ? new Uint8Array(0) : typeof body === 'string' ? web.utf8Encode(body) : body.slice();
    }
    async arrayBuffer() { return (await this.bytes()).buffer; }
    clone() {
      const s = state.get(this);
      if (s.used) throw new TypeError('Body has already been used');
      const body = s.body instanceof Uint8Array ? s.body.slice() : s.body;
      return new Response(body, { status: s.status, statusText: s.statusText, headers: s.headers });
    }
  }

  class ResultError extends Error {
    constructor(code, message) {
      super(message);
      this.code = code;
    }
  }

  function byteLength(text) {
    if (text.length * 3 <= host.limits.maxResultBytes) return text.length;
    if (text.length > host.limits.maxResultBytes) return text.length;
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdfff ? 2 : 3;
    }
    return bytes;
  }
  function checkSize(size) {
    if (size > host.limits.maxResultBytes) {
      throw new ResultError('result_too_large', `The result is ${size} bytes; the limit is ${host.limits.maxResultBytes}`);
    }
  }

  function serializeResponse(response) {
    const s = state.get(response);
    if (!Number.isInteger(s.status) || s.status < 200 || s.status > 599) {
      throw new ResultError('invalid_response', `Response status must be an integer from 200 to 599, got ${String(s.status)}`);
    }
    const headers = http.headerPairs(s.headers);
    if (headers.length > MAX_HEADERS) throw new ResultError('invalid_response', `A response may carry at most ${MAX_HEADERS} headers`);
    let total = 0;
    for (const [name, value] of headers) {
      if (!TOKEN.test(name)) throw new ResultError('invalid_response', `Invalid response header name: ${JSON.stringify(name)}`);
      const bad = INVALID_VALUE_CHAR.exec(value);
      if (bad) {
        const code = bad[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
        throw new ResultError(
          'invalid_response',
          `The value of header "${name}" contains U+${code}, which HTTP cannot carry (allowed: tab, 0x20–0x7E, 0x80–0xFF)`,
        );
      }
      if (value.length > MAX_HEADER_VALUE) throw new ResultError('invalid_response', `The value of header "${name}" is too long`);
      total += name.length + value.length;
    }
    if (total > MAX_HEADER_BYTES) throw new ResultError('invalid_response', 'The response headers are too large');
    let body = { type: 'empty' };
    if (typeof s.body === 'string') {
      checkSize(byteLength(s.body));
      body = { type: 'text', text: s.body };
    } else if (s.body instanceof Uint8Array) {
      checkSize(s.body.byteLength);
      body = { type: 'bytes' };
      pendingBytes = s.body.byteOffset === 0 && s.body.byteLength === s.body.buffer.byteLength ? s.body.buffer : s.body.slice().buffer;
    }
    return 'R' + JSON.stringify({ status: s.status, headers, body });
  }

  let pendingBytes = null;
  /** The bytes of the body just serialized, once; null for a text or empty body. */
  function takeBytes() {
    const bytes = pendingBytes;
    pendingBytes = null;
    return bytes;
  }

  function serialize(value) {
    if (value === undefined) return 'U';
    if (typeof value === 'string') {
      checkSize(byteLength(value));
      return 'T' + value;
    }
    if (typeof value === 'object' && value !== null && responses.has(value)) return serializeResponse(value);
    const json = JSON.stringify(value);
    if (json === undefined) {
      throw new ResultError('invalid_response', `The scenario returned a ${typeof value}, which is not JSON data`);
    }
    checkSize(byteLength(json));
    return 'J' + json;
  }

  Object.defineProperty(globalThis, 'Response', { value: Response, writable: true, configurable: true, enumerable: false });
  return { serialize, takeBytes, ResultError };
}

// @ts-nocheck — serialized with toString() and run inside the isolate; self-contained.

/**
 * Headers, Response, URL and URLSearchParams for the sandbox. `Response` is lenient at
 * construction (like a builder); its status and headers are validated when the result
 * leaves the sandbox, so a bad value fails the run with `invalid_response`.
 */
export function installHttpGlobals(host, web) {
  'use strict';
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  /* ---------- URLSearchParams ---------- */
  const decode = (s) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  const encode = (s) =>
    encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  class URLSearchParams {
    #list = [];
    #onChange = null;
    constructor(init = '') {
      if (typeof init === 'string') this.#parse(init);
      else if (init instanceof URLSearchParams) this.#list = init.#list.map(([k, v]) => [k, v]);
      else if (init && typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const [k, v] = [...pair];
          this.#list.push([String(k), String(v)]);
        }
      } else if (init && typeof init === 'object') {
        for (const key of Object.keys(init)) this.#list.push([key, String(init[key])]);
      }
    }
    #parse(text) {
      this.#list = [];
      const source = text.startsWith('?') ? text.slice(1) : text;
      for (const part of source.split('&')) {
        if (!part) continue;
        const eq = part.indexOf('=');
        this.#list.push(eq === -1 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
      }
    }
    static _link(params, onChange, text) {
      params.#onChange = onChange;
      params.#parse(text);
    }
    #changed() {
      if (this.#onChange) this.#onChange(this.toString());
    }
    get size() { return this.#list.length; }
    append(name, value) { this.#list.push([String(name), String(value)]); this.#changed(); }
    delete(name) { this.#list = this.#list.filter(([k]) => k !== String(name)); this.#changed(); }
    get(name) { const hit = this.#list.find(([k]) => k === String(name)); return hit ? hit[1] : null; }
    getAll(name) { return this.#list.filter(([k]) => k === String(name)).map(([, v]) => v); }
    has(name) { return this.#list.some(([k]) => k === String(name)); }
    set(name, value) {
      const key = String(name);
      const index = this.#list.findIndex(([k]) => k === key);
      if (index === -1) this.#list.push([key, String(value)]);
      else this.#list = this.#list.filter(([k], i) => k !== key || i === index).map((p, i) => (i === index ? [key, String(value)] : p));
      this.#changed();
    }
    sort() { this.#list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this.#changed(); }
    forEach(fn, thisArg) { for (const [k, v] of this.#list) fn.call(thisArg, v, k, this); }
    *entries() { yield* this.#list.map(([k, v]) => [k, v]); }
    *keys() { for (const [k] of this.#list) yield k; }
    *values() { for (const [, v] of this.#list) yield v; }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return this.#list.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'); }
  }
  const linkParams = URLSearchParams._link;
  delete URLSearchParams._link;

  /* ---------- URL (parsed by the host's WHATWG parser; only strings cross) ---------- */
  const URL_PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
  const urlState = new WeakMap();
  const stateOf = (url) => {
    const state = urlState.get(url);
    if (!state) throw new TypeError('Illegal invocation: not a URL');
    return state;
  };
  const parseUrl = (input, base) => {
    const json = host.urlParse(String(input), base === undefined || base === null ? null : String(base));
    if (!json) throw new TypeError(`Invalid URL: ${String(input)}`);
    return JSON.parse(json);
  };
  function setPart(url, part, value, fromParams = false) {
    const state = stateOf(url);
    const json = host.urlSet(state.parts.href, part, String(value));
    if (!json) return; // like the WHATWG setters: an invalid value leaves the URL unchanged
    state.parts = JSON.parse(json);
    if (!fromParams) linkParams(state.params, (search) => setPart(url, 'search', search, true), state.parts.search);
  }
  class URL {
    constructor(input, base) {
      const parts = parseUrl(input, base);
      const params = new URLSearchParams();
      urlState.set(this, { parts, params });
      linkParams(params, (search) => setPart(this, 'search', search, true), parts.search);
    }
    static canParse(input, base) {
      return Boolean(host.urlParse(String(input), base === undefined || base === null ? null : String(base)));
    }
    get searchParams() { return stateOf(this).params; }
    toString() { return stateOf(this).parts.href; }
    toJSON() { return stateOf(this).parts.href; }
  }
  for (const part of URL_PARTS) {
    Object.defineProperty(URL.prototype, part, {
      get() { return stateOf(this).parts[part]; },
      set: part === 'origin' ? undefined : function (value) { setPart(this, part, value); },
      enumerable: true,
      configurable: true,
    });
  }

  /* ---------- Headers ---------- */
  class Headers {
    #map = new Map();
    constructor(init) {
      if (init == null) return;
      if (init instanceof Headers) {
        for (const [k, v] of init.#map) this.#map.set(k, [...v]);
      } else if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const [k, v] = [...pair];
          this.append(k, v);
        }
      } else if (typeof init === 'object') {
        for (const key of Object.keys(init)) this.append(key, init[key]);
      }
    }
    append(name, value) {
      const key = String(name).toLowerCase();
      const list = this.#map.get(key);
      if (list) list.push(String(value));
      else this.#map.set(key, [String(value)]);
    }
    set(name, value) { this.#map.set(String(name).toLowerCase(), [String(value)]); }
    get(name) {
      const list = this.#map.get(String(name).toLowerCase());
      return list ? list.join(', ') : null;
    }
    getSetCookie() { return [...(this.#map.get('set-cookie') ?? [])]; }
    has(name) { return this.#map.has(String(name).toLowerCase()); }
    delete(name) { this.#map.delete(String(name).toLowerCase()); }
    forEach(fn, thisArg) { for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this); }
    *entries() {
      for (const key of [...this.#map.keys()].sort()) {
        if (key === 'set-cookie') for (const v of this.#map.get(key)) yield [key, v];
        else yield [key, this.#map.get(key).join(', ')];
      }
    }
    *keys() { for (const [k] of this.entries()) yield k; }
    *values() { for (const [, v] of this.entries()) yield v; }
    [Symbol.iterator]() { return this.entries(); }
    /** Every value as set (set-cookie kept apart), for the response that leaves the sandbox. */
    static _pairs(headers) {
      const out = [];
      for (const [k, list] of headers.#map) for (const v of list) out.push([k, v]);
      return out;
    }
  }
  const headerPairs = Headers._pairs;
  delete Headers._pairs;

  define('URLSearchParams', URLSearchParams);
  define('URL', URL);
  define('Headers', Headers);
  return { headerPairs };
}

import type { HostCallbacks } from './boundary.js';

// Guest code: self-contained, shipped with toString() (see web.ts). At module level these
// names are the editor's declarations; inside the install function, the implementations.
interface HttpGlobals {
  URLSearchParams: typeof URLSearchParams;
  URL: typeof URL;
  Headers: typeof Headers;
}

/** What the other parts of the guest use from this one. */
export interface HttpParts {
  Headers: typeof Headers;
  URLSearchParams: typeof URLSearchParams;
  URL: typeof URL;
  /** Every value as set (set-cookie kept apart), for the response that leaves the sandbox. */
  headerPairs(headers: Headers): Array<[string, string]>;
}

/**
 * Headers, URL and URLSearchParams for the sandbox. URLs are parsed by the host's WHATWG
 * parser; only strings cross.
 */
export function installHttpGlobals(host: HostCallbacks): HttpParts {
  'use strict';
  const define = (name: string, value: unknown) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  const isIterable = (value: unknown): value is Iterable<unknown> =>
    typeof (value as Partial<Iterable<unknown>>)[Symbol.iterator] === 'function';

  /* ---------- URLSearchParams ---------- */
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, ' '));
    } catch {
      return s;
    }
  };
  const encode = (s: string) =>
    encodeURIComponent(s)
      .replace(/%20/g, '+')
      .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  class URLSearchParams {
    #list: Array<[string, string]> = [];
    #onChange: ((search: string) => void) | null = null;
    constructor(init: unknown = '') {
      if (typeof init === 'string') this.#parse(init);
      else if (init instanceof URLSearchParams) this.#list = init.#list.map(([k, v]) => [k, v]);
      else if (init && isIterable(init)) {
        for (const pair of init) {
          const [k, v] = [...(pair as Iterable<unknown>)];
          this.#list.push([String(k), String(v)]);
        }
      } else if (init && typeof init === 'object') {
        for (const key of Object.keys(init)) this.#list.push([key, String((init as Record<string, unknown>)[key])]);
      }
    }
    #parse(text: string) {
      this.#list = [];
      const source = text.startsWith('?') ? text.slice(1) : text;
      for (const part of source.split('&')) {
        if (!part) continue;
        const eq = part.indexOf('=');
        this.#list.push(eq === -1 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
      }
    }
    static _link(params: URLSearchParams, onChange: (search: string) => void, text: string) {
      params.#onChange = onChange;
      params.#parse(text);
    }
    #changed() {
      if (this.#onChange) this.#onChange(this.toString());
    }
    get size(): number {
      return this.#list.length;
    }
    append(name: unknown, value: unknown): void {
      this.#list.push([String(name), String(value)]);
      this.#changed();
    }
    delete(name: unknown): void {
      this.#list = this.#list.filter(([k]) => k !== String(name));
      this.#changed();
    }
    get(name: unknown): string | null {
      const hit = this.#list.find(([k]) => k === String(name));
      return hit ? hit[1] : null;
    }
    getAll(name: unknown): string[] {
      return this.#list.filter(([k]) => k === String(name)).map(([, v]) => v);
    }
    has(name: unknown): boolean {
      return this.#list.some(([k]) => k === String(name));
    }
    set(name: unknown, value: unknown): void {
      const key = String(name);
      const index = this.#list.findIndex(([k]) => k === key);
      if (index === -1) this.#list.push([key, String(value)]);
      else
        this.#list = this.#list
          .filter(([k], i) => k !== key || i === index)
          .map((p, i): [string, string] => (i === index ? [key, String(value)] : p));
      this.#changed();
    }
    sort(): void {
      this.#list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      this.#changed();
    }
    forEach(fn: (value: string, name: string, params: URLSearchParams) => void, thisArg?: unknown): void {
      for (const [k, v] of this.#list) fn.call(thisArg, v, k, this);
    }
    *entries(): Generator<[string, string], undefined, unknown> {
      yield* this.#list.map(([k, v]): [string, string] => [k, v]);
    }
    *keys(): Generator<string, undefined, unknown> {
      for (const [k] of this.#list) yield k;
    }
    *values(): Generator<string, undefined, unknown> {
      for (const [, v] of this.#list) yield v;
    }
    [Symbol.iterator]() {
      return this.entries();
    }
    toString(): string {
      return this.#list.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
    }
  }
  const linkParams = URLSearchParams._link;
  delete (URLSearchParams as { _link?: unknown })._link;

  /* ---------- URL (parsed by the host's WHATWG parser; only strings cross) ---------- */
  const URL_PARTS = [
    'href',
    'origin',
    'protocol',
    'username',
    'password',
    'host',
    'hostname',
    'port',
    'pathname',
    'search',
    'hash',
  ] as const;
  type UrlParts = Record<(typeof URL_PARTS)[number], string>;
  const urlState = new WeakMap<object, { parts: UrlParts; params: URLSearchParams }>();
  const stateOf = (url: object) => {
    const state = urlState.get(url);
    if (!state) throw new TypeError('Illegal invocation: not a URL');
    return state;
  };
  const parseUrl = (input: unknown, base: unknown): UrlParts => {
    const json = host.urlParse(String(input), base === undefined || base === null ? null : String(base));
    if (!json) throw new TypeError(`Invalid URL: ${String(input)}`);
    return JSON.parse(json) as UrlParts;
  };
  function setPart(url: object, part: string, value: unknown, fromParams = false) {
    const state = stateOf(url);
    const json = host.urlSet(state.parts.href, part, String(value));
    if (!json) return; // like the WHATWG setters: an invalid value leaves the URL unchanged
    state.parts = JSON.parse(json) as UrlParts;
    if (!fromParams) linkParams(state.params, (search) => setPart(url, 'search', search, true), state.parts.search);
  }
  class URL {
    // Accessors defined on the prototype below, from URL_PARTS.
    declare href: string;
    declare readonly origin: string;
    declare protocol: string;
    declare username: string;
    declare password: string;
    declare host: string;
    declare hostname: string;
    declare port: string;
    declare pathname: string;
    declare search: string;
    declare hash: string;
    constructor(input: unknown, base?: unknown) {
      const parts = parseUrl(input, base);
      const params = new URLSearchParams();
      urlState.set(this, { parts, params });
      linkParams(params, (search) => setPart(this, 'search', search, true), parts.search);
    }
    static canParse(input: unknown, base?: unknown): boolean {
      return Boolean(host.urlParse(String(input), base === undefined || base === null ? null : String(base)));
    }
    get searchParams(): URLSearchParams {
      return stateOf(this).params;
    }
    toString(): string {
      return stateOf(this).parts.href;
    }
    toJSON(): string {
      return stateOf(this).parts.href;
    }
  }
  for (const part of URL_PARTS) {
    Object.defineProperty(URL.prototype, part, {
      get(this: URL) {
        return stateOf(this).parts[part];
      },
      set:
        part === 'origin'
          ? undefined
          : function (this: URL, value: unknown) {
              setPart(this, part, value);
            },
      enumerable: true,
      configurable: true,
    });
  }

  /* ---------- Headers ---------- */
  class Headers {
    #map = new Map<string, string[]>();
    constructor(init?: unknown) {
      if (init == null) return;
      if (init instanceof Headers) {
        for (const [k, v] of init.#map) this.#map.set(k, [...v]);
      } else if (isIterable(init)) {
        for (const pair of init) {
          const [k, v] = [...(pair as Iterable<unknown>)];
          this.append(k, v);
        }
      } else if (typeof init === 'object') {
        for (const key of Object.keys(init)) this.append(key, (init as Record<string, unknown>)[key]);
      }
    }
    append(name: unknown, value: unknown): void {
      const key = String(name).toLowerCase();
      const list = this.#map.get(key);
      if (list) list.push(String(value));
      else this.#map.set(key, [String(value)]);
    }
    set(name: unknown, value: unknown): void {
      this.#map.set(String(name).toLowerCase(), [String(value)]);
    }
    get(name: unknown): string | null {
      const list = this.#map.get(String(name).toLowerCase());
      return list ? list.join(', ') : null;
    }
    getSetCookie(): string[] {
      return [...(this.#map.get('set-cookie') ?? [])];
    }
    has(name: unknown): boolean {
      return this.#map.has(String(name).toLowerCase());
    }
    delete(name: unknown): void {
      this.#map.delete(String(name).toLowerCase());
    }
    forEach(fn: (value: string, name: string, headers: Headers) => void, thisArg?: unknown): void {
      for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
    }
    *entries(): Generator<[string, string], undefined, unknown> {
      for (const key of [...this.#map.keys()].sort()) {
        if (key === 'set-cookie') for (const v of this.#map.get(key)!) yield [key, v];
        else yield [key, this.#map.get(key)!.join(', ')];
      }
    }
    *keys(): Generator<string, undefined, unknown> {
      for (const [k] of this.entries()) yield k;
    }
    *values(): Generator<string, undefined, unknown> {
      for (const [, v] of this.entries()) yield v;
    }
    [Symbol.iterator]() {
      return this.entries();
    }
    static _pairs(headers: Headers): Array<[string, string]> {
      const out: Array<[string, string]> = [];
      for (const [k, list] of headers.#map) for (const v of list) out.push([k, v]);
      return out;
    }
  }
  const headerPairs = Headers._pairs;
  delete (Headers as { _pairs?: unknown })._pairs;

  const globals: HttpGlobals = { URLSearchParams, URL, Headers };
  for (const name of Object.keys(globals) as Array<keyof HttpGlobals>) define(name, globals[name]);
  return { Headers, URLSearchParams, URL, headerPairs };
}

import type { HostCallbacks } from './boundary.js';

/*
 * Guest code: serialized with toString() and run inside the isolate, so it refers to nothing
 * outside its function but the ES built-ins and its arguments.
 *
 * At module level the names below are the editor's declarations (scriptgate-sandbox.d.ts);
 * inside the install function the local implementations shadow them. Assigning the one to
 * the other is what checks the implementation against what the editor offers.
 */
interface WebGlobals {
  TextEncoder: typeof TextEncoder;
  TextDecoder: typeof TextDecoder;
  btoa: typeof btoa;
  atob: typeof atob;
  crypto: typeof crypto;
  structuredClone: typeof structuredClone;
}

/** What the other parts of the guest use from this one. */
export interface WebParts {
  bytesToBase64(bytes: Uint8Array): string;
  base64ToBytes(text: unknown): Uint8Array<ArrayBuffer>;
  utf8Encode(input: unknown): Uint8Array<ArrayBuffer>;
  utf8Decode(bytes: Uint8Array): string;
  toBytes(input: unknown): Uint8Array;
}

/**
 * Web-platform globals for the sandbox: TextEncoder/TextDecoder, atob/btoa, structuredClone,
 * crypto. Host services arrive as callbacks; everything else is plain JavaScript in the isolate.
 */
export function installWebGlobals(host: HostCallbacks): WebParts {
  'use strict';
  const define = (name: string, value: unknown) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  /* ---------- TextEncoder / TextDecoder (UTF-8) ---------- */
  // Sized first, then written into one buffer: a JS array of byte numbers would take eight
  // times the memory and fail large strings at the isolate's heap limit.
  function utf8Encode(input: unknown): Uint8Array<ArrayBuffer> {
    const str = String(input);
    let size = 0;
    for (let i = 0; i < str.length; i++) {
      const code = str.charCodeAt(i);
      if (code < 0x80) size += 1;
      else if (code < 0x800) size += 2;
      else if (code >= 0xd800 && code <= 0xdbff && i + 1 < str.length && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        size += 4;
        i++;
      } else size += 3;
    }
    const out = new Uint8Array(size);
    let j = 0;
    for (let i = 0; i < str.length; i++) {
      let code = str.charCodeAt(i);
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < str.length && (str.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        code = 0x10000 + ((code - 0xd800) << 10) + (str.charCodeAt(i + 1) - 0xdc00);
        i++;
      } else if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
      if (code < 0x80) out[j++] = code;
      else if (code < 0x800) {
        out[j++] = 0xc0 | (code >> 6);
        out[j++] = 0x80 | (code & 63);
      } else if (code < 0x10000) {
        out[j++] = 0xe0 | (code >> 12);
        out[j++] = 0x80 | ((code >> 6) & 63);
        out[j++] = 0x80 | (code & 63);
      } else {
        out[j++] = 0xf0 | (code >> 18);
        out[j++] = 0x80 | ((code >> 12) & 63);
        out[j++] = 0x80 | ((code >> 6) & 63);
        out[j++] = 0x80 | (code & 63);
      }
    }
    return out;
  }
  // Indexes below are bounded by the loops (`!`: a typed array read in range is a number).
  function utf8Decode(bytes: Uint8Array): string {
    let out = '';
    let chunk: number[] = [];
    for (let i = 0; i < bytes.length;) {
      const b = bytes[i]!;
      let code = 0xfffd;
      let size = 1;
      if (b < 0x80) code = b;
      else if (b >= 0xc2 && b < 0xe0 && i + 1 < bytes.length) {
        code = ((b & 31) << 6) | (bytes[i + 1]! & 63);
        size = 2;
      } else if (b >= 0xe0 && b < 0xf0 && i + 2 < bytes.length) {
        code = ((b & 15) << 12) | ((bytes[i + 1]! & 63) << 6) | (bytes[i + 2]! & 63);
        size = 3;
      } else if (b >= 0xf0 && b < 0xf5 && i + 3 < bytes.length) {
        code = ((b & 7) << 18) | ((bytes[i + 1]! & 63) << 12) | ((bytes[i + 2]! & 63) << 6) | (bytes[i + 3]! & 63);
        size = 4;
      }
      i += size;
      if (code > 0xffff) {
        code -= 0x10000;
        chunk.push(0xd800 + (code >> 10), 0xdc00 + (code & 1023));
      } else chunk.push(code);
      if (chunk.length > 8192) {
        out += String.fromCharCode.apply(null, chunk);
        chunk = [];
      }
    }
    return out + String.fromCharCode.apply(null, chunk);
  }
  function toBytes(input: unknown): Uint8Array {
    if (input instanceof Uint8Array) return input;
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw new TypeError('Expected an ArrayBuffer or an ArrayBuffer view');
  }
  class TextEncoder {
    get encoding(): 'utf-8' {
      return 'utf-8';
    }
    encode(input: unknown = ''): Uint8Array<ArrayBuffer> {
      return utf8Encode(input);
    }
  }
  class TextDecoder {
    constructor(label: unknown = 'utf-8') {
      if (!/^utf-?8$/i.test(String(label)))
        throw new RangeError(`The encoding "${String(label)}" is not supported (only utf-8)`);
    }
    get encoding(): string {
      return 'utf-8';
    }
    decode(input?: unknown): string {
      return input === undefined ? '' : utf8Decode(toBytes(input));
    }
  }

  /* ---------- base64 ---------- */
  // Strings are built from chunks of character codes, never one character at a time: `out +=`
  // per character makes a rope of millions of nodes that fails a few MB at the heap limit.
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64_CODES = new Uint8Array(64);
  const B64_VALUES = new Int16Array(128).fill(-1);
  for (let i = 0; i < 64; i++) {
    B64_CODES[i] = B64.charCodeAt(i);
    B64_VALUES[B64.charCodeAt(i)] = i;
  }
  const CHUNK = 8190; // a multiple of 3 and 4, small enough for String.fromCharCode.apply
  function codesToString(codes: Uint8Array, length: number): string {
    const parts: string[] = [];
    for (let i = 0; i < length; i += CHUNK) {
      parts.push(
        String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + CHUNK)) as unknown as number[]),
      );
    }
    return parts.join('');
  }
  function bytesToBase64(bytes: Uint8Array): string {
    const length = bytes.length;
    const codes = new Uint8Array(Math.ceil(length / 3) * 4);
    let j = 0;
    for (let i = 0; i < length; i += 3) {
      const n = (bytes[i]! << 16) | ((i + 1 < length ? bytes[i + 1]! : 0) << 8) | (i + 2 < length ? bytes[i + 2]! : 0);
      codes[j++] = B64_CODES[(n >> 18) & 63]!;
      codes[j++] = B64_CODES[(n >> 12) & 63]!;
      codes[j++] = i + 1 < length ? B64_CODES[(n >> 6) & 63]! : 61;
      codes[j++] = i + 2 < length ? B64_CODES[n & 63]! : 61;
    }
    return codesToString(codes, j);
  }
  function base64ToBytes(text: unknown): Uint8Array<ArrayBuffer> {
    const clean = String(text).replace(/[\t\n\f\r ]/g, '');
    if (clean.length % 4 === 1 || /[^A-Za-z0-9+/=]/.test(clean) || /=[^=]/.test(clean)) {
      throw new Error('The string to be decoded is not correctly encoded.');
    }
    let end = clean.length;
    while (end > 0 && clean.charCodeAt(end - 1) === 61) end--;
    const out = new Uint8Array(Math.floor((end * 3) / 4));
    let buffer = 0;
    let bits = 0;
    let j = 0;
    for (let i = 0; i < end; i++) {
      buffer = ((buffer << 6) | B64_VALUES[clean.charCodeAt(i)]!) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[j++] = (buffer >> bits) & 255;
      }
    }
    return out;
  }
  function btoa(input: unknown): string {
    const str = String(input);
    const bytes = new Uint8Array(str.length);
    for (let i = 0; i < str.length; i++) {
      const code = str.charCodeAt(i);
      if (code > 255) throw new Error('btoa: the string contains characters outside of Latin1');
      bytes[i] = code;
    }
    return bytesToBase64(bytes);
  }
  function atob(input: unknown): string {
    const bytes = base64ToBytes(input);
    return codesToString(bytes, bytes.length);
  }

  /* ---------- crypto ---------- */
  let pool = '';
  function randomHex(count: number): string {
    if (pool.length < count * 2) pool += host.random(Math.max(256, count));
    const hex = pool.slice(0, count * 2);
    pool = pool.slice(count * 2);
    return hex;
  }
  const crypto = {
    getRandomValues<T extends ArrayBufferView>(array: T): T {
      if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array) {
        throw new TypeError('getRandomValues expects an integer typed array');
      }
      if (array.byteLength > 65536) throw new RangeError('getRandomValues: at most 65536 bytes');
      const hex = randomHex(array.byteLength);
      const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < view.length; i++) view[i] = parseInt(hex.substr(i * 2, 2), 16);
      return array;
    },
    randomUUID(): string {
      const h = randomHex(16).split('');
      h[12] = '4';
      h[16] = '89ab'[parseInt(h[16]!, 16) & 3]!;
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };

  /* ---------- structuredClone ---------- */
  function structuredClone<T>(value: T): T {
    const seen = new Map<object, unknown>();
    const clone = (v: unknown): unknown => {
      if (typeof v === 'function' || typeof v === 'symbol') throw new TypeError(`${String(v)} could not be cloned`);
      if (v === null || typeof v !== 'object') return v;
      if (seen.has(v)) return seen.get(v);
      let out: object;
      if (Array.isArray(v)) {
        const array: unknown[] = [];
        seen.set(v, array);
        for (let i = 0; i < v.length; i++) array[i] = clone(v[i]);
        return array;
      }
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (ArrayBuffer.isView(v)) out = new (v.constructor as new (source: ArrayBufferView) => ArrayBufferView)(v);
      else if (v instanceof Map) {
        const map = new Map<unknown, unknown>();
        seen.set(v, map);
        for (const [k, val] of v) map.set(clone(k), clone(val));
        return map;
      } else if (v instanceof Set) {
        const set = new Set<unknown>();
        seen.set(v, set);
        for (const val of v) set.add(clone(val));
        return set;
      } else if (v instanceof Error) {
        const error = new Error(v.message);
        error.name = v.name;
        out = error;
      } else {
        const object: Record<string, unknown> = {};
        seen.set(v, object);
        for (const key of Object.keys(v)) object[key] = clone((v as Record<string, unknown>)[key]);
        return object;
      }
      seen.set(v, out);
      return out;
    };
    return clone(value) as T;
  }

  const globals: WebGlobals = { TextEncoder, TextDecoder, btoa, atob, crypto, structuredClone };
  for (const name of Object.keys(globals) as Array<keyof WebGlobals>) define(name, globals[name]);
  return { bytesToBase64, base64ToBytes, utf8Encode, utf8Decode, toBytes };
}

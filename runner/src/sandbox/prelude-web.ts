// @ts-nocheck — this function is serialized with toString() and runs inside the isolate,
// where none of the host's types or globals exist. It must not reference anything outside itself.

/**
 * Web-platform globals for the sandbox (SPEC §3): Headers, Response, URL, URLSearchParams,
 * TextEncoder/TextDecoder, atob/btoa, structuredClone, crypto. Host services arrive as
 * callbacks in `host`; everything else is plain JavaScript inside the isolate.
 */
export function installWebGlobals(host) {
  'use strict';
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });

  /* ---------- TextEncoder / TextDecoder (UTF-8) ---------- */
  // Sized first, then written into one buffer: a JS array of byte numbers would take eight
  // times the memory and fail large strings at the isolate's heap limit.
  function utf8Encode(input) {
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
  function utf8Decode(bytes) {
    let out = '';
    let chunk = [];
    for (let i = 0; i < bytes.length; ) {
      const b = bytes[i];
      let code = 0xfffd;
      let size = 1;
      if (b < 0x80) code = b;
      else if (b >= 0xc2 && b < 0xe0 && i + 1 < bytes.length) {
        code = ((b & 31) << 6) | (bytes[i + 1] & 63);
        size = 2;
      } else if (b >= 0xe0 && b < 0xf0 && i + 2 < bytes.length) {
        code = ((b & 15) << 12) | ((bytes[i + 1] & 63) << 6) | (bytes[i + 2] & 63);
        size = 3;
      } else if (b >= 0xf0 && b < 0xf5 && i + 3 < bytes.length) {
        code = ((b & 7) << 18) | ((bytes[i + 1] & 63) << 12) | ((bytes[i + 2] & 63) << 6) | (bytes[i + 3] & 63);
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
  function toBytes(input) {
    if (input instanceof Uint8Array) return input;
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw new TypeError('Expected an ArrayBuffer or an ArrayBuffer view');
  }
  class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(input = '') { return utf8Encode(input); }
  }
  class TextDecoder {
    constructor(label = 'utf-8') {
      if (!/^utf-?8$/i.test(String(label))) throw new RangeError(`The encoding "${label}" is not supported (only utf-8)`);
    }
    get encoding() { return 'utf-8'; }
    decode(input) { return input === undefined ? '' : utf8Decode(toBytes(input)); }
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
  function codesToString(codes, length) {
    const parts = [];
    for (let i = 0; i < length; i += CHUNK) {
      parts.push(String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + CHUNK))));
    }
    return parts.join('');
  }
  function bytesToBase64(bytes) {
    const length = bytes.length;
    const codes = new Uint8Array(Math.ceil(length / 3) * 4);
    let j = 0;
    for (let i = 0; i < length; i += 3) {
      const n = (bytes[i] << 16) | ((i + 1 < length ? bytes[i + 1] : 0) << 8) | (i + 2 < length ? bytes[i + 2] : 0);
      codes[j++] = B64_CODES[(n >> 18) & 63];
      codes[j++] = B64_CODES[(n >> 12) & 63];
      codes[j++] = i + 1 < length ? B64_CODES[(n >> 6) & 63] : 61;
      codes[j++] = i + 2 < length ? B64_CODES[n & 63] : 61;
    }
    return codesToString(codes, j);
  }
  function base64ToBytes(text) {
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
      buffer = ((buffer << 6) | B64_VALUES[clean.charCodeAt(i)]) & 0xffffff;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[j++] = (buffer >> bits) & 255;
      }
    }
    return out;
  }
  function btoa(input) {
    const str = String(input);
    const bytes = new Uint8Array(str.length);
    for (let i = 0; i < str.length; i++) {
      const code = str.charCodeAt(i);
      if (code > 255) throw new Error('btoa: the string contains characters outside of Latin1');
      bytes[i] = code;
    }
    return bytesToBase64(bytes);
  }
  function atob(input) {
    const bytes = base64ToBytes(input);
    return codesToString(bytes, bytes.length);
  }

  /* ---------- crypto ---------- */
  let pool = '';
  function randomHex(count) {
    if (pool.length < count * 2) pool += host.random(Math.max(256, count));
    const hex = pool.slice(0, count * 2);
    pool = pool.slice(count * 2);
    return hex;
  }
  const crypto = {
    getRandomValues(array) {
      if (!ArrayBuffer.isView(array) || array instanceof Float32Array || array instanceof Float64Array) {
        throw new TypeError('getRandomValues expects an integer typed array');
      }
      if (array.byteLength > 65536) throw new RangeError('getRandomValues: at most 65536 bytes');
      const hex = randomHex(array.byteLength);
      const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let i = 0; i < view.length; i++) view[i] = parseInt(hex.substr(i * 2, 2), 16);
      return array;
    },
    randomUUID() {
      const h = randomHex(16).split('');
      h[12] = '4';
      h[16] = '89ab'[parseInt(h[16], 16) & 3];
      const s = h.join('');
      return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
    },
  };

  /* ---------- structuredClone ---------- */
  function structuredClone(value) {
    const seen = new Map();
    const clone = (v) => {
      if (typeof v === 'function' || typeof v === 'symbol') throw new TypeError(`${String(v)} could not be cloned`);
      if (v === null || typeof v !== 'object') return v;
      if (seen.has(v)) return seen.get(v);
      let out;
      if (Array.isArray(v)) {
        out = [];
        seen.set(v, out);
        for (let i = 0; i < v.length; i++) out[i] = clone(v[i]);
        return out;
      }
      if (v instanceof Date) out = new Date(v.getTime());
      else if (v instanceof RegExp) out = new RegExp(v.source, v.flags);
      else if (v instanceof ArrayBuffer) out = v.slice(0);
      else if (ArrayBuffer.isView(v)) out = new v.constructor(v);
      else if (v instanceof Map) {
        out = new Map();
        seen.set(v, out);
        for (const [k, val] of v) out.set(clone(k), clone(val));
        return out;
      } else if (v instanceof Set) {
        out = new Set();
        seen.set(v, out);
        for (const val of v) out.add(clone(val));
        return out;
      } else if (v instanceof Error) {
        out = new Error(v.message);
        out.name = v.name;
      } else {
        out = {};
        seen.set(v, out);
        for (const key of Object.keys(v)) out[key] = clone(v[key]);
        return out;
      }
      seen.set(v, out);
      return out;
    };
    return clone(value);
  }

  define('TextEncoder', TextEncoder);
  define('TextDecoder', TextDecoder);
  define('btoa', btoa);
  define('atob', atob);
  define('crypto', crypto);
  define('structuredClone', structuredClone);
  return { bytesToBase64, base64ToBytes, utf8Encode, utf8Decode, toBytes };
}

// @ts-nocheck — serialized with toString() and run inside the isolate; self-contained.

/**
 * The per-run machinery inside the isolate: console and ctx.log, timers, building the
 * `request`/`ctx` objects from the JSON the host sends, calling the handler, and turning
 * any outcome into one string. Finally it freezes every built-in so that one run cannot
 * change what the next run of the same warm isolate sees.
 */
export function installRuntime(host, web, response) {
  'use strict';
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  let handler = null;
  let run = null; // { logLines, logBytes, logsTruncated, maxLogLines, maxLogBytes }

  /* ---------- logs ---------- */
  const MAX_LINE = 8192;
  function describe(value, depth = 0) {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return value.stack ? String(value.stack) : `${value.name}: ${value.message}`;
    if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol' || value === undefined || value === null) return String(value);
    if (typeof value !== 'object') return String(value);
    const seen = new WeakSet();
    try {
      const json = JSON.stringify(value, (key, v) => {
        if (typeof v === 'bigint') return `${v}n`;
        if (typeof v === 'function') return `[Function ${v.name || 'anonymous'}]`;
        if (v instanceof Map) return { '[Map]': [...v.entries()] };
        if (v instanceof Set) return { '[Set]': [...v.values()] };
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[Circular]';
          seen.add(v);
        }
        return v;
      });
      return json === undefined ? String(value) : json;
    } catch {
      return depth === 0 ? Object.prototype.toString.call(value) : '[Object]';
    }
  }
  function emit(level, args) {
    if (!run) return; // module-level code between runs has nowhere to log
    if (run.logsTruncated) return;
    let text = '';
    for (let i = 0; i < args.length; i++) {
      if (i > 0) text += ' ';
      text += describe(args[i]);
      if (text.length > MAX_LINE) break;
    }
    if (text.length > MAX_LINE) text = text.slice(0, MAX_LINE) + '… [line cut]';
    if (run.logLines >= run.maxLogLines || run.logBytes + text.length > run.maxLogBytes) {
      run.logsTruncated = true;
      return;
    }
    run.logLines++;
    run.logBytes += text.length;
    host.log(level, text, Date.now());
  }
  const logger = Object.freeze({
    debug: (...args) => emit('debug', args),
    info: (...args) => emit('info', args),
    warn: (...args) => emit('warn', args),
    error: (...args) => emit('error', args),
  });
  define(
    'console',
    Object.freeze({
      log: logger.info,
      info: logger.info,
      debug: logger.debug,
      trace: logger.debug,
      warn: logger.warn,
      error: logger.error,
    }),
  );

  /* ---------- timers: the host schedules, the isolate keeps the callbacks ---------- */
  const timers = new Map();
  let nextTimer = 1;
  function schedule(fn, ms, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('The callback must be a function');
    if (timers.size >= 10000) throw new RangeError('Too many pending timers (10000)');
    const id = nextTimer++;
    const delay = Math.max(repeat ? 1 : 0, Number(ms) || 0);
    timers.set(id, { run: () => fn(...args), delay, repeat });
    host.timerSet(id, delay);
    return id;
  }
  const setTimeout = (fn, ms = 0, ...args) => schedule(fn, ms, args, false);
  const setInterval = (fn, ms = 0, ...args) => schedule(fn, ms, args, true);
  function clearTimeout(id) {
    if (timers.delete(id)) host.timerClear(id);
  }
  function fire(id) {
    const timer = timers.get(id);
    if (!timer) return;
    if (timer.repeat) host.timerSet(id, timer.delay);
    else timers.delete(id);
    timer.run();
  }
  define('setTimeout', setTimeout);
  define('clearTimeout', clearTimeout);
  define('setInterval', setInterval);
  define('clearInterval', clearTimeout);
  define('queueMicrotask', (fn) => {
    if (typeof fn !== 'function') throw new TypeError('queueMicrotask expects a function');
    Promise.resolve().then(() => fn());
  });

  /* ---------- request / ctx ---------- */
  class UploadedFile {
    #data;
    constructor(file) {
      this.field = file.field;
      this.name = file.name;
      this.contentType = file.contentType;
      this.size = file.size;
      this.#data = file.dataBase64;
    }
    bytes() { return web.base64ToBytes(this.#data); }
    arrayBuffer() { return this.bytes().buffer; }
    text() { return web.utf8Decode(this.bytes()); }
    base64() { return this.#data; }
  }
  function buildRequest(raw) {
    raw.files = raw.files.map((file) => new UploadedFile(file));
    return raw;
  }
  function buildCtx(raw) {
    return {
      event: Object.freeze(raw.event),
      script: Object.freeze(raw.script),
      process: Object.freeze(raw.process),
      user: raw.user ? Object.freeze(raw.user) : null,
      secrets: Object.freeze(raw.secrets),
      log: logger,
    };
  }

  /* ---------- errors: re-made as plain data before they cross ---------- */
  function describeError(error) {
    try {
      if (error instanceof response.ResultError) {
        return { code: error.code, name: 'Error', message: String(error.message) };
      }
      if (error instanceof Error) {
        const stack = String(error.stack ?? '')
          .split('\n')
          .filter((line, i) => i > 0 && line.includes('scenario.js'))
          .join('\n');
        const name = String(error.name);
        const message = String(error.message);
        return { code: 'scenario_error', name, message, stack: `${name}: ${message}${stack ? '\n' + stack : ''}` };
      }
      return { code: 'scenario_error', name: 'Error', message: `The scenario threw a non-Error value: ${describe(error).slice(0, 1000)}` };
    } catch {
      return { code: 'scenario_error', name: 'Error', message: 'The scenario threw a value that cannot be described' };
    }
  }

  async function runOnce(payload) {
    const { request, ctx, limits } = JSON.parse(payload);
    run = { logLines: 0, logBytes: 0, logsTruncated: false, maxLogLines: limits.maxLogLines, maxLogBytes: limits.maxLogBytes };
    host.limits.maxResultBytes = limits.maxResultBytes;
    let out;
    try {
      if (typeof handler !== 'function') throw new TypeError('The scenario has no default export function');
      out = response.serialize(await handler(buildRequest(request), buildCtx(ctx)));
    } catch (error) {
      out = 'E' + JSON.stringify(describeError(error));
    }
    const truncated = run.logsTruncated;
    const count = run.logLines;
    run = null;
    timers.clear();
    return (truncated ? '1' : '0') + count + ':' + out;
  }

  function install(namespace) {
    handler = namespace.default;
    if (typeof handler !== 'function') throw new TypeError('The scenario must export a default function');
  }

  /* ---------- freeze every built-in before user code runs ---------- */
  function hardenOverrides(proto, names) {
    for (const name of names) {
      const desc = Object.getOwnPropertyDescriptor(proto, name);
      if (!desc || !('value' in desc)) continue;
      const value = desc.value;
      // Keeps `obj.toString = fn` working on instances once the prototype is frozen.
      Object.defineProperty(proto, name, {
        get() { return value; },
        set(next) {
          if (this === proto) throw new TypeError(`Cannot assign to read only property '${name}' of a built-in`);
          Object.defineProperty(this, name, { value: next, writable: true, enumerable: true, configurable: true });
        },
        enumerable: desc.enumerable,
        configurable: false,
      });
    }
  }
  function deepFreeze(root) {
    const seen = new Set();
    const stack = [root];
    while (stack.length) {
      const value = stack.pop();
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) continue;
      seen.add(value);
      Object.freeze(value);
      stack.push(Object.getPrototypeOf(value));
      for (const key of Reflect.ownKeys(value)) {
        const desc = Object.getOwnPropertyDescriptor(value, key);
        if (!desc) continue;
        if ('value' in desc) stack.push(desc.value);
        else stack.push(desc.get, desc.set);
      }
    }
  }
  function freezeBuiltins() {
    for (const name of ['SharedArrayBuffer', 'Atomics', 'WebAssembly']) delete globalThis[name];
    hardenOverrides(Object.prototype, ['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty']);
    hardenOverrides(Error.prototype, ['constructor', 'name', 'message', 'toString']);
    hardenOverrides(Function.prototype, ['toString']);
    const hidden = [
      Object.getPrototypeOf(async function () {}),
      Object.getPrototypeOf(function* () {}),
      Object.getPrototypeOf(async function* () {}),
      Object.getPrototypeOf([][Symbol.iterator]()),
      Object.getPrototypeOf(new Map()[Symbol.iterator]()),
      Object.getPrototypeOf(new Set()[Symbol.iterator]()),
      Object.getPrototypeOf(''[Symbol.iterator]()),
      Object.getPrototypeOf('a'.matchAll(/a/g)),
      Object.getPrototypeOf(Uint8Array),
    ];
    for (const intrinsic of hidden) deepFreeze(intrinsic);
    for (const name of Reflect.ownKeys(globalThis)) {
      if (name === 'globalThis') continue;
      const desc = Object.getOwnPropertyDescriptor(globalThis, name);
      if (!desc) continue;
      if (!('value' in desc)) continue;
      deepFreeze(desc.value);
      if (desc.configurable) Object.defineProperty(globalThis, name, { writable: false, configurable: false });
    }
  }

  return { runOnce, install, fire, freezeBuiltins };
}

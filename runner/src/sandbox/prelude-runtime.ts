// @ts-nocheck — serialized with toString() and run inside the isolate; self-contained.

/**
 * The per-run machinery inside the isolate: console and ctx.log, timers, building the
 * `request`/`ctx` objects from the JSON the host sends, calling the handler, and turning
 * any outcome into one string (plus, for a binary body, its bytes as an ArrayBuffer).
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
      // Told at once, so that a run killed later is still recorded as cut.
      host.logCut();
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
    #bytes;
    constructor(file, bytes) {
      this.field = file.field;
      this.name = file.name;
      this.contentType = file.contentType;
      this.size = file.size;
      // The host hands the bytes in as an ArrayBuffer (decoded natively, not from base64 here).
      this.#bytes = bytes ? new Uint8Array(bytes) : web.base64ToBytes(file.dataBase64 ?? '');
    }
    bytes() { return this.#bytes.slice(); }
    arrayBuffer() { return this.bytes().buffer; }
    text() { return web.utf8Decode(this.#bytes); }
    base64() { return web.bytesToBase64(this.#bytes); }
  }
  function buildRequest(raw, fileBytes) {
    raw.files = raw.files.map((file, i) => new UploadedFile(file, fileBytes[i]));
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

  // The bytes of the last run's binary body, until the host takes them (see takeBytes).
  let outBytes = null;

  async function runOnce(payload, ...fileBytes) {
    outBytes = null;
    const { request, ctx, limits } = JSON.parse(payload);
    run = { logLines: 0, logBytes: 0, logsTruncated: false, maxLogLines: limits.maxLogLines, maxLogBytes: limits.maxLogBytes };
    host.limits.maxResultBytes = limits.maxResultBytes;
    response.takeBytes(); // nothing of an earlier run may leave with this one
    let out;
    try {
      if (typeof handler !== 'function') throw new TypeError('The scenario has no default export function');
      out = response.serialize(await handler(buildRequest(request, fileBytes), buildCtx(ctx)));
    } catch (error) {
      out = 'E' + JSON.stringify(describeError(error));
    }
    const truncated = run.logsTruncated;
    const count = run.logLines;
    run = null;
    timers.clear();
    // A binary body leaves as an ArrayBuffer the host takes with a second call, never as a
    // base64 string built here; the result itself stays one plain string, the cheapest crossing.
    outBytes = out[0] === 'R' ? response.takeBytes() : null;
    return (truncated ? '1' : '0') + count + ':' + out;
  }

  function takeBytes() {
    const bytes = outBytes;
    outBytes = null;
    return bytes;
  }

  function install(namespace) {
    handler = namespace.default;
    // Timers set while the module was evaluated must not fire between runs, outside any limit.
    timers.clear();
    if (typeof handler !== 'function') throw new TypeError('The scenario must export a default function');
  }

  return { runOnce, install, fire, takeBytes };
}

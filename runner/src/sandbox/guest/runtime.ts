import type { GuestApi, GuestLimits, GuestLogLevel, HostCallbacks, PayloadFile, RunPayload } from './boundary.js';
import type { HostCallParts } from './host-calls.js';
import type { ResponseParts } from './response.js';
import type { WebParts } from './web.js';

// Guest code: self-contained, shipped with toString() (see web.ts). At module level these
// names are the editor's declarations; inside the install function, the implementations.
interface RuntimeGlobals {
  console: typeof console;
  setTimeout: typeof setTimeout;
  clearTimeout: typeof clearTimeout;
  setInterval: typeof setInterval;
  clearInterval: typeof clearInterval;
  queueMicrotask: typeof queueMicrotask;
}

/**
 * The per-run machinery inside the isolate: console and ctx.log, timers, building the
 * `request`/`ctx` objects from the JSON the host sends, calling the handler, and turning
 * any outcome into one string (plus, for a binary body, its bytes as an ArrayBuffer).
 */
export function installRuntime(
  host: HostCallbacks,
  limits: GuestLimits,
  web: WebParts,
  response: ResponseParts,
  outbound: { calls: HostCallParts; mail: ScenarioMail },
): Omit<GuestApi, 'freezeBuiltins' | 'settle'> {
  'use strict';
  const define = (name: string, value: unknown) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  let handler: unknown = null;
  let run: {
    logLines: number;
    logBytes: number;
    logsTruncated: boolean;
    maxLogLines: number;
    maxLogBytes: number;
  } | null = null;

  /* ---------- logs ---------- */
  const MAX_LINE = 8192;
  function describe(value: unknown, depth = 0): string {
    if (typeof value === 'string') return value;
    if (value instanceof Error) return value.stack ? String(value.stack) : `${value.name}: ${value.message}`;
    if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol' || value === undefined || value === null) return String(value);
    if (typeof value !== 'object') return String(value);
    const seen = new WeakSet<object>();
    try {
      const json = JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === 'bigint') return `${v}n`;
        if (typeof v === 'function') return `[Function ${v.name || 'anonymous'}]`;
        if (v instanceof Map) return { '[Map]': [...v.entries()] };
        if (v instanceof Set) return { '[Set]': [...v.values()] };
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[Circular]';
          seen.add(v);
        }
        return v;
      }) as string | undefined;
      return json === undefined ? String(value) : json;
    } catch {
      return depth === 0 ? Object.prototype.toString.call(value) : '[Object]';
    }
  }
  function emit(level: GuestLogLevel, args: unknown[]): void {
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
  const logger: ScenarioLogger = Object.freeze({
    debug: (...args: unknown[]) => emit('debug', args),
    info: (...args: unknown[]) => emit('info', args),
    warn: (...args: unknown[]) => emit('warn', args),
    error: (...args: unknown[]) => emit('error', args),
  });
  const console = Object.freeze({
    log: logger.info,
    info: logger.info,
    debug: logger.debug,
    trace: logger.debug,
    warn: logger.warn,
    error: logger.error,
  });

  /* ---------- timers: the host schedules, the isolate keeps the callbacks ---------- */
  const timers = new Map<number, { run: () => void; delay: number; repeat: boolean }>();
  let nextTimer = 1;
  function schedule(fn: unknown, ms: unknown, args: unknown[], repeat: boolean): number {
    if (typeof fn !== 'function') throw new TypeError('The callback must be a function');
    if (timers.size >= 10000) throw new RangeError('Too many pending timers (10000)');
    const id = nextTimer++;
    const delay = Math.max(repeat ? 1 : 0, Number(ms) || 0);
    timers.set(id, { run: () => fn(...args), delay, repeat });
    host.timerSet(id, delay);
    return id;
  }
  const setTimeout = (fn: unknown, ms: unknown = 0, ...args: unknown[]) => schedule(fn, ms, args, false);
  const setInterval = (fn: unknown, ms: unknown = 0, ...args: unknown[]) => schedule(fn, ms, args, true);
  function clearTimeout(id: unknown): void {
    if (timers.delete(id as number)) host.timerClear(id as number);
  }
  function fire(id: number): void {
    const timer = timers.get(id);
    if (!timer) return;
    if (timer.repeat) host.timerSet(id, timer.delay);
    else timers.delete(id);
    timer.run();
  }
  const queueMicrotask = (fn: unknown) => {
    if (typeof fn !== 'function') throw new TypeError('queueMicrotask expects a function');
    Promise.resolve().then(() => fn());
  };
  const globals: RuntimeGlobals = {
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval: clearTimeout,
    queueMicrotask,
  };
  for (const name of Object.keys(globals) as Array<keyof RuntimeGlobals>) define(name, globals[name]);

  /* ---------- request / ctx ---------- */
  class UploadedFile {
    field: string;
    name: string;
    contentType: string;
    size: number;
    #bytes: Uint8Array<ArrayBuffer>;
    constructor(file: PayloadFile, bytes: ArrayBuffer | undefined) {
      this.field = file.field;
      this.name = file.name;
      this.contentType = file.contentType;
      this.size = file.size;
      // The host hands the bytes in as an ArrayBuffer (decoded natively, not from base64 here).
      this.#bytes = bytes ? new Uint8Array(bytes) : web.base64ToBytes(file.dataBase64 ?? '');
    }
    bytes(): Uint8Array<ArrayBuffer> {
      return this.#bytes.slice();
    }
    arrayBuffer(): ArrayBuffer {
      return this.bytes().buffer;
    }
    text(): string {
      return web.utf8Decode(this.#bytes);
    }
    base64(): string {
      return web.bytesToBase64(this.#bytes);
    }
  }
  // Built in place from the parsed JSON: only `files` changes, from descriptions to readable files.
  function buildRequest(raw: RunPayload['request'], fileBytes: ArrayBuffer[]): ScenarioRequest {
    const files: ScenarioFile[] = raw.files.map((file, i) => new UploadedFile(file, fileBytes[i]));
    return Object.assign(raw, { files });
  }
  function buildCtx(raw: RunPayload['ctx']): ScenarioContext {
    return {
      event: Object.freeze(raw.event),
      script: Object.freeze(raw.script),
      // Field by field, as the editor declares it: a field added to the host's side is not exposed by accident.
      process: Object.freeze({ id: raw.process.id, attempt: raw.process.attempt }),
      user: raw.user ? Object.freeze(raw.user) : null,
      secrets: Object.freeze(raw.secrets),
      log: logger,
      mail: outbound.mail,
    };
  }

  /* ---------- errors: re-made as plain data before they cross ---------- */
  function describeError(error: unknown): { code: string; name: string; message: string; stack?: string } {
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
      return {
        code: 'scenario_error',
        name: 'Error',
        message: `The scenario threw a non-Error value: ${describe(error).slice(0, 1000)}`,
      };
    } catch {
      return { code: 'scenario_error', name: 'Error', message: 'The scenario threw a value that cannot be described' };
    }
  }

  // The bytes of the last run's binary body, until the host takes them (see takeBytes).
  let outBytes: ArrayBuffer | null = null;

  // The run started last: its promise until it settles, then its head until the host takes it.
  let pending: Promise<string> | null = null;
  let settledHead: string | null = null;

  function start(payload: string, ...fileBytes: ArrayBuffer[]): void {
    settledHead = null;
    pending = (async () => {
      outBytes = null;
      const { request, ctx, limits: runLimits, outbound: outboundLimits } = JSON.parse(payload) as RunPayload;
      run = {
        logLines: 0,
        logBytes: 0,
        logsTruncated: false,
        maxLogLines: runLimits.maxLogLines,
        maxLogBytes: runLimits.maxLogBytes,
      };
      limits.maxResultBytes = runLimits.maxResultBytes;
      response.takeBytes(); // nothing of an earlier run may leave with this one
      outbound.calls.beginRun(outboundLimits);
      let out: string;
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
      // Requests the scenario did not wait for end with it: their answers will run no code.
      const calls = outbound.calls.endRun();
      // A binary body leaves as an ArrayBuffer the host takes with a second call, never as a
      // base64 string built here; the result itself stays one plain string, the cheapest crossing.
      outBytes = out[0] === 'R' ? response.takeBytes() : null;
      return (settledHead = (truncated ? '1' : '0') + count + ',' + calls + ':' + out);
    })();
  }

  function poll(): string {
    const head = settledHead;
    if (head === null) return '';
    settledHead = null;
    pending = null;
    return head;
  }

  function settled(): Promise<string> {
    const done = pending ?? Promise.resolve('');
    pending = null;
    settledHead = null;
    return done;
  }

  function runOnce(payload: string, ...fileBytes: ArrayBuffer[]): Promise<string> {
    start(payload, ...fileBytes);
    return settled();
  }

  function takeBytes(): ArrayBuffer | null {
    const bytes = outBytes;
    outBytes = null;
    return bytes;
  }

  function install(namespace: { default?: unknown }): void {
    handler = namespace.default;
    // Timers set while the module was evaluated must not fire between runs, outside any limit.
    timers.clear();
    if (typeof handler !== 'function') throw new TypeError('The scenario must export a default function');
  }

  return { runOnce, start, poll, settled, install, fire, takeBytes };
}

import { randomBytes } from 'node:crypto';
import { ivm, type Context, type Isolate, type Reference } from './ivm.js';
import { PRELUDE_SOURCE } from './prelude.js';

/** Where a run's log lines go, and how it learns that the isolate started cutting them. */
export interface LogSink {
  line(level: string, text: string, time: number): void;
  cut(): void;
}

export interface RawResult {
  /** Lines the isolate emitted in this run (the host waits until it has them all). */
  logCount: number;
  logsTruncated: boolean;
  /** The serialized result: U, T<text>, J<json>, R<envelope>, E<error> (see prelude-response). */
  payload: string;
  /** The bytes of a binary response body (the envelope's body is `{ type: 'bytes' }`). */
  bytes?: ArrayBuffer;
}

export interface CreateOptions {
  key: string;
  code: string;
  memoryMb: number;
  /** Creation, module evaluation included, is stopped (the isolate disposed) past this. */
  timeoutMs: number;
  /** Called by isolated-vm when this isolate breaks beyond repair; the worker must die. */
  onCatastrophe: (message: string) => void;
  /** Aborted when the run waiting for this isolate is stopped: creation stops with it. */
  signal?: AbortSignal;
}

/** How a response envelope whose body is binary ends (see prelude-response `serializeResponse`). */
const BYTES_BODY_SUFFIX = '"body":{"type":"bytes"}}';

/** How long an idle isolate may take to report its heap before it is thrown away. */
const HEAP_CHECK_TIMEOUT_MS = 1_000;

/**
 * Heap checks in progress and when each started. One timer watches them all: a timer per
 * check would cost the hot path more than the check itself.
 */
const heapChecks = new Map<ScenarioIsolate, number>();
let heapWatch: NodeJS.Timeout | null = null;

function watchHeapChecks(): void {
  if (heapWatch) return;
  heapWatch = setInterval(() => {
    const tooOld = Date.now() - HEAP_CHECK_TIMEOUT_MS;
    for (const [isolate, started] of heapChecks) if (started < tooOld) isolate.dispose();
    if (heapChecks.size === 0 && heapWatch) {
      clearInterval(heapWatch);
      heapWatch = null;
    }
  }, HEAP_CHECK_TIMEOUT_MS / 4);
  heapWatch.unref();
}

const URL_PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'] as const;
const SETTABLE = new Set<string>(URL_PARTS.filter((part) => part !== 'origin'));

function urlJson(url: URL): string {
  const parts: Record<string, string> = {};
  for (const part of URL_PARTS) parts[part] = url[part];
  return JSON.stringify(parts);
}

/** Host side of the URL global: the isolate hands strings, gets strings back. */
/** Longer inputs are refused: parsing them would hold the worker's main thread. */
const MAX_URL_INPUT = 64 * 1024;
/** Timers one isolate may have pending; more are refused (each is a host timer). */
export const MAX_TIMERS = 10_000;

function parseUrl(input: unknown, base: unknown): string {
  try {
    if (String(input).length > MAX_URL_INPUT || (typeof base === 'string' && base.length > MAX_URL_INPUT)) return '';
    const url = typeof base === 'string' ? new URL(String(input), base) : new URL(String(input));
    return urlJson(url);
  } catch {
    return '';
  }
}

function setUrlPart(href: unknown, part: unknown, value: unknown): string {
  try {
    if (typeof part !== 'string' || !SETTABLE.has(part)) return '';
    if (String(href).length > MAX_URL_INPUT || String(value).length > MAX_URL_INPUT) return '';
    const url = new URL(String(href));
    (url as unknown as Record<string, string>)[part] = String(value);
    return urlJson(url);
  } catch {
    return '';
  }
}

/**
 * One isolate running one scenario version, reused warm across its runs (one at a time).
 * Its prelude installs the sandbox globals and freezes the built-ins before the scenario's
 * module is evaluated. Everything that crosses is a string or a number.
 */
export class ScenarioIsolate {
  lastUsed = Date.now();
  runs = 0;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private sink: LogSink | null = null;
  private disposed = false;

  private constructor(
    readonly key: string,
    private readonly isolate: Isolate,
    private readonly context: Context,
    private readonly runRef: Reference,
    private readonly fireRef: Reference,
    private readonly takeBytesRef: Reference,
  ) {}

  static async create(options: CreateOptions): Promise<ScenarioIsolate> {
    const lib = ivm();
    const isolate = new lib.Isolate({ memoryLimit: options.memoryMb, onCatastrophicError: options.onCatastrophe });
    const stop = () => {
      if (!isolate.isDisposed) isolate.dispose();
    };
    const timer = setTimeout(stop, options.timeoutMs);
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      if (options.signal?.aborted) throw new Error('Isolate is disposed');
      let self: ScenarioIsolate | null = null;
      const callbacks = [
        new lib.Callback((level: string, text: string, time: number) => self?.sink?.line(level, text, time), { ignored: true }),
        new lib.Callback(() => self?.sink?.cut(), { ignored: true }),
        new lib.Callback((input: string, base: string | null) => parseUrl(input, base)),
        new lib.Callback((href: string, part: string, value: string) => setUrlPart(href, part, value)),
        new lib.Callback((count: number) => randomBytes(Math.min(65536, Math.max(1, Number(count) || 1))).toString('hex')),
        new lib.Callback((id: number, ms: number) => self?.setTimer(id, ms), { ignored: true }),
        new lib.Callback((id: number) => self?.clearTimer(id), { ignored: true }),
      ];
      // Synchronous calls are safe up to the freeze: only the prelude has run in this isolate,
      // and it schedules nothing. Everything after the scenario's code is compiled is async.
      const context = isolate.createContextSync();
      const prelude = isolate.compileScriptSync(PRELUDE_SOURCE, { filename: 'sandbox-prelude.js' });
      const factory = prelude.runSync(context, { reference: true }) as Reference;
      const api = factory.applySync(undefined, callbacks, { result: { reference: true } }) as Reference;
      const runRef = api.getSync('runOnce', { reference: true });
      const fireRef = api.getSync('fire', { reference: true });
      const installRef = api.getSync('install', { reference: true });
      api.getSync('freezeBuiltins', { reference: true }).applySync(undefined, []);
      const takeBytesRef = api.getSync('takeBytes', { reference: true });
      self = new ScenarioIsolate(options.key, isolate, context, runRef, fireRef, takeBytesRef);

      const module = await isolate.compileModule(options.code, { filename: 'scenario.js' });
      await module.instantiate(context, (specifier) => {
        throw new Error(`Cannot import "${specifier}": the sandbox has no modules`);
      });
      await module.evaluate({ timeout: options.timeoutMs });
      await installRef.apply(undefined, [module.namespace.derefInto()], { timeout: options.timeoutMs });
      // Timers the module set while it was evaluated die with the evaluation.
      self.clearAllTimers();
      if (isolate.isDisposed) throw new Error('Isolate is disposed');
      return self;
    } catch (error) {
      stop();
      throw error;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', stop);
    }
  }

  get isDisposed(): boolean {
    return this.disposed || this.isolate.isDisposed;
  }

  /**
   * CPU time of the isolate in milliseconds (cumulative). A synchronous read that is safe at
   * any time: isolated-vm takes only its timer mutex, it never enters the isolate.
   */
  cpuMs(): number {
    try {
      return Number(this.isolate.cpuTime) / 1e6;
    } catch {
      return 0;
    }
  }

  /**
   * Used heap as a fraction of its limit; 1 when it cannot be read. Asynchronous: the
   * statistics are read on the isolate's own thread. An isolate that does not answer within
   * HEAP_CHECK_TIMEOUT_MS is disposed (it is busy with something no run asked for).
   */
  async heapRatio(): Promise<number> {
    heapChecks.set(this, Date.now());
    watchHeapChecks();
    try {
      const stats = await this.isolate.getHeapStatistics();
      return stats.used_heap_size / stats.heap_size_limit;
    } catch {
      return 1;
    } finally {
      heapChecks.delete(this);
    }
  }

  /** Runs the handler once. `files` are the uploaded files' bytes, in request order. */
  async run(payload: string, files: ArrayBuffer[], sink: LogSink): Promise<RawResult> {
    this.sink = sink;
    this.runs++;
    this.lastUsed = Date.now();
    try {
      const head = String(
        await this.runRef.apply(undefined, files.length > 0 ? [payload, ...files] : [payload], {
          ...(files.length > 0 ? { arguments: { copy: true } } : {}),
          result: { promise: true },
        }),
      );
      const colon = head.indexOf(':');
      const result = head.slice(colon + 1);
      // The envelope's body is its last field: `{"type":"bytes"}` means the bytes wait inside.
      const bytes = result[0] === 'R' && result.endsWith(BYTES_BODY_SUFFIX)
        ? await this.takeBytesRef.apply(undefined, [], { result: { copy: true } })
        : undefined;
      return {
        logsTruncated: head[0] === '1',
        logCount: Number(head.slice(1, colon)),
        payload: result,
        ...(bytes instanceof ArrayBuffer ? { bytes } : {}),
      };
    } finally {
      this.clearAllTimers();
    }
  }

  /**
   * Stops whatever runs in the isolate at once (also the way a deadline kills a run).
   * Synchronous on purpose and safe: disposing terminates execution, it runs no guest code.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearAllTimers();
    this.sink = null;
    try {
      if (!this.isolate.isDisposed) this.isolate.dispose();
    } catch {
      /* already gone */
    }
  }

  private setTimer(id: number, ms: number): void {
    if (this.disposed || (this.timers.size >= MAX_TIMERS && !this.timers.has(id))) return;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      if (!this.disposed) this.fireRef.applyIgnored(undefined, [id]);
    }, Math.min(Math.max(0, Number(ms) || 0), 2_147_483_647));
    this.timers.set(id, timer);
  }

  private clearTimer(id: number): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
  }

  private clearAllTimers(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

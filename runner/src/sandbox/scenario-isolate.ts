import { randomBytes } from 'node:crypto';
import { ivm, type Context, type Isolate, type Reference } from './ivm.js';
import { PRELUDE_SOURCE } from './prelude.js';

export type LogSink = (level: string, text: string, time: number) => void;

export interface RawResult {
  /** Lines the isolate emitted in this run (the host waits until it has them all). */
  logCount: number;
  logsTruncated: boolean;
  /** The serialized result: U, T<text>, J<json>, R<envelope>, E<error> (see prelude-response). */
  payload: string;
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
  private logSink: LogSink | null = null;
  private disposed = false;

  private constructor(
    readonly key: string,
    private readonly isolate: Isolate,
    private readonly context: Context,
    private readonly runRef: Reference,
    private readonly fireRef: Reference,
  ) {}

  static async create(key: string, code: string, memoryMb: number, evalTimeoutMs: number, onCatastrophe: (message: string) => void) {
    const lib = ivm();
    const isolate = new lib.Isolate({ memoryLimit: memoryMb, onCatastrophicError: onCatastrophe });
    try {
      const context = isolate.createContextSync();
      let self: ScenarioIsolate | null = null;
      const callbacks = [
        new lib.Callback((level: string, text: string, time: number) => self?.logSink?.(level, text, time), { ignored: true }),
        new lib.Callback((input: string, base: string | null) => parseUrl(input, base)),
        new lib.Callback((href: string, part: string, value: string) => setUrlPart(href, part, value)),
        new lib.Callback((count: number) => randomBytes(Math.min(65536, Math.max(1, Number(count) || 1))).toString('hex')),
        new lib.Callback((id: number, ms: number) => self?.setTimer(id, ms), { ignored: true }),
        new lib.Callback((id: number) => self?.clearTimer(id), { ignored: true }),
      ];
      const prelude = isolate.compileScriptSync(PRELUDE_SOURCE, { filename: 'sandbox-prelude.js' });
      const factory = prelude.runSync(context, { reference: true }) as Reference;
      const api = factory.applySync(undefined, callbacks, { result: { reference: true } }) as Reference;
      const runRef = api.getSync('runOnce', { reference: true });
      const fireRef = api.getSync('fire', { reference: true });
      const installRef = api.getSync('install', { reference: true });
      api.getSync('freezeBuiltins', { reference: true }).applySync(undefined, []);
      self = new ScenarioIsolate(key, isolate, context, runRef, fireRef);

      const module = isolate.compileModuleSync(code, { filename: 'scenario.js' });
      module.instantiateSync(context, (specifier) => {
        throw new Error(`Cannot import "${specifier}": the sandbox has no modules`);
      });
      await module.evaluate({ timeout: evalTimeoutMs });
      installRef.applySync(undefined, [module.namespace.derefInto()]);
      return self;
    } catch (error) {
      if (!isolate.isDisposed) isolate.dispose();
      throw error;
    }
  }

  get isDisposed(): boolean {
    return this.disposed || this.isolate.isDisposed;
  }

  /** CPU time of the isolate in milliseconds (cumulative). */
  cpuMs(): number {
    try {
      return Number(this.isolate.cpuTime) / 1e6;
    } catch {
      return 0;
    }
  }

  /** Used heap as a fraction of its limit; 1 when it cannot be read. */
  heapRatio(): number {
    try {
      const stats = this.isolate.getHeapStatisticsSync();
      return stats.used_heap_size / stats.heap_size_limit;
    } catch {
      return 1;
    }
  }

  async run(payload: string, sink: LogSink): Promise<RawResult> {
    this.logSink = sink;
    this.runs++;
    this.lastUsed = Date.now();
    try {
      const raw = String(await this.runRef.apply(undefined, [payload], { result: { promise: true } }));
      const colon = raw.indexOf(':');
      return { logsTruncated: raw[0] === '1', logCount: Number(raw.slice(1, colon)), payload: raw.slice(colon + 1) };
    } finally {
      this.clearAllTimers();
    }
  }

  /** Stops whatever runs in the isolate at once (also the way a deadline kills a run). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clearAllTimers();
    this.logSink = null;
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

import type { GuestApi, HostCallbacks } from '../guest/boundary.js';
import { parseUrl, randomHex, setUrlPart, toIsolateCallbacks } from './host-callbacks.js';
import { ivm, type Context, type Isolate, type Reference } from './ivm.js';
import { PRELUDE_SOURCE } from './prelude-source.js';
import type { SliceWatch } from './slice-watch.js';

/** Where a run's log lines go, and how it learns that the isolate started cutting them. */
export interface LogSink {
  line(level: string, text: string, time: number): void;
  cut(): void;
}

/** Hands one call's answer to the guest, while the run that made the call is still going. */
export type Answer = (head: string, bytes: ArrayBuffer | null) => void;

/** The run's services outside the isolate (fetch, operations for the server); arguments are untrusted. */
export interface RunServices {
  fetchStart(id: number, request: string, body: ArrayBuffer | null, answer: Answer): void;
  fetchAbort(id: number): void;
  opStart(id: number, name: string, payload: string, answer: Answer): void;
}

export interface RawResult {
  /** Lines the isolate emitted in this run (the host waits until it has them all). */
  logCount: number;
  /** Fetches and operations the run handed to the host (see `callsReceived`). */
  callCount: number;
  logsTruncated: boolean;
  /** The serialized result: U, T<text>, J<json>, R<envelope>, E<error> (see guest/response.ts). */
  payload: string;
  /** The bytes of a binary response body (the envelope's body is `{ type: 'bytes' }`). */
  bytes?: ArrayBuffer;
}

/**
 * A run given a synchronous slice (see `ScenarioIsolate.run`) did not finish within it. Nothing
 * of it left the isolate: the caller disposes the isolate and runs the job again, asynchronously.
 */
export class SliceExceeded extends Error {
  /**
   * @param computedMs CPU time the run used in its slice: less than the slice when the worker
   * was not given the CPU (a busy machine), rather than the scenario computing for long.
   */
  constructor(readonly computedMs: number) {
    super('The run did not finish within its synchronous slice');
  }
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

/** How a response envelope whose body is binary ends (see guest/response.ts `serializeResponse`). */
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

/** Timers one isolate may have pending; more are refused (each is a host timer). */
const MAX_TIMERS = 10_000;

/**
 * One isolate running one scenario version, reused warm across its runs (one at a time).
 * Its prelude installs the sandbox globals and freezes the built-ins before the scenario's
 * module is evaluated. Everything that crosses is a string or a number.
 */
export class ScenarioIsolate {
  lastUsed = Date.now();
  runs = 0;
  /**
   * True while everything this isolate ran was synchronous, within a timeout (`applySync`), and
   * ran to its end: then nothing can still be going on in it between runs, and a synchronous call
   * into it cannot find it busy and block the worker's thread. An asynchronous run (one that
   * waited for the network or a timer, or was not given a slice) ends that for good.
   */
  private idleBetweenRuns = true;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  /** A run is going: timers may be set (calls are taken until `endRun`). */
  private running = false;
  /**
   * Fetches and operations of this run that reached the host. A synchronous run's calls arrive
   * after its end: the host waits for as many as the guest reports, then `endRun`.
   */
  callsReceived = 0;
  private sink: LogSink | null = null;
  private services: RunServices | null = null;
  private disposed = false;

  private constructor(
    readonly key: string,
    private readonly isolate: Isolate,
    private readonly context: Context,
    private readonly runRef: Reference,
    private readonly startRef: Reference,
    private readonly pollRef: Reference,
    private readonly settledRef: Reference,
    private readonly fireRef: Reference,
    private readonly takeBytesRef: Reference,
    private readonly settleRef: Reference,
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
      const callbacks: HostCallbacks = {
        log: (level, text, time) => self?.sink?.line(level, text, time),
        logCut: () => self?.sink?.cut(),
        urlParse: parseUrl,
        urlSet: setUrlPart,
        random: randomHex,
        timerSet: (id, ms) => self?.setTimer(id, ms),
        timerClear: (id) => self?.clearTimer(id),
        fetchStart: (id, request, body) => self?.fetchStart(Number(id), String(request), body),
        fetchAbort: (id) => self?.services?.fetchAbort(Number(id)),
        opStart: (id, name, payload) => self?.opStart(Number(id), String(name), String(payload)),
      };
      // Synchronous calls are safe up to the freeze: only the prelude has run in this isolate,
      // and it schedules nothing. Everything after the scenario's code is compiled is async.
      const context = isolate.createContextSync();
      const prelude = isolate.compileScriptSync(PRELUDE_SOURCE, { filename: 'sandbox-prelude.js' });
      const factory = prelude.runSync(context, { reference: true }) as Reference;
      // One object of named callbacks, copied in: the guest checks it has exactly the names it needs.
      const api = factory.applySync(undefined, [toIsolateCallbacks(lib, callbacks)], {
        arguments: { copy: true },
        result: { reference: true },
      }) as Reference;
      const member = (name: keyof GuestApi) => api.getSync(name, { reference: true });
      const runRef = member('runOnce');
      const startRef = member('start');
      const pollRef = member('poll');
      const settledRef = member('settled');
      const fireRef = member('fire');
      const installRef = member('install');
      member('freezeBuiltins').applySync(undefined, []);
      const takeBytesRef = member('takeBytes');
      const settleRef = member('settle');
      self = new ScenarioIsolate(
        options.key,
        isolate,
        context,
        runRef,
        startRef,
        pollRef,
        settledRef,
        fireRef,
        takeBytesRef,
        settleRef,
      );

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

  /**
   * The heap ratio read at once, on this thread: only for an isolate idle between runs (see
   * `idleBetweenRuns`); any other goes through `heapRatio`.
   */
  heapRatioNow(): number | null {
    if (!this.idleBetweenRuns || this.isDisposed) return null;
    try {
      const stats = this.isolate.getHeapStatisticsSync();
      return stats.used_heap_size / stats.heap_size_limit;
    } catch {
      return 1;
    }
  }

  /** Whether a run may be given a synchronous slice in this isolate (see `run`). */
  get takesSlices(): boolean {
    return this.idleBetweenRuns && !this.isDisposed;
  }

  /**
   * Runs the handler once. `files` are the uploaded files' bytes, in request order.
   *
   * With `sliceMs`, the run first goes on this thread, synchronously (`applySync`, which costs
   * a tenth of an asynchronous call and no thread switch): most scenarios answer within a
   * millisecond. The slice is a hard limit (isolated-vm stops the code): a run still computing at
   * its end throws `SliceExceeded` — nothing it did has left the isolate, since its calls to the
   * host are delivered only after the slice — and the caller runs it again asynchronously. A run
   * that waits for the host (fetch, timers) goes on asynchronously from there.
   */
  async run(
    payload: string,
    files: ArrayBuffer[],
    sink: LogSink,
    services: RunServices,
    slice: { ms: number; watch: SliceWatch } | null = null,
  ): Promise<RawResult> {
    this.sink = sink;
    this.services = services;
    this.running = true;
    this.callsReceived = 0;
    this.runs++;
    this.lastUsed = Date.now();
    const args = files.length > 0 ? [payload, ...files] : [payload];
    const copyArgs = files.length > 0 ? { arguments: { copy: true } } : {};
    try {
      let head = '';
      if (slice && slice.ms > 0 && this.takesSlices) {
        slice.watch.begin(this.key, slice.ms);
        const cpuBefore = this.cpuMs();
        try {
          this.startRef.applySync(undefined, args, { ...copyArgs, timeout: slice.ms });
          // No timeout of its own: the microtasks that followed `start` all ran within its slice,
          // and `poll` only reads (a call with a timeout wakes isolated-vm's timer thread).
          head = String(this.pollRef.applySync(undefined, []));
        } catch (error) {
          if (!this.isolate.isDisposed && /timed out/i.test(String((error as Error)?.message))) {
            this.idleBetweenRuns = false;
            throw new SliceExceeded(this.cpuMs() - cpuBefore);
          }
          throw error;
        } finally {
          slice.watch.end();
        }
        if (head === '') {
          this.idleBetweenRuns = false;
          head = String(await this.settledRef.apply(undefined, [], { result: { promise: true } }));
        }
      } else {
        this.idleBetweenRuns = false;
        head = String(await this.runRef.apply(undefined, args, { ...copyArgs, result: { promise: true } }));
      }
      const colon = head.indexOf(':');
      const result = head.slice(colon + 1);
      // The envelope's body is its last field: `{"type":"bytes"}` means the bytes wait inside.
      const bytes =
        result[0] === 'R' && result.endsWith(BYTES_BODY_SUFFIX)
          ? this.idleBetweenRuns
            ? this.takeBytesRef.applySync(undefined, [], { result: { copy: true } })
            : await this.takeBytesRef.apply(undefined, [], { result: { copy: true } })
          : undefined;
      return {
        logsTruncated: head[0] === '1',
        logCount: Number(head.slice(1, head.indexOf(','))),
        callCount: Number(head.slice(head.indexOf(',') + 1, colon)),
        payload: result,
        ...(bytes instanceof ArrayBuffer ? { bytes } : {}),
      };
    } finally {
      this.running = false;
      this.clearAllTimers();
    }
  }

  /** The run's calls are all in (or it is over): answers and late calls are dropped from now on. */
  endRun(): void {
    this.services = null;
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
    this.services = null;
    try {
      if (!this.isolate.isDisposed) this.isolate.dispose();
    } catch {
      /* already gone */
    }
  }

  /** An answer reaches the guest only while the run that asked is the one going. */
  private answerFor(id: number): Answer {
    const services = this.services;
    return (head, bytes) => {
      if (this.disposed || this.services !== services) return;
      this.settleRef.applyIgnored(undefined, [id, head, bytes], { arguments: { copy: true } });
    };
  }

  private fetchStart(id: number, request: string, body: unknown): void {
    // Anything but an ArrayBuffer (which is what the guest sends) is treated as no body.
    if (!this.services) return;
    this.callsReceived++;
    this.services.fetchStart(id, request, body instanceof ArrayBuffer ? body : null, this.answerFor(id));
  }

  private opStart(id: number, name: string, payload: string): void {
    if (!this.services) return;
    this.callsReceived++;
    this.services.opStart(id, name, payload, this.answerFor(id));
  }

  private setTimer(id: number, ms: number): void {
    // No run going: a timer the last run set just before it ended, delivered after it (a
    // synchronous run's calls arrive after its end), or one set by module code. It never fires.
    if (this.disposed || !this.running || (this.timers.size >= MAX_TIMERS && !this.timers.has(id))) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        if (!this.disposed) this.fireRef.applyIgnored(undefined, [id]);
      },
      Math.min(Math.max(0, Number(ms) || 0), 2_147_483_647),
    );
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

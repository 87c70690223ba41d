/**
 * The part of the isolated-vm API the sandbox uses, declared here so that the build does not
 * depend on which of the two aliased majors (5.x or 7.x) npm managed to install.
 */

export interface HeapStatistics {
  used_heap_size: number;
  heap_size_limit: number;
}

export interface RunOptions {
  timeout?: number;
}

export interface ApplyOptions {
  timeout?: number;
  arguments?: { copy?: boolean; reference?: boolean };
  result?: { promise?: boolean; copy?: boolean; reference?: boolean };
}

/*
 * Only the asynchronous calls may be made once guest code has run in an isolate: a
 * synchronous one holds the worker's main thread while the isolate runs whatever V8 decides
 * to run in it, out of reach of the run's deadline timer.
 */

export interface Reference<T = unknown> {
  readonly typeof: string;
  derefInto(): unknown;
  getSync(property: string, options?: { reference?: boolean }): Reference;
  apply(receiver: unknown, args: unknown[], options?: ApplyOptions): Promise<unknown>;
  applySync(receiver: unknown, args: unknown[], options?: ApplyOptions): unknown;
  applyIgnored(receiver: unknown, args: unknown[], options?: ApplyOptions): void;
  release(): void;
  /** Phantom marker so that references of different targets stay distinct. */
  readonly __target?: T;
}

export interface Script {
  runSync(context: Context, options?: RunOptions & { reference?: boolean }): unknown;
  release(): void;
}

export interface Module {
  readonly namespace: Reference;
  instantiate(context: Context, resolve: (specifier: string) => Module): Promise<void>;
  evaluate(options?: RunOptions): Promise<unknown>;
  release(): void;
}

export interface Context {
  readonly global: Reference;
  release(): void;
}

export interface Isolate {
  readonly cpuTime: bigint;
  readonly wallTime: bigint;
  readonly isDisposed: boolean;
  createContextSync(): Context;
  compileScriptSync(code: string, options?: { filename?: string }): Script;
  compileModule(code: string, options?: { filename?: string }): Promise<Module>;
  getHeapStatistics(): Promise<HeapStatistics>;
  /** On the calling thread: waits for the isolate if it is busy (only for an idle one). */
  getHeapStatisticsSync(): HeapStatistics;
  dispose(): void;
}

export interface IsolateOptions {
  memoryLimit?: number;
  onCatastrophicError?: (message: string) => void;
}

export interface Ivm {
  Isolate: new (options?: IsolateOptions) => Isolate;
  Callback: new (fn: (...args: never[]) => unknown, options?: { sync?: true; async?: true; ignored?: true }) => object;
  Reference: new (value: unknown) => Reference;
}

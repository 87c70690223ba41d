// Guest code: self-contained, shipped with toString() (see web.ts). At module level these
// names are the editor's declarations; inside the install function, the implementations.
interface AbortGlobals {
  AbortController: typeof AbortController;
  AbortSignal: typeof AbortSignal;
}

/** What the other parts of the guest use from this one. */
export interface AbortParts {
  isSignal(value: unknown): value is AbortSignal;
  /** Calls `listener` once when `signal` aborts; returns the function that stops listening. */
  onAbort(signal: AbortSignal, listener: () => void): () => void;
}

/**
 * AbortController and AbortSignal, enough for `fetch(url, { signal })`, `AbortSignal.timeout(ms)`
 * and `AbortSignal.any([...])`. Without DOMException in the sandbox, the reasons are Errors named
 * `AbortError` and `TimeoutError`, as the web platform names them.
 */
export function installAbortGlobals(): AbortParts {
  'use strict';
  const define = (name: string, value: unknown) =>
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
  type Listener = (event: { type: 'abort'; target: AbortSignal }) => void;
  interface SignalState {
    aborted: boolean;
    reason: unknown;
    /** An abort happens once, so every listener is a `once` listener. */
    listeners: Listener[];
    onabort: Listener | null;
  }
  const states = new WeakMap<object, SignalState>();
  let constructing = false;
  const stateOf = (signal: unknown): SignalState => {
    const state = states.get(signal as object);
    if (!state) throw new TypeError('Illegal invocation: not an AbortSignal');
    return state;
  };
  const namedError = (name: string, message: string) => {
    const error = new Error(message);
    error.name = name;
    return error;
  };

  function signalAbort(signal: AbortSignal, reason: unknown): void {
    const state = stateOf(signal);
    if (state.aborted) return;
    state.aborted = true;
    state.reason = reason === undefined ? namedError('AbortError', 'This operation was aborted') : reason;
    const event = { type: 'abort' as const, target: signal };
    const listeners = state.listeners;
    state.listeners = [];
    // A listener that throws must not keep the others (or the abort itself) from happening.
    for (const handler of [state.onabort, ...listeners]) {
      try {
        if (typeof handler === 'function') handler.call(signal, event);
      } catch {
        /* as in browsers, reported nowhere the caller waits for */
      }
    }
  }

  class AbortSignal {
    constructor() {
      if (!constructing) throw new TypeError('Illegal constructor: use new AbortController().signal');
      states.set(this, { aborted: false, reason: undefined, listeners: [], onabort: null });
    }
    get aborted(): boolean {
      return stateOf(this).aborted;
    }
    get reason(): unknown {
      return stateOf(this).reason;
    }
    get onabort(): Listener | null {
      return stateOf(this).onabort;
    }
    set onabort(listener: Listener | null) {
      stateOf(this).onabort = typeof listener === 'function' ? listener : null;
    }
    throwIfAborted(): void {
      const state = stateOf(this);
      if (state.aborted) throw state.reason;
    }
    addEventListener(type: string, listener: Listener | null, _options?: boolean | { once?: boolean }): void {
      const state = stateOf(this);
      if (type !== 'abort' || typeof listener !== 'function' || state.aborted) return;
      if (!state.listeners.includes(listener)) state.listeners.push(listener);
    }
    removeEventListener(type: string, listener: Listener | null): void {
      const state = stateOf(this);
      if (type === 'abort') state.listeners = state.listeners.filter((entry) => entry !== listener);
    }
    static abort(reason?: unknown): AbortSignal {
      const signal = newSignal();
      signalAbort(signal, reason);
      return signal;
    }
    /** Aborts after `ms`, with a `TimeoutError`; timers end with the run like every timer. */
    static timeout(ms: number): AbortSignal {
      const delay = Number(ms);
      if (!Number.isFinite(delay) || delay < 0)
        throw new TypeError('AbortSignal.timeout expects a number of milliseconds');
      const signal = newSignal();
      // The sandbox's own setTimeout (the runtime part installs it after this one), bounded by the run.
      const schedule = (globalThis as unknown as { setTimeout(fn: () => void, ms: number): number }).setTimeout;
      schedule(
        () => signalAbort(signal, namedError('TimeoutError', 'The operation was aborted due to timeout')),
        delay,
      );
      return signal;
    }
    static any(signals: Iterable<AbortSignal>): AbortSignal {
      const list = [...signals];
      for (const signal of list) stateOf(signal);
      const combined = newSignal();
      const first = list.find((signal) => signal.aborted);
      if (first) signalAbort(combined, first.reason);
      else for (const signal of list) onAbort(signal, () => signalAbort(combined, signal.reason));
      return combined;
    }
  }

  function newSignal(): AbortSignal {
    constructing = true;
    try {
      return new AbortSignal();
    } finally {
      constructing = false;
    }
  }

  class AbortController {
    #signal = newSignal();
    get signal(): AbortSignal {
      return this.#signal;
    }
    abort(reason?: unknown): void {
      signalAbort(this.#signal, reason);
    }
  }

  function onAbort(signal: AbortSignal, listener: () => void): () => void {
    const handler = () => listener();
    signal.addEventListener('abort', handler, { once: true });
    return () => signal.removeEventListener('abort', handler);
  }

  const globals: AbortGlobals = { AbortController, AbortSignal };
  for (const name of Object.keys(globals) as Array<keyof AbortGlobals>) define(name, globals[name]);
  return { isSignal: (value: unknown): value is AbortSignal => states.has(value as object), onAbort };
}

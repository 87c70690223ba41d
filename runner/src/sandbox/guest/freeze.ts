// Guest code: self-contained, shipped with toString() (see web.ts).

/** Iterator helpers and `Iterator.from` are newer than the ES2023 library the guest is checked against. */
interface IteratorHelpers {
  Iterator: { from(source: { next(): unknown }): object };
}

/**
 * Freezes every built-in a scenario can reach, before its module is evaluated, so that one
 * run of a warm isolate cannot change what the next run sees.
 *
 * Walking from `globalThis` is not enough: some intrinsics are reachable only through
 * instances (the prototype of `Intl.Segmenter` segments and of their iterator, iterator
 * helpers, generator prototypes, the global object's own prototype, …). So the walk also
 * starts from instances made here — every kind of function, iterator and Intl object, and
 * one instance of every global constructor — and from the original methods that
 * `hardenOverrides` moves behind accessors. The sandbox test enumerates what a scenario
 * can reach and make on its own, independently of this list, and fails on anything left
 * unfrozen.
 */
export function installFreeze(): () => void {
  'use strict';
  type Constructor = new (...args: unknown[]) => unknown;
  const isObject = (value: unknown): value is object =>
    (typeof value === 'object' && value !== null) || typeof value === 'function';

  /** Keeps `obj.toString = fn` working on instances once the prototype is frozen. */
  function hardenOverrides(proto: object, names: string[], originals: unknown[]): void {
    for (const name of names) {
      const desc = Object.getOwnPropertyDescriptor(proto, name);
      if (!desc || !('value' in desc)) continue;
      const value: unknown = desc.value;
      // The original leaves the walk's reach (it now sits in this closure): freeze it too.
      originals.push(value);
      Object.defineProperty(proto, name, {
        get() {
          return value;
        },
        set(this: object, next: unknown) {
          if (this === proto) throw new TypeError(`Cannot assign to read only property '${name}' of a built-in`);
          Object.defineProperty(this, name, { value: next, writable: true, enumerable: true, configurable: true });
        },
        enumerable: desc.enumerable,
        configurable: false,
      });
    }
  }

  function deepFreeze(roots: unknown[]): void {
    const seen = new Set<object>();
    const stack = [...roots];
    while (stack.length) {
      const value = stack.pop();
      if (!isObject(value) || seen.has(value)) continue;
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

  /** Objects whose prototype chains hold intrinsics that no global property leads to. */
  function instances(): object[] {
    const found: object[] = [];
    const take = <T>(make: () => T): T | undefined => {
      try {
        const value = make();
        if (isObject(value)) found.push(value);
        return value;
      } catch {
        return undefined; // not available in this V8: nothing to freeze
      }
    };
    // Every kind of function, and what calling them makes.
    take(() => async function () {});
    take(() => async () => {});
    take(() => class {});
    const generator = take(() => (function* () {})());
    const asyncGenerator = take(() => (async function* () {})());
    take(() => generator![Symbol.iterator]());
    take(() => asyncGenerator![Symbol.asyncIterator]());
    take(() =>
      (function () {
        // eslint-disable-next-line prefer-rest-params -- the arguments object itself is what is wanted here
        return arguments;
      })(),
    );
    // Iterators of every built-in iterable, and iterator helpers where V8 has them.
    take(() => [][Symbol.iterator]());
    take(() => new Map()[Symbol.iterator]());
    take(() => new Set()[Symbol.iterator]());
    take(() => ''[Symbol.iterator]());
    take(() => 'a'.matchAll(/a/g));
    take(() => ([][Symbol.iterator]() as unknown as { map(fn: (x: unknown) => unknown): object }).map((x) => x));
    take(() => (globalThis as unknown as IteratorHelpers).Iterator.from({ next: () => ({ done: true }) }));
    // Intl objects and what they hand out.
    const segments = take(() => new Intl.Segmenter().segment('a'));
    take(() => segments![Symbol.iterator]());
    take(() => segments!.containing(0));
    for (const name of Reflect.ownKeys(Intl)) {
      const Ctor = (Intl as unknown as Record<PropertyKey, unknown>)[name];
      if (typeof Ctor !== 'function') continue;
      for (const args of [[], ['en'], ['en', { type: 'region' }]]) {
        if (take(() => new (Ctor as Constructor)(...args)) !== undefined) break;
      }
    }
    // Errors (V8 versions differ in how `stack` is attached) and promises.
    take(() => new Error('x'));
    take(() => {
      try {
        // eslint-disable-next-line @typescript-eslint/no-unused-expressions -- the TypeError V8 makes is what is wanted
        (null as unknown as { x: unknown }).x;
      } catch (error) {
        return error;
      }
    });
    take(() => Promise.resolve());
    // The global object's own prototype is not Object.prototype in an isolate's context.
    take(() => Object.getPrototypeOf(globalThis) as unknown);
    // One instance of every global constructor, and the iterators it hands out.
    for (const name of Reflect.ownKeys(globalThis)) {
      const desc = Object.getOwnPropertyDescriptor(globalThis, name);
      const Ctor: unknown = desc && desc.value;
      if (typeof Ctor !== 'function' || !isObject(Ctor.prototype) || Ctor === Function) continue;
      const instance = take(() => new (Ctor as Constructor)());
      if (!isObject(instance)) continue;
      const methods = instance as Record<PropertyKey, () => unknown>;
      for (const method of [Symbol.iterator, Symbol.asyncIterator, 'entries', 'keys', 'values']) {
        take(() => (typeof methods[method] === 'function' ? methods[method]() : undefined));
      }
    }
    return found;
  }

  return function freezeBuiltins(): void {
    // Shared memory, WebAssembly, and objects whose callbacks V8 runs during garbage collection
    // (FinalizationRegistry) — code the host cannot bound by the run's time limit.
    for (const name of ['SharedArrayBuffer', 'Atomics', 'WebAssembly', 'FinalizationRegistry', 'WeakRef']) {
      delete (globalThis as Record<string, unknown>)[name];
    }
    const originals: unknown[] = [];
    hardenOverrides(
      Object.prototype,
      ['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty'],
      originals,
    );
    hardenOverrides(Error.prototype, ['constructor', 'name', 'message', 'toString'], originals);
    hardenOverrides(Function.prototype, ['toString'], originals);
    const roots: unknown[] = [...originals, ...instances()];
    for (const name of Reflect.ownKeys(globalThis)) {
      const desc = Object.getOwnPropertyDescriptor(globalThis, name);
      if (!desc) continue;
      // The global object itself stays extensible (a scenario may keep its own state there).
      if (desc.value !== globalThis) roots.push(desc.value, desc.get, desc.set);
      if (desc.configurable || desc.writable) {
        Object.defineProperty(
          globalThis,
          name,
          'value' in desc ? { writable: false, configurable: false } : { configurable: false },
        );
      }
    }
    deepFreeze(roots);
  };
}

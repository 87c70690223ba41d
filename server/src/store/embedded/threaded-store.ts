import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RunTable } from '@scriptgate/runner/run-table';
import { storeUnavailable } from '../store-errors.js';
import type { Store } from '../types.js';
import type { EmbeddedStore, EmbeddedStoreOptions } from './embedded-store.js';
import type { SqliteDriverName } from './sql.js';
import { fromWireError, type FromStoreThread, type StoreCall, type ToStoreThread } from './thread-wire.js';

/** How long `close()` waits for the thread to end after the database closed. */
const EXIT_WAIT_MS = 5_000;

function threadPath(): string {
  const beside = fileURLToPath(new URL('./store-thread.js', import.meta.url));
  if (existsSync(beside)) return beside;
  // Running from sources (tests): the built thread is in dist/.
  return fileURLToPath(new URL('../../../dist/store/embedded/store-thread.js', import.meta.url));
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The embedded store on its own thread (SQLITE_THREAD, on by default): the same store as
 * `createEmbeddedStore`, whose every method this one forwards (store-thread.ts). Recording a
 * run — the statement, the commit, and now and then a WAL checkpoint with its fsyncs — was a
 * quarter of the event loop's work per request; there it held up every other request, here
 * it runs beside them. Calls made in one turn of the event loop go as one message and share
 * one commit; the Promise of a write still settles only after its commit.
 *
 * If the thread dies (it should not: its errors are the calls' errors), every call waiting or
 * to come fails `store_unavailable`, as a closed database does, and `onFailure` is told.
 */
export async function openThreadedEmbeddedStore(
  options: EmbeddedStoreOptions & { onFailure?: (error: Error) => void },
): Promise<EmbeddedStore> {
  const { onFailure, ...storeOptions } = options;
  const worker = new Worker(threadPath(), { workerData: storeOptions });
  // Not a Map: see RunTable (one entry per call, under load thousands a second).
  const pending = new RunTable<Pending>();
  let nextId = 1;
  let outbox: StoreCall[] = [];
  let flushScheduled = false;
  let stopped: Error | null = null;
  /** Until the store is open, a failure is the open's error (thrown to the caller), not `onFailure`'s. */
  let serving = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  // The thread keeps the process alive only while a call waits (as a pending database call would).
  worker.unref();

  function failAll(error: Error): void {
    if (!stopped) stopped = error;
    for (const [id, call] of pending.entries()) {
      pending.delete(id);
      call.reject(storeUnavailable(`The embedded database is unavailable: ${error.message}`, error));
    }
    worker.unref();
  }

  const ready = new Promise<{ sqliteDriver: string; methods: string[] }>((resolve, reject) => {
    worker.on('message', (message: FromStoreThread) => {
      if ('replies' in message) {
        for (const [id, ok, value] of message.replies) {
          const call = pending.get(id);
          if (!call) continue;
          pending.delete(id);
          if (ok) call.resolve(value);
          else call.reject(fromWireError(value));
        }
        if (pending.size === 0) worker.unref();
      } else if ('ready' in message) {
        resolve(message.ready);
      } else {
        reject(fromWireError(message.failed));
      }
    });
    worker.on('error', (err) => {
      reject(err);
      if (serving && !stopped) onFailure?.(err);
      failAll(err);
    });
    worker.on('exit', (code) => {
      const error = new Error(`the store thread exited (code ${code})`);
      reject(storeUnavailable(`Cannot open the embedded database: ${error.message}`));
      if (serving && !stopped) onFailure?.(error);
      failAll(error);
    });
  });
  let opened: { sqliteDriver: string; methods: string[] };
  try {
    opened = await ready;
    serving = true;
  } catch (err) {
    await worker.terminate();
    throw err;
  }

  function flush(): void {
    flushScheduled = false;
    const calls = outbox;
    outbox = [];
    if (calls.length > 0) worker.postMessage({ calls } satisfies ToStoreThread);
  }

  function call(method: string, args: unknown[]): Promise<unknown> {
    if (stopped) return Promise.reject(storeUnavailable('The embedded database is closed'));
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      if (pending.size === 1) worker.ref();
      outbox.push([id, method, args]);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flush);
      }
    });
  }

  const store: Record<string, unknown> = { kind: 'embedded', sqliteDriver: opened.sqliteDriver as SqliteDriverName };
  for (const method of opened.methods) store[method] = (...args: unknown[]) => call(method, args);
  let closed: Promise<void> | null = null;
  store.close = () =>
    (closed ??= (async () => {
      if (stopped) return;
      try {
        await call('close', []);
      } finally {
        stopped ??= new Error('closed');
        const timer = setTimeout(() => void worker.terminate(), EXIT_WAIT_MS);
        await exited;
        clearTimeout(timer);
      }
    })());
  return store as unknown as Store & { readonly sqliteDriver: SqliteDriverName };
}

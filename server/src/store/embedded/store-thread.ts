/**
 * The embedded store's own thread (threaded-store.ts starts it). It opens the SQLite file and
 * answers the server's calls; SQLite's work — statements, the group commit, checkpoints with
 * their fsyncs, search indexing — runs here instead of on the event loop that serves HTTP.
 *
 * Calls that arrive in one turn run in that turn, so the writes among them share one commit
 * (write-batch.ts), and their replies go back as one message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEmbeddedStore, type EmbeddedStore, type EmbeddedStoreOptions } from './embedded-store.js';
import { toWireError, type FromStoreThread, type StoreReply, type ToStoreThread } from './thread-wire.js';

if (!parentPort) throw new Error('store-thread.js runs as a worker thread (see threaded-store.ts)');
const port = parentPort;

const post = (message: FromStoreThread) => port.postMessage(message);

let replies: StoreReply[] = [];
let flushing = false;
function reply(entry: StoreReply): void {
  replies.push(entry);
  if (flushing) return;
  flushing = true;
  setImmediate(() => {
    flushing = false;
    const batch = replies;
    replies = [];
    post({ replies: batch });
  });
}

async function open(): Promise<EmbeddedStore | null> {
  try {
    return await createEmbeddedStore(workerData as EmbeddedStoreOptions);
  } catch (err) {
    post({ failed: toWireError(err) });
    port.close();
    return null;
  }
}

const store = await open();
if (store) serve(store);

function serve(store: EmbeddedStore): void {
  const methods = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  let closing = false;

  port.on('message', ({ calls }: ToStoreThread) => {
    for (const [id, method, args] of calls) {
      const fn = methods[method];
      if (typeof fn !== 'function') {
        reply([id, false, toWireError(new Error(`The store has no method ${method}`))]);
        continue;
      }
      const isClose = method === 'close';
      if (isClose) closing = true;
      fn(...args).then(
        (value) => {
          reply([id, true, value]);
          // The last reply is on its way (a port delivers what was posted before it closes).
          if (isClose) setImmediate(() => setImmediate(() => port.close()));
        },
        (err: unknown) => reply([id, false, toWireError(err)]),
      );
    }
  });

  const names = Object.keys(store).filter((name) => typeof methods[name] === 'function');
  post({ ready: { sqliteDriver: store.sqliteDriver, methods: names } });

  // The server went away without closing the store (it crashed or exited): commit what waits.
  port.on('close', () => {
    if (!closing) void store.close();
  });
}

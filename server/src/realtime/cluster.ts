import { createAdapter } from '@socket.io/mongo-adapter';
import type { ServerOptions } from 'socket.io';
import type { Logger } from '../core/log.js';
import type { LiveChannel } from '../store/live-channel.js';

type Log = Pick<Logger, 'info' | 'warn'>;
type Collection = LiveChannel['collection'];

/**
 * The live-events channel between instances: opened iff the store is MongoDB. When it cannot
 * work (no change streams: a standalone server, the test stand-in; no rights) this instance
 * logs it once and goes on alone: its admins get its own events, and the admin's process
 * list catches the other instances' runs by reading its first page again every few seconds.
 */
export async function openClusterChannel(deps: {
  mongoUri: string | undefined;
  open: (uri: string) => Promise<LiveChannel>;
  log: Log;
}): Promise<LiveChannel | null> {
  if (!deps.mongoUri) return null;
  try {
    const channel = await deps.open(deps.mongoUri);
    deps.log.info('live events: shared with the other instances through MongoDB');
    return channel;
  } catch (err) {
    deps.log.warn(
      { reason: err instanceof Error ? err.message : String(err) },
      "live events: this instance's only (the admin's process list still reads the others' runs every few seconds)",
    );
    return null;
  }
}

/** Events waiting for MongoDB past this are dropped rather than held in memory while it is away. */
const MAX_PENDING_PUBLISHES = 1000;

/** Logs the first failure of a direction, and the recovery after it: never once per event. */
function onceWarner(log: Log, what: string) {
  let failing = false;
  return {
    fail(err: unknown) {
      if (failing) return;
      failing = true;
      log.warn(
        { reason: err instanceof Error ? err.message : String(err) },
        `live events: ${what} through MongoDB failed; this instance's admins still get its own events`,
      );
    },
    ok() {
      if (!failing) return;
      failing = false;
      log.info(`live events: ${what} through MongoDB works again`);
    },
  };
}

/**
 * The collection as the adapter sees it, failing soft. The adapter awaits each insert before
 * it delivers an event to this instance's own sockets, and drops the event when the insert
 * fails; here an insert is started and answered at once, so a slow or absent MongoDB never
 * delays or loses what local admins see. The adapter reads the insert's id only for
 * connection-state recovery, which is off.
 */
function failSoft(collection: Collection, log: Log): { collection: Collection; close(): void } {
  const publishing = onceWarner(log, 'publishing');
  const receiving = onceWarner(log, 'receiving');
  let pending = 0;
  let closed = false;
  const insertOne = (document: Record<string, unknown>) => {
    if (!closed && pending >= MAX_PENDING_PUBLISHES) {
      publishing.fail(new Error(`${MAX_PENDING_PUBLISHES} events are waiting for MongoDB`));
    } else if (!closed) {
      pending += 1;
      collection
        .insertOne(document)
        .then(publishing.ok, (err: unknown) => !closed && publishing.fail(err))
        .finally(() => (pending -= 1));
    }
    return Promise.resolve({ acknowledged: true, insertedId: { toString: () => '' } });
  };
  const watch = (...args: Parameters<Collection['watch']>) => {
    const stream = collection.watch(...args);
    stream.on('error', (err) => !closed && receiving.fail(err));
    stream.on('change', () => receiving.ok());
    return stream;
  };
  const facade = new Proxy(collection, {
    get(target, property) {
      if (property === 'insertOne') return insertOne;
      if (property === 'watch') return watch;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    collection: facade,
    close: () => {
      closed = true;
    },
  };
}

/** socket.io's MongoDB adapter over the channel: broadcasts, rooms and server-side events reach every instance. */
export function clusterAdapter(channel: LiveChannel, log: Log): { adapter: ServerOptions['adapter']; close(): void } {
  const soft = failSoft(channel.collection, log);
  return { adapter: createAdapter(soft.collection), close: soft.close };
}

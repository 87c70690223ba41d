import type { mongo } from 'mongoose';
import { errorMessage, openMongoConnection, redactUri } from './connection.js';

/**
 * The collection through which the socket.io MongoDB adapter passes live events between
 * instances, on a connection of its own: the adapter's change stream waits on the server for
 * minutes at a time, and must never hold one of the store's connections while it does.
 */
export interface MongoLiveChannel {
  readonly collection: mongo.Collection;
  close(): Promise<void>;
}

export interface LiveChannelOptions {
  collectionName: string;
  /** The capped collection's size: MongoDB drops the oldest events past it (they matter for seconds only). */
  sizeBytes: number;
  /** Another database than the URI's (tests use a fresh one each). */
  dbName?: string;
}

/**
 * Opens the channel, or rejects saying why it cannot work on this server. The adapter
 * receives through a change stream, which only a replica set or a sharded cluster offers: a
 * standalone server or a stand-in without them is found out here, before the adapter is
 * attached, rather than by a stream that fails and reopens every second for ever.
 */
export async function openMongoLiveChannel(uri: string, options: LiveChannelOptions): Promise<MongoLiveChannel> {
  const connection = await openMongoConnection(uri, { dbName: options.dbName });
  try {
    const db = connection.db;
    if (!db) throw new Error('the connection has no database');
    const collection = db.collection(options.collectionName);
    await expectChangeStreams(collection, uri);
    await ensureCapped(db, options);
    return {
      collection,
      close: () => connection.close(),
    };
  } catch (err) {
    await connection.close(true).catch(() => undefined);
    throw err;
  }
}

async function expectChangeStreams(collection: mongo.Collection, uri: string): Promise<void> {
  const stream = collection.watch([], { maxAwaitTimeMS: 100 });
  try {
    await stream.tryNext();
  } catch (err) {
    throw new Error(
      `MongoDB at ${redactUri(uri)} offers no change stream here (${errorMessage(err)}); ` +
        'they need a replica set (a single member is enough) or a sharded cluster, and the changeStream and find actions',
      { cause: err },
    );
  } finally {
    await stream.close().catch(() => undefined);
  }
}

const NAMESPACE_EXISTS = 48;

/** Creates the collection capped, so it never needs cleaning; refuses one that exists uncapped (it would grow for ever). */
async function ensureCapped(db: mongo.Db, { collectionName, sizeBytes }: LiveChannelOptions): Promise<void> {
  try {
    await db.createCollection(collectionName, { capped: true, size: sizeBytes });
    return;
  } catch (err) {
    // Another instance starting at the same time may have created it first.
    if ((err as { code?: unknown }).code !== NAMESPACE_EXISTS) throw err;
  }
  const [info] = await db.listCollections({ name: collectionName }).toArray();
  const options = info && 'options' in info ? (info.options as { capped?: unknown } | undefined) : undefined;
  if (options?.capped !== true) {
    throw new Error(
      `the collection ${collectionName} exists but is not capped; it holds only passing live events: drop it and start again`,
    );
  }
}

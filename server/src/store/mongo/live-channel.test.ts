import { describe, expect, it } from 'vitest';
import { openMongoConnection } from './connection.js';
import { openMongoLiveChannel } from './live-channel.js';
import { describeMongoTarget, dropTestDatabase, testDatabaseName } from './test-target.js';

// The test runner's environment, not the server's. MONGODB_URI is what CI points at the
// mongomock wire stand-in (no change streams: the channel must refuse, saying why);
// MONGODB_REPLSET_URI a real replica set, where the channel opens.
const TARGETS = Object.entries({
  MONGODB_URI: process.env.MONGODB_URI,
  MONGODB_REPLSET_URI: process.env.MONGODB_REPLSET_URI,
}).filter((entry): entry is [string, string] => Boolean(entry[1]));

/** Change streams exist on replica sets and sharded clusters only. */
async function offersChangeStreams(uri: string): Promise<boolean> {
  const connection = await openMongoConnection(uri);
  try {
    const hello = (await connection.db!.admin().command({ hello: 1 })) as { setName?: unknown; msg?: unknown };
    return typeof hello.setName === 'string' || hello.msg === 'isdbgrid';
  } finally {
    await connection.close();
  }
}

const options = { collectionName: 'liveevents', sizeBytes: 1024 * 1024 };

for (const [name, uri] of TARGETS) {
  const target = await describeMongoTarget(uri);
  const changeStreams = await offersChangeStreams(uri);
  describe(`live-events channel on ${target} (${name})`, () => {
    // Only the case this server is: a run on the stand-in skips nothing.
    if (changeStreams) {
      it('opens on a replica set with a capped collection, created once by instances starting together', async () => {
        const dbName = testDatabaseName();
        try {
          const channels = await Promise.all([1, 2].map(() => openMongoLiveChannel(uri, { ...options, dbName })));
          const collections = await channels[0]!.collection.db.listCollections({ name: 'liveevents' }).toArray();
          expect(collections).toHaveLength(1);
          expect((collections[0] as { options?: { capped?: boolean } }).options?.capped).toBe(true);
          await Promise.all(channels.map((channel) => channel.close()));
        } finally {
          await dropTestDatabase(uri, dbName);
        }
      });
    } else {
      it('refuses, saying why, where MongoDB offers no change streams, and creates nothing', async () => {
        const dbName = testDatabaseName();
        try {
          await expect(openMongoLiveChannel(uri, { ...options, dbName })).rejects.toThrow(
            /offers no change stream here .*replica set/,
          );
          const connection = await openMongoConnection(uri, { dbName });
          const collections = await connection.db!.listCollections({ name: 'liveevents' }).toArray();
          await connection.close();
          expect(collections).toEqual([]);
        } finally {
          await dropTestDatabase(uri, dbName);
        }
      });
    }
  });
}

if (TARGETS.length === 0) {
  console.warn('[live-events channel] SKIPPED: neither MONGODB_URI nor MONGODB_REPLSET_URI is set (no MongoDB here)');
  describe.skip('live-events channel (needs MONGODB_URI or MONGODB_REPLSET_URI)', () => {
    it('opens on a replica set and refuses elsewhere', () => undefined);
  });
}

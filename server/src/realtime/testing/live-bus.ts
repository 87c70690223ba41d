import { EventEmitter } from 'node:events';
import type { LiveChannel } from '../../store/live-channel.js';

type Document = Record<string, unknown> & { uid?: string };

/**
 * A stand-in for the live-events collection of one MongoDB replica set, in memory, for the
 * unit tests of the wiring: inserts reach the change streams of the other instances (the
 * adapter's `$match` leaves out the sender's own), copied as a round trip through MongoDB
 * would. The real thing is tested against a replica set in
 * test/integration/live-across-instances.test.ts when MONGODB_REPLSET_URI is set.
 */
export function createLiveBus() {
  const streams = new Set<FakeChangeStream>();
  const inserted: Document[] = [];

  class FakeChangeStream extends EventEmitter {
    closed = false;
    resumeToken = {};
    constructor(readonly excludedUid: string | undefined) {
      super();
    }
    async close(): Promise<void> {
      if (this.closed) return;
      this.closed = true;
      streams.delete(this);
      this.emit('close');
    }
  }

  function channel(failure: { inserts?: boolean; changeStream?: boolean } = {}): LiveChannel {
    const collection = {
      async insertOne(document: Document) {
        if (failure.inserts) throw new Error('not primary');
        const copy = structuredClone(document);
        inserted.push(copy);
        setImmediate(() => {
          for (const stream of streams) {
            if (!stream.closed && stream.excludedUid !== copy.uid) {
              stream.emit('change', { operationType: 'insert', fullDocument: structuredClone(copy) });
            }
          }
        });
        return { acknowledged: true, insertedId: { toString: () => String(inserted.length) } };
      },
      watch(pipeline: Array<{ $match?: Record<string, { $ne?: string }> }>) {
        const stream = new FakeChangeStream(pipeline[0]?.$match?.['fullDocument.uid']?.$ne);
        streams.add(stream);
        if (failure.changeStream) {
          setImmediate(() => {
            stream.emit('error', new Error('The $changeStream stage is only supported on replica sets'));
            void stream.close();
          });
        }
        return stream;
      },
    };
    return { collection: collection as unknown as LiveChannel['collection'], close: async () => undefined };
  }

  return {
    channel,
    /** The documents written so far, of one adapter event type (3 = broadcast). */
    insertedOfType: (type: number) => inserted.filter((document) => document.type === type),
  };
}

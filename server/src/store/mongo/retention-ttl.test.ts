import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Connection } from 'mongoose';
import { isoAt, newProcess, queuedProcess } from '../contract-suite/fixtures.js';
import type { Store } from '../types.js';
import { openMongoConnection } from './connection.js';
import { createMongoStore } from './mongo-store.js';
import { describeMongoTarget, dropTestDatabase, testDatabaseName } from './test-target.js';

// Retention on MongoDB, tested by what is stored rather than by when a TTL monitor deletes it:
// every 60 s on a real server, at every access on the stand-in CI uses (mongomock behind a
// wire-protocol front, see test-target.ts), so a test waiting for a deletion would pass or fail
// by timing. What the server is told — the stamp on each record and the TTL indexes — is exact.
const MONGODB_URI = process.env.MONGODB_URI;
const DAY_MS = 86_400_000;
const RETENTION_DAYS = 30;

if (MONGODB_URI) {
  const uri = MONGODB_URI;
  const target = await describeMongoTarget(uri);

  describe(`MongoDB retention on ${target}`, () => {
    let dbName = '';
    let store: Store;
    let raw: Connection;

    beforeEach(async () => {
      dbName = testDatabaseName();
      store = await createMongoStore({ uri, dbName, retentionDays: RETENTION_DAYS });
      raw = await openMongoConnection(uri, { dbName });
    });
    afterEach(async () => {
      await raw.close();
      await store.close();
      await dropTestDatabase(uri, dbName);
    });

    const expireAtOf = async (id: string): Promise<unknown> =>
      (await raw.collection('processes').findOne({ _id: id as never }))?.expireAt;

    it('stamps a finished process for removal at its finish time plus PROCESS_RETENTION_DAYS, never a queued or running one', async () => {
      const finishedAt = isoAt(Date.now(), -3600_000);
      const finished = newProcess({ finishedAt });
      const queued = queuedProcess();
      const running = newProcess({ status: 'running', finishedAt: null });
      for (const process of [finished, queued, running]) await store.createProcess(process);

      expect(await expireAtOf(finished.id)).toEqual(new Date(Date.parse(finishedAt) + RETENTION_DAYS * DAY_MS));
      expect(await expireAtOf(queued.id)).toBeNull();
      expect(await expireAtOf(running.id)).toBeNull();

      // A queued run is stamped when it finishes, from that moment.
      const claimed = await store.claimQueued('instance-a', 30_000, 2);
      expect(claimed?.process.id).toBe(queued.id);
      expect(await expireAtOf(queued.id)).toBeNull();
      const doneAt = new Date().toISOString();
      await store.updateProcess(queued.id, { status: 'failed', finishedAt: doneAt });
      expect(await expireAtOf(queued.id)).toEqual(new Date(Date.parse(doneAt) + RETENTION_DAYS * DAY_MS));
    });

    it('lets the server delete expired processes, sessions, idempotency keys and rate counters by TTL indexes', async () => {
      const ttlIndexes = async (collection: string) =>
        (await raw.collection(collection).listIndexes().toArray())
          .filter((index) => index.expireAfterSeconds !== undefined)
          .map((index) => ({ key: index.key as unknown, expireAfterSeconds: index.expireAfterSeconds as unknown }));
      // 0 s: each record carries its own expiry time, so PROCESS_RETENTION_DAYS can change without a new index.
      expect(await ttlIndexes('processes')).toEqual([{ key: { expireAt: 1 }, expireAfterSeconds: 0 }]);
      expect(await ttlIndexes('sessions')).toEqual([{ key: { expireAt: 1 }, expireAfterSeconds: 0 }]);
      expect(await ttlIndexes('idempotency')).toEqual([{ key: { expireAt: 1 }, expireAfterSeconds: 0 }]);
      expect(await ttlIndexes('ratecounters')).toEqual([{ key: { expiresAt: 1 }, expireAfterSeconds: 0 }]);
    });
  });
} else {
  console.warn('[mongo retention] SKIPPED: MONGODB_URI is not set (no MongoDB server on this machine)');
  describe.skip('MongoDB retention (needs MONGODB_URI)', () => {
    it('stamps finished processes for removal and keeps TTL indexes', () => undefined);
  });
}

import { describe, expect, it } from 'vitest';
import { describeStoreContract } from '../contract.suite.js';
import { createMongoStore } from './mongo-store.js';
import { describeMongoTarget, dropTestDatabase, testDatabaseName } from './test-target.js';

// No config.ts here on purpose: this is the test runner's environment, not the server's.
// CI points MONGODB_URI at a stand-in, not a MongoDB server: mongomock behind a wire-protocol
// front (test/support/with-mongo-wire.sh). The suite's title says which one it ran on.
const MONGODB_URI = process.env.MONGODB_URI;

/**
 * Longer than any test's timestamps are old: the suite must not depend on when a server's TTL
 * monitor runs (every 60 s on MongoDB, at every access on the stand-in). Retention is tested
 * explicitly: `purgeExpired` in the contract's retention tests, the TTL stamp in retention-ttl.test.ts.
 */
const NEVER_EXPIRES_DAYS = 36_500;

if (MONGODB_URI) {
  const target = await describeMongoTarget(MONGODB_URI);
  describeStoreContract(`mongo on ${target}`, async () => {
    const dbName = testDatabaseName();
    const store = await createMongoStore({ uri: MONGODB_URI, dbName, retentionDays: NEVER_EXPIRES_DAYS });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropTestDatabase(MONGODB_URI, dbName);
      },
    };
  });
} else {
  console.warn('[store contract] MongoDB run SKIPPED: MONGODB_URI is not set (no MongoDB server on this machine)');
  describe.skip('Store contract: mongo (needs MONGODB_URI)', () => {
    it('runs the store contract against MongoDB', () => undefined);
  });
}

describe('MongoDB store without a server', () => {
  it('fails to open with store_unavailable, naming the address without the password', async () => {
    const uri = 'mongodb://scriptgate:s3cret-pass@127.0.0.1:9/scriptgate';
    const opening = createMongoStore({ uri, retentionDays: 30, serverSelectionTimeoutMS: 300 });
    await expect(opening).rejects.toMatchObject({
      code: 'store_unavailable',
      message: expect.stringContaining('MongoDB at mongodb://scriptgate:***@127.0.0.1:9/scriptgate is unreachable'),
    });
    await expect(opening).rejects.not.toMatchObject({ message: expect.stringContaining('s3cret') });
  });
});

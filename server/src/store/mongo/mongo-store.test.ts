import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeStoreContract } from '../contract.suite.js';
import { openMongoConnection } from './connection.js';
import { createMongoStore } from './mongo-store.js';

// No config.ts here on purpose: this is the test runner's environment, not the server's.
const MONGODB_URI = process.env.MONGODB_URI;

if (MONGODB_URI) {
  describeStoreContract('mongo', async () => {
    // A fresh database per test, dropped afterwards, so runs never see each other's data.
    const dbName = `scriptgate_test_${randomBytes(6).toString('hex')}`;
    const store = await createMongoStore({ uri: MONGODB_URI, dbName, retentionDays: 30 });
    return {
      store,
      cleanup: async () => {
        await store.close();
        const admin = await openMongoConnection(MONGODB_URI, { dbName });
        try {
          await admin.dropDatabase();
        } finally {
          await admin.close();
        }
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

import { defineConfig } from 'vitest/config';

// One runner for every workspace. `npm test` builds first (runner workers are forked
// from runner/dist), then runs every project.

// SCRIPTGATE_TEST_MONGODB_URI (a MongoDB, or in CI the mongomock wire stand-in started by
// test/support/with-mongo-wire.sh) adds `integration-mongo`: the integration files whose
// behaviour depends on the store (public route, idempotency, async queue and its depth,
// kill -9 recovery and leases, several instances, drafts, search and export, what a sync run records) against MongoDB, one database per server
// (test/integration/test-store.ts). shutdown.test.ts is left out: it tests signals, and the
// store's part of a stop (handing runs back to the queue) is in the MongoDB contract suite.
const MONGODB_URI = process.env.SCRIPTGATE_TEST_MONGODB_URI;
const ON_MONGODB = [
  'test/integration/webrequest.test.ts',
  'test/integration/idempotency.test.ts',
  'test/integration/operations.test.ts',
  'test/integration/recovery.test.ts',
  'test/integration/multi-instance.test.ts',
  'test/integration/drafts.test.ts',
  'test/integration/process-export.test.ts',
  'test/integration/sync-record.test.ts',
];
const integration = { environment: 'node', testTimeout: 90_000, hookTimeout: 60_000, fileParallelism: false } as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['runner/src/**/*.test.ts', 'server/src/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      'admin-ui',
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          ...integration,
          // Always the embedded store, even when a MongoDB is given for integration-mongo.
          env: { SCRIPTGATE_TEST_MONGODB_URI: '' },
        },
      },
      ...(MONGODB_URI
        ? [
            {
              test: {
                name: 'integration-mongo',
                include: ON_MONGODB,
                ...integration,
                env: { SCRIPTGATE_TEST_MONGODB_URI: MONGODB_URI },
              },
            },
          ]
        : []),
      {
        // The deployment files (docker-compose.yml through `docker-compose config`, the Dockerfile's rules).
        test: { name: 'deploy', include: ['test/deploy/**/*.test.ts'], environment: 'node', testTimeout: 60_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

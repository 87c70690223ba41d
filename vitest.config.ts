import { defineConfig } from 'vitest/config';

// One runner for every workspace. `npm test` builds first (runner workers are forked
// from runner/dist), then runs every project.
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
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
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

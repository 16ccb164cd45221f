import { defineConfig } from 'vitest/config';

// Integration tests against the real Redis and Postgres. Each test file gets its own database
// (a copy of a migrated template) and its own queue prefix, so files can run in parallel.
export default defineConfig({
  test: {
    // A job type's own tests sit in its folder (packages/jobs/src/<type>/); apps bundle only what
    // their entries import, so those never ship.
    include: [
      'apps/*/test/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'packages/*/src/**/*.test.ts',
      'test/deploy/**/*.test.ts',
    ],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    maxWorkers: 2,
    pool: 'forks',
  },
});

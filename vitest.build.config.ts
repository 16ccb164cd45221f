import { defineConfig } from 'vitest/config';

// The images' build steps (test/build), run on their own after the other tests: it builds the
// whole workspace in a copy and would slow the timing-sensitive tests beside it.
export default defineConfig({
  test: {
    include: ['test/build/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 15 * 60_000,
    pool: 'forks',
  },
});

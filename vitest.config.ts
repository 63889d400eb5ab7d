import { defineConfig } from 'vitest/config';

// Unit tests sit beside the code; end-to-end and cross-package tests live in tests/. All of them
// share one real portal started by tests/support/global-setup.ts.
export default defineConfig({
  test: {
    include: ['data/src/**/*.test.ts', 'api/src/**/*.test.ts', 'tiles/src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 90_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});

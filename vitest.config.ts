import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', './test/helpers/plain-summary.ts'],
    testTimeout: 240_000, // real aws CLI and boto3 processes take seconds each on a loaded 2-core machine
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

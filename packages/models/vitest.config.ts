import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Building the large models takes seconds on a 2-core machine shared with other work.
    testTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Dawn's native addon and shader compilation on SwiftShader are slow to start.
    testTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The CI machine is shared: training tests get room beyond vitest's 5 s default.
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 30_000 },
});

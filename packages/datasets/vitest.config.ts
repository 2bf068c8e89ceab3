import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Decoding 70,000 Fashion-MNIST images and a few hundred PNGs takes seconds on a busy 2-core machine.
    testTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each new shape compiles WebGPU shaders, which SwiftShader does on the CPU.
    testTimeout: 60_000,
  },
});

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { sharedTestOptions } from '../../vitest.shared.ts';

const require = createRequire(import.meta.url);
const esmEntry = (pkg: string) => join(dirname(require.resolve(`${pkg}/package.json`)), 'dist', 'index.js');

export default defineConfig({
  // One tfjs engine, loaded as its ESM tree (the packages' "module" entry), inlined through Vite,
  // rather than the prebundled CJS "main": only the ESM tree registers gradients and chained ops
  // on request (test/setup.ts), and mixing the two gives two Tensor classes.
  resolve: {
    alias: [
      { find: /^@tensorflow\/tfjs-core$/, replacement: esmEntry('@tensorflow/tfjs-core') },
      { find: /^@tensorflow\/tfjs-backend-cpu$/, replacement: esmEntry('@tensorflow/tfjs-backend-cpu') },
      // Its registered kernel list is the coverage test's reference (src/kernel_coverage.test.ts).
      { find: /^@tensorflow\/tfjs-backend-wasm$/, replacement: esmEntry('@tensorflow/tfjs-backend-wasm') },
    ],
  },
  test: {
    ...sharedTestOptions,
    setupFiles: ['test/setup.ts'],
    server: { deps: { inline: [/@tensorflow\//] } },
    // tfjs's registries and engine are process-global anyway; sharing one module graph per
    // worker loads the tfjs tree once instead of once per test file.
    isolate: false,
  },
});

import { defineConfig } from 'vite';

export default defineConfig({
  // Top-level await in the page; every browser with WebGPU has ES2022.
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  preview: { host: '127.0.0.1' },
  server: { host: '127.0.0.1' },
});

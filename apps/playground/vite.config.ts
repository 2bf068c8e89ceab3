import { defineConfig } from 'vite';

// Cross-origin isolation (COOP + COEP) gives the page SharedArrayBuffer, so fovea-wasm runs its
// kernels on worker threads over a shared WebAssembly.Memory.
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Top-level await in the page; every browser with WebGPU has ES2022.
  // h5wasm (Keras .h5 files, ~4.8 MB) is a chunk of its own, loaded only if a page reads an .h5 file.
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 5120 },
  preview: { host: '127.0.0.1', headers: isolation },
  server: { host: '127.0.0.1', headers: isolation },
});

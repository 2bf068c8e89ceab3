import { setWasmPaths } from '@foveajs/backend-wasm';
import relaxedSimdUrl from '@foveajs/kernels-wasm/build/fovea-relaxed-simd.wasm?url';
import relaxedSimdThreadsUrl from '@foveajs/kernels-wasm/build/fovea-relaxed-simd-threads.wasm?url';
import simdUrl from '@foveajs/kernels-wasm/build/fovea-simd.wasm?url';
import simdThreadsUrl from '@foveajs/kernels-wasm/build/fovea-simd-threads.wasm?url';

// Vite copies the builds into the bundle (hashed names) and gives us their URLs; tell the
// fovea-wasm backend to fetch them from there instead of guessing from import.meta.url. The
// -threads builds are used on cross-origin isolated pages (this one: see vite.config.ts).
setWasmPaths({
  simd: simdUrl,
  'relaxed-simd': relaxedSimdUrl,
  'simd-threads': simdThreadsUrl,
  'relaxed-simd-threads': relaxedSimdThreadsUrl,
});

import { setWasmPaths } from '@foveajs/backend-wasm';
import { tf } from '@foveajs/core';
import relaxedSimdUrl from '@foveajs/kernels-wasm/build/fovea-relaxed-simd.wasm?url';
import relaxedSimdThreadsUrl from '@foveajs/kernels-wasm/build/fovea-relaxed-simd-threads.wasm?url';
import simdUrl from '@foveajs/kernels-wasm/build/fovea-simd.wasm?url';
import simdThreadsUrl from '@foveajs/kernels-wasm/build/fovea-simd-threads.wasm?url';
import { setWasmPaths as setTfjsWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import tfjsWasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import tfjsWasmSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import tfjsWasmThreadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

// Vite copies the builds into the bundle (hashed names) and gives us their URLs; tell the
// fovea-wasm backend to fetch them from there instead of guessing from import.meta.url. The
// -threads builds are used on cross-origin isolated pages (this one: see vite.config.ts).
setWasmPaths({
  simd: simdUrl,
  'relaxed-simd': relaxedSimdUrl,
  'simd-threads': simdThreadsUrl,
  'relaxed-simd-threads': relaxedSimdThreadsUrl,
});

// The same for tfjs-backend-wasm (XNNPACK). Its threaded build cannot run from a bundle: its
// pthread workers re-evaluate the Emscripten factory from the function's source text, which the
// minifier has tied to names of the bundle's scope ("e is not defined" in every worker). So it runs
// its single-threaded SIMD build here, as in Node and in the benchmarks.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setTfjsWasmPaths({
  'tfjs-backend-wasm.wasm': tfjsWasmUrl,
  'tfjs-backend-wasm-simd.wasm': tfjsWasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': tfjsWasmThreadedSimdUrl,
});

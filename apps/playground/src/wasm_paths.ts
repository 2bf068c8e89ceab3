import { setWasmPaths } from '@fovea/backend-wasm';
import relaxedSimdUrl from '@fovea/kernels-wasm/build/fovea-relaxed-simd.wasm?url';
import simdUrl from '@fovea/kernels-wasm/build/fovea-simd.wasm?url';

// Vite copies both builds into the bundle (hashed names) and gives us their URLs; tell the
// fovea-wasm backend to fetch them from there instead of guessing from import.meta.url.
setWasmPaths({ simd: simdUrl, 'relaxed-simd': relaxedSimdUrl });

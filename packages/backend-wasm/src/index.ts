// Importing this module registers the 'fovea-wasm' backend with the shared tfjs engine.
import { type LoadKernelsOptions, loadKernels } from '@fovea/kernels-wasm';
import { findBackend, registerBackend } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, FoveaWasmBackend } from './backend.js';
import { registerAllKernels } from './register_all_kernels.js';

export { BACKEND_NAME, EXTRA_FUSED_ACTIVATIONS, FoveaWasmBackend } from './backend.js';
export { foveaKernelConfigs } from './register_all_kernels.js';
export { GROUPED_CONV2D, type GroupedConv2DAttrs } from './kernels/FoveaGroupedConv2D.js';

let loadOptions: LoadKernelsOptions = {};

/**
 * Choose where the .wasm files are served from (a directory URL ending in '/', or one URL per
 * build) and/or force a build. Call before the backend is first initialised.
 */
export function setWasmPaths(wasmPath: LoadKernelsOptions['wasmPath'], variant?: LoadKernelsOptions['variant']): void {
  loadOptions = { wasmPath, variant };
}

/** Priority above tfjs's cpu (1) and wasm (2), below webgpu (3): our WASM is the default CPU path. */
const PRIORITY = 2.5;

let threadsSetting: number | 'auto' = 'auto';

/**
 * Threads for fovea-wasm's kernels, the calling one included (default: one per core where threads
 * work — Node, and cross-origin isolated pages; elsewhere 1). May be called before or after the
 * backend is initialised. Small problems run on one thread whatever the setting.
 */
export function setThreadsCount(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`setThreadsCount: got ${threads}, expected a whole number of threads >= 1`);
  }
  const backend = findBackend(BACKEND_NAME) as FoveaWasmBackend | null;
  backend?.kernels.setThreads(threads);
  threadsSetting = threads;
}

/** Threads fovea-wasm's kernels use; the backend must be initialised (`await tf.setBackend('fovea-wasm')`). */
export function getThreadsCount(): number {
  const backend = findBackend(BACKEND_NAME) as FoveaWasmBackend | null;
  if (backend === null) {
    throw new Error("getThreadsCount: the 'fovea-wasm' backend is not initialised yet (await tf.setBackend('fovea-wasm') first)");
  }
  return backend.kernels.threads;
}

/**
 * Resolves once fovea-wasm's worker threads have all started (they start in the background when
 * the backend initialises or the count grows; until then kernels use the threads already up).
 * Resolves false if they are not up within `timeoutMs`.
 */
export async function whenThreadsReady(timeoutMs?: number): Promise<boolean> {
  const backend = findBackend(BACKEND_NAME) as FoveaWasmBackend | null;
  if (backend === null) {
    throw new Error("whenThreadsReady: the 'fovea-wasm' backend is not initialised yet (await tf.setBackend('fovea-wasm') first)");
  }
  return backend.kernels.whenThreadsReady(timeoutMs);
}

registerAllKernels();
registerBackend(
  BACKEND_NAME,
  async () => new FoveaWasmBackend(await loadKernels({ ...loadOptions, threads: threadsSetting })),
  PRIORITY,
);

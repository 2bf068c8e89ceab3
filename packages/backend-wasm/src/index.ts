// Importing this module registers the 'fovea-wasm' backend with the shared tfjs engine.
import { type LoadKernelsOptions, loadKernels } from '@fovea/kernels-wasm';
import { registerBackend } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, FoveaWasmBackend } from './backend.js';
import { registerAllKernels } from './register_all_kernels.js';

export { BACKEND_NAME, FoveaWasmBackend } from './backend.js';
export { foveaKernelConfigs } from './register_all_kernels.js';

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

registerAllKernels();
registerBackend(BACKEND_NAME, async () => new FoveaWasmBackend(await loadKernels(loadOptions)), PRIORITY);

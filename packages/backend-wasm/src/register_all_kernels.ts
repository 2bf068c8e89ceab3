// Every kernel fovea-wasm implements in WASM; everything else runs tfjs's CPU kernel.
// Adding a kernel: its assembly/ file, its src/kernels/ file, this list, a test, and the
// benchmark shape table if it is hot.
import '@tensorflow/tfjs-backend-cpu';
import { getKernelsForBackend, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from './backend.js';
import { reluConfig } from './kernels/Relu.js';

export const foveaKernelConfigs: KernelConfig[] = [reluConfig];

let registered = false;

/** Register tfjs's CPU kernels under fovea-wasm, then replace the ones we implement. */
export function registerAllKernels(): void {
  if (registered) return;
  registered = true;
  for (const config of getKernelsForBackend('cpu')) {
    registerKernel({ ...config, backendName: BACKEND_NAME });
  }
  for (const config of foveaKernelConfigs) {
    unregisterKernel(config.kernelName, BACKEND_NAME);
    registerKernel(config);
  }
}

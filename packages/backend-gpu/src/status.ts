import { engine } from '@tensorflow/tfjs-core';

/** The WebGPU adapter a backend runs on, as the adapter reports itself. */
export interface GpuAdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A fallback adapter (e.g. SwiftShader): correct, but runs on the CPU. */
  fallback: boolean;
}

/** Whether a GPU backend can run here; mirrors @foveajs/core's BackendStatus without the name. */
export interface GpuStatus {
  available: boolean;
  /** Why it is not available: the missing package, driver or device. */
  reason?: string;
  /** How to make it available. */
  install?: string;
  /** One line naming the adapter (webgpu) or the package loaded (tensorflow). */
  detail?: string;
  /** True for a software device (SwiftShader): works, but is no faster than the CPU. */
  software?: boolean;
  /** webgpu only: the adapter chosen for the requested power preference. */
  adapter?: GpuAdapterReport;
}

export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/**
 * The priority GPU backends keep once loaded: below fovea-wasm's (2.5), above tfjs-wasm's (2).
 * Their packages register at 3, which would make loading one (even asking `availableBackends()`)
 * change the default backend, and webgpu's initialisation is asynchronous, so the next op would
 * fail until it settled. The default stays fovea-wasm; `setBackend('auto')` picks a hardware GPU.
 */
const GPU_BACKEND_PRIORITY = 2.4;

/** Keep a just-registered GPU backend from becoming the engine's default. */
export function keepDefaultBackend(name: 'webgpu' | 'tensorflow'): void {
  const registration = engine().registryFactory[name];
  if (registration !== undefined) registration.priority = GPU_BACKEND_PRIORITY;
}

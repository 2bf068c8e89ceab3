import { detectWasmFeatures } from '@foveajs/kernels-wasm';

export interface Features {
  wasmSimd: boolean;
  wasmRelaxedSimd: boolean;
  /** SharedArrayBuffer usable for WASM threads (Node, or a cross-origin isolated page). */
  wasmThreads: boolean;
  /** A WebGPU adapter answered, with its description; null when none did. */
  webgpuAdapter: { description: string; software: boolean } | null;
  /** Why there is no WebGPU adapter, when there is none. */
  webgpuReason?: string;
}

/** What this engine and machine support, probed without changing the active backend. */
export async function detectFeatures(): Promise<Features> {
  const wasm = detectWasmFeatures();
  const features: Features = {
    wasmSimd: wasm.simd,
    wasmRelaxedSimd: wasm.relaxedSimd,
    wasmThreads: wasm.threads,
    webgpuAdapter: null,
  };
  try {
    const { prepareWebGPU } = await import('@foveajs/backend-gpu');
    const status = await prepareWebGPU();
    if (status.available) {
      features.webgpuAdapter = { description: status.detail ?? 'unknown adapter', software: status.software === true };
    } else {
      features.webgpuReason = status.reason;
    }
  } catch (error) {
    features.webgpuReason = error instanceof Error ? error.message : String(error);
  }
  return features;
}

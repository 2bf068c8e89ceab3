import type { GpuStatus } from '@foveajs/backend-gpu';
import * as tf from '@tensorflow/tfjs-core';

/** The backends Fovea knows, by Fovea's names. */
export type BackendName = 'fovea-wasm' | 'tfjs-wasm' | 'cpu' | 'webgpu' | 'tensorflow';
export const BACKEND_NAMES: readonly BackendName[] = ['fovea-wasm', 'tfjs-wasm', 'cpu', 'webgpu', 'tensorflow'];

/** What tfjs's engine calls each backend once registered. */
const TFJS_NAMES: Record<BackendName, string> = {
  'fovea-wasm': 'fovea-wasm',
  'tfjs-wasm': 'wasm',
  cpu: 'cpu',
  webgpu: 'webgpu',
  tensorflow: 'tensorflow',
};

/**
 * A backend's state here: `available`, and otherwise `reason` (missing package, no device,
 * unsupported engine) and `install` (how to fix it); `detail` names the build or adapter, and
 * `software` marks a software GPU (SwiftShader), which works but is no faster than the CPU.
 */
export interface BackendStatus extends GpuStatus {
  name: BackendName;
}

/** Thrown when a backend cannot be used here; `status` says why and how to fix it. */
export class BackendUnavailableError extends Error {
  constructor(
    readonly status: BackendStatus,
    cause?: unknown,
  ) {
    super(
      `backend '${status.name}' is not available: ${status.reason ?? 'unknown reason'}` + (status.install ? `. ${status.install}` : ''),
      cause === undefined ? undefined : { cause },
    );
    this.name = 'BackendUnavailableError';
  }
}

function describeImportError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Import a backend's package (registering it with the engine) and report whether that worked. */
async function load(name: BackendName): Promise<BackendStatus> {
  switch (name) {
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return { name, available: true };
    case 'fovea-wasm': {
      const { detectWasmFeatures } = await import('@foveajs/kernels-wasm');
      const features = detectWasmFeatures();
      if (!features.simd) {
        return {
          name,
          available: false,
          reason: 'this JavaScript engine lacks WebAssembly SIMD128',
          install: 'Use Node >= 16.4 or a current browser',
        };
      }
      await import('@foveajs/backend-wasm');
      return { name, available: true, detail: features.relaxedSimd ? 'relaxed-simd build' : 'simd build' };
    }
    case 'tfjs-wasm':
      try {
        await import('@tensorflow/tfjs-backend-wasm');
        return { name, available: true, detail: 'XNNPACK' };
      } catch (error) {
        return {
          name,
          available: false,
          reason: `@tensorflow/tfjs-backend-wasm could not be loaded (${describeImportError(error)})`,
          install: 'Install it with `npm install @tensorflow/tfjs-backend-wasm@^4.22.0`',
        };
      }
    case 'webgpu': {
      const gpu = await import('@foveajs/backend-gpu');
      return { ...(await gpu.prepareWebGPU()), name };
    }
    case 'tensorflow': {
      const gpu = await import('@foveajs/backend-gpu');
      return { ...(await gpu.prepareTensorflow()), name };
    }
  }
}

function assertKnown(name: string): asserts name is BackendName {
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    throw new Error(`setBackend: unknown backend '${name}', expected 'auto' or one of ${BACKEND_NAMES.join(', ')}`);
  }
}

/** Which backends work here, and for those that don't, why and how to install them. */
export async function availableBackends(): Promise<BackendStatus[]> {
  const statuses: BackendStatus[] = [];
  for (const name of BACKEND_NAMES) {
    try {
      statuses.push(await load(name));
    } catch (error) {
      statuses.push({ name, available: false, reason: describeImportError(error) });
    }
  }
  return statuses;
}

/**
 * Make `name` the active backend of the shared tfjs engine, loading its package on first use.
 * 'auto' picks a working hardware GPU (WebGPU, then tfjs-node-gpu) and otherwise fovea-wasm.
 * Returns the name chosen; throws BackendUnavailableError when the backend cannot run here.
 */
export async function setBackend(name: BackendName | 'auto'): Promise<BackendName> {
  if (name === 'auto') return setAutoBackend();
  assertKnown(name);
  const status = await load(name);
  if (!status.available) throw new BackendUnavailableError(status);
  if (tf.getBackend() === 'webgpu' && name !== 'webgpu') {
    // In Node, webgpu cannot read a GPU tensor synchronously, which moving it to the new backend
    // does: read them all back first, while awaiting is possible.
    await (await import('@foveajs/backend-gpu')).readBackWebGPUTensors();
  }
  const ok = await tf.setBackend(TFJS_NAMES[name]);
  if (!ok) {
    // tfjs's engine only logs why a backend failed; fovea-wasm keeps the error, so it goes in ours.
    const cause = name === 'fovea-wasm' ? (await import('@foveajs/backend-wasm')).initialisationError() : undefined;
    const reason = `the backend failed to initialise${cause ? ` (${cause.message})` : ''}`;
    throw new BackendUnavailableError({ ...status, available: false, reason }, cause);
  }
  await tf.ready();
  return name;
}

async function setAutoBackend(): Promise<BackendName> {
  for (const candidate of ['webgpu', 'tensorflow'] as const) {
    let status: BackendStatus;
    try {
      status = await load(candidate);
    } catch {
      continue;
    }
    // A software GPU (SwiftShader) is correct but slower than our WASM kernels.
    if (status.available && !status.software) {
      try {
        return await setBackend(candidate);
      } catch {
        // Fall through to the next candidate.
      }
    }
  }
  return setBackend('fovea-wasm');
}

/** The active backend by Fovea's name (tfjs's own name if it is none of ours). */
export function getBackend(): BackendName | string {
  const active = tf.getBackend();
  const entry = Object.entries(TFJS_NAMES).find(([, tfjsName]) => tfjsName === active);
  return entry ? entry[0] : active;
}

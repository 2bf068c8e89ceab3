// Importing this module registers the 'fovea-wasm' backend with the shared tfjs engine.
import { type FoveaKernels, isNode, type LoadKernelsOptions, loadKernels, loadKernelsSync, MAX_WORKERS } from '@foveajs/kernels-wasm';
import { engine, findBackend, registerBackend } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, FoveaWasmBackend } from './backend.js';
import { registerAllKernels } from './register_all_kernels.js';

export { BACKEND_NAME, EXTRA_FUSED_ACTIVATIONS, FUSED_ACTIVATIONS, type FusedActivation, FoveaWasmBackend } from './backend.js';
export { foveaKernelConfigs } from './register_all_kernels.js';
export { GROUPED_CONV2D, type GroupedConv2DAttrs } from './kernels/FoveaGroupedConv2D.js';

let loadOptions: LoadKernelsOptions = {};

const VARIANTS = ['auto', 'simd', 'relaxed-simd'] as const;
const BUILDS = ['simd', 'relaxed-simd', 'simd-threads', 'relaxed-simd-threads'] as const;

/**
 * Choose where the .wasm files are served from (a directory URL ending in '/', or one URL per
 * build) and/or force a build. Call before the backend is first initialised; the arguments are
 * checked here, so a mistake is reported at the call rather than as a failed initialisation.
 */
export function setWasmPaths(wasmPath: LoadKernelsOptions['wasmPath'], variant?: LoadKernelsOptions['variant']): void {
  if (variant !== undefined && !(VARIANTS as readonly unknown[]).includes(variant)) {
    throw new Error(`setWasmPaths: variant got ${JSON.stringify(variant)}, expected one of ${VARIANTS.map((v) => `'${v}'`).join(', ')}`);
  }
  const isLocation = (value: unknown) => (typeof value === 'string' && value !== '') || value instanceof URL;
  if (wasmPath !== undefined && !isLocation(wasmPath)) {
    const entries = typeof wasmPath === 'object' && wasmPath !== null ? Object.entries(wasmPath) : undefined;
    const bad = entries === undefined ? undefined : entries.find(([build, location]) => !(BUILDS as readonly string[]).includes(build) || !isLocation(location));
    if (entries === undefined || entries.length === 0 || bad !== undefined) {
      throw new Error(
        `setWasmPaths: wasmPath got ${bad === undefined ? JSON.stringify(wasmPath) : `${JSON.stringify(bad[0])}: ${JSON.stringify(bad[1])}`}, ` +
          `expected a directory path or URL, or an object mapping builds (${BUILDS.join(', ')}) to file paths or URLs`,
      );
    }
  }
  loadOptions = { wasmPath, variant };
}

/** Priority above tfjs's cpu (1) and wasm (2), below webgpu (3): our WASM is the default CPU path. */
const PRIORITY = 2.5;

let threadsSetting: number | 'auto' = 'auto';

/**
 * Threads for fovea-wasm's kernels, the calling one included (default: one per core where threads
 * work — Node, and cross-origin isolated pages; elsewhere 1). May be called before or after the
 * backend is initialised: before, it only records the count. Small problems run on one thread
 * whatever the setting.
 */
export function setThreadsCount(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WORKERS + 1) {
    throw new RangeError(`setThreadsCount: got ${threads}, expected a whole number of threads from 1 to ${MAX_WORKERS + 1}`);
  }
  // The engine's registry holds initialised backends only; findBackend would start initialising
  // fovea-wasm, and an initialisation in flight blocks every op on every backend until it settles.
  const backend = engine().registry[BACKEND_NAME] as FoveaWasmBackend | undefined;
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

let lastInitialisationError: Error | undefined;

/**
 * Why fovea-wasm's last initialisation failed (tfjs's engine only logs it and reports false), or
 * undefined when it has not failed.
 */
export function initialisationError(): Error | undefined {
  return lastInitialisationError;
}

/** True when every .wasm location is a file (read synchronously in Node), not a URL to fetch. */
function isLocal(wasmPath: LoadKernelsOptions['wasmPath']): boolean {
  if (wasmPath === undefined) return true;
  const locations: Array<string | URL | undefined> = typeof wasmPath === 'string' || wasmPath instanceof URL ? [wasmPath] : Object.values(wasmPath);
  return locations.every((location) => {
    const href = location instanceof URL ? location.href : location;
    return href === undefined || !/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('file:');
  });
}

/**
 * Node compiles the kernels synchronously, so the backend is ready at the first op and code written
 * for tfjs's cpu backend (no `await tf.ready()`) runs unchanged; browsers refuse synchronous
 * compilation of a module this size on the main thread, so there the engine waits for a promise.
 */
function createBackend(): FoveaWasmBackend | Promise<FoveaWasmBackend> {
  const options: LoadKernelsOptions = { ...loadOptions, threads: threadsSetting };
  const created = (kernels: FoveaKernels) => {
    lastInitialisationError = undefined;
    return new FoveaWasmBackend(kernels);
  };
  const failed = (error: unknown): never => {
    lastInitialisationError = error instanceof Error ? error : new Error(String(error));
    throw error;
  };
  if (isNode && isLocal(loadOptions.wasmPath)) {
    try {
      return created(loadKernelsSync(options));
    } catch (error) {
      return failed(error);
    }
  }
  return loadKernels(options).then(created, failed);
}

registerAllKernels();
registerBackend(BACKEND_NAME, createBackend, PRIORITY);

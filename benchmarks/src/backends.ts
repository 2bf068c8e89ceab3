// The backends a benchmark can run on, registered in this one process so that every column of a
// table is measured side by side.
import type { KernelVariant } from '@fovea/kernels-wasm';
import * as tf from '@tensorflow/tfjs-core';

export const BACKENDS = ['fovea-wasm', 'tfjs-wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** tfjs's registry name of each backend (tfjs-backend-wasm registers itself as 'wasm'). */
export const TFJS_NAME: Record<BackendName, string> = { 'fovea-wasm': 'fovea-wasm', 'tfjs-wasm': 'wasm', cpu: 'cpu' };

/**
 * Import and initialise the backends. fovea-wasm loads the given build; tfjs-wasm runs one
 * thread, as the single-thread targets compare like with like.
 */
export async function setUpBackends(wanted: readonly BackendName[], variant: KernelVariant): Promise<Record<string, unknown>> {
  const details: Record<string, unknown> = {};
  await import('@tensorflow/tfjs-backend-cpu');
  if (wanted.includes('fovea-wasm')) {
    const fovea = await import('@fovea/backend-wasm');
    fovea.setWasmPaths(undefined, variant);
  }
  if (wanted.includes('tfjs-wasm')) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount(1);
  }
  for (const name of wanted) {
    if (!(await tf.setBackend(TFJS_NAME[name]))) {
      throw new Error(`backend '${name}' (tfjs name '${TFJS_NAME[name]}') failed to initialise`);
    }
    if (name === 'fovea-wasm') {
      details[name] = { build: (tf.backend() as unknown as { kernels: { variant: string } }).kernels.variant };
    }
    if (name === 'tfjs-wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      details[name] = {
        version: wasm.version_wasm,
        simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
        threads: wasm.getThreadsCount(),
      };
    }
  }
  return details;
}

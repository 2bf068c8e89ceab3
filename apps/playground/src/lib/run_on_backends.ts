import { type BackendName, getBackend, setBackend, type tf } from '@foveajs/core';
import type * as tfl from '@tensorflow/tfjs-layers';

export interface BackendRun {
  backend: BackendName;
  /** The backend tfjs actually ran, as Fovea names it. */
  ran: string;
  values: number[] | null;
  ms: number;
  error?: string;
}

/**
 * Predict one input with one model on each backend in turn. The model is built on the first
 * backend; tfjs moves its weights to each next backend on first use.
 */
export async function runOnBackends(model: tfl.LayersModel, input: tf.Tensor, backends: BackendName[]): Promise<BackendRun[]> {
  const runs: BackendRun[] = [];
  for (const backend of backends) {
    const start = performance.now();
    try {
      await setBackend(backend);
      const output = model.predict(input) as tf.Tensor;
      const values = Array.from(await output.data());
      output.dispose();
      runs.push({ backend, ran: getBackend(), values, ms: performance.now() - start });
    } catch (error) {
      runs.push({ backend, ran: getBackend(), values: null, ms: performance.now() - start, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return runs;
}

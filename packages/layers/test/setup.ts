// Shared by the tests: run on Fovea's own backend through @foveajs/core, as users do.
import { setBackend, tf } from '@foveajs/core';
import { seededRandom } from '@foveajs/datasets';

export async function useFoveaBackend(): Promise<void> {
  await setBackend('fovea-wasm');
  tf.engine().startScope();
  tf.engine().endScope();
}

/** Deterministic pseudo-random tensor (no dependence on tfjs's global RNG state). */
export function seededTensor(shape: number[], seed = 1): tf.Tensor {
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

/** Max |a - b| over all elements. */
export async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))));
  const v = (await d.data())[0]!;
  d.dispose();
  return v;
}

/** Save a model through tfjs's IO (the same artifacts a file save writes) and load it back. */
export async function roundTrip(model: import('@tensorflow/tfjs-layers').LayersModel) {
  const tfl = await import('@tensorflow/tfjs-layers');
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  // Through JSON text, as a file would be, so nothing survives that a file would not keep.
  const topology = JSON.parse(JSON.stringify(saved!.modelTopology));
  return tfl.loadLayersModel(tf.io.fromMemory({ ...saved!, modelTopology: topology }));
}

/**
 * `build()` with Math.random seeded: tfjs's initializers, and its unseeded random ops (dropout's
 * masks), draw their seeds from it, so a model built or trained here does the same on every run.
 * When `build` returns a promise (training), Math.random stays seeded until it settles.
 */
export function withSeededRandom<T>(seed: number, build: () => T): T {
  const random = Math.random;
  Math.random = seededRandom(seed);
  let result: T;
  try {
    result = build();
  } catch (error) {
    Math.random = random;
    throw error;
  }
  if (result instanceof Promise) {
    return result.finally(() => {
      Math.random = random;
    }) as T;
  }
  Math.random = random;
  return result;
}

/** Fit a tiny regression for a few epochs on fixed data; returns the loss history. */
export async function trainBriefly(model: import('@tensorflow/tfjs-layers').LayersModel, inputShape: number[], epochs = 8): Promise<number[]> {
  const x = tf.randomUniform([8, ...inputShape], -1, 1, 'float32', 11);
  const y = tf.randomUniform([8, ...(model.outputs[0]!.shape.slice(1) as number[])], -1, 1, 'float32', 12);
  model.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
  const history = await model.fit(x, y, { epochs, batchSize: 8, verbose: 0, shuffle: false });
  tf.dispose([x, y]);
  return history.history['loss'] as number[];
}

/** Tensors alive after `fn` ran `times` times, minus before: 0 when `fn` disposes what it makes. */
export function leakedTensors(fn: () => void, times = 3): number {
  fn(); // first call may build layers and create their variables
  const before = tf.memory().numTensors;
  for (let i = 0; i < times; i++) fn();
  return tf.memory().numTensors - before;
}

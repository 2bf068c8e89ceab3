// Shared by the tests (excluded from the build): run a model on fovea-wasm and on tfjs's cpu
// backend with the same weights and input, and check outputs agree and nothing leaks.
import '@foveajs/backend-wasm';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { expect, it } from 'vitest';
import { getModelInfo } from './zoo.js';

/** Set FOVEA_FULL_SIZE=1 to run every forward pass at the architecture's default input size. */
export const FULL_SIZE = process.env.FOVEA_FULL_SIZE === '1';

export async function predictOn(backend: 'fovea-wasm' | 'cpu', model: tfl.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  const before = tf.memory().numTensors;
  const y = model.predict(x) as tf.Tensor;
  const values = (await y.data()) as Float32Array;
  y.dispose();
  expect(tf.memory().numTensors, `tensors leaked by predict on ${backend}`).toBe(before);
  return values;
}

/** max |a - b| relative to max |b|: the zoo's criterion, within 1e-3 (as verify_zoo.mjs checks). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / Math.max(scale, 1e-12);
}

/** Forward one random batch through `model` on fovea-wasm and cpu; return the cpu output's shape. */
export async function expectBackendsAgree(model: tfl.LayersModel, tolerance = 1e-3): Promise<void> {
  const shape = model.inputs[0]!.shape.slice(1) as number[];
  const x = tf.randomUniform([1, ...shape], -1, 1, 'float32', 7);
  try {
    const wasm = await predictOn('fovea-wasm', model, x);
    const cpu = await predictOn('cpu', model, x);
    expect(cpu.every(Number.isFinite), 'cpu output is finite').toBe(true);
    expect(relativeError(wasm, cpu)).toBeLessThanOrEqual(tolerance);
  } finally {
    x.dispose();
  }
}

export function trainableParams(model: tfl.LayersModel): number {
  return model.trainableWeights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

/** Build, check, dispose, and check every tensor the model made was released. */
export async function withModel(build: () => tfl.LayersModel, check: (model: tfl.LayersModel) => Promise<void> | void): Promise<void> {
  await tf.setBackend('cpu');
  const before = tf.memory().numTensors;
  const model = build();
  try {
    await check(model);
  } finally {
    model.dispose();
  }
  expect(tf.memory().numTensors, 'tensors left after model.dispose()').toBe(before);
}

/** A model's saved artifacts, in memory (what a file save writes), to load back with tf.io.fromMemory. */
export async function savedArtifacts(model: tfl.LayersModel): Promise<tf.io.ModelArtifacts> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return artifacts!;
}

/**
 * The test of one model Keras ships: Keras's parameter count (includeTop, 1000 classes), its
 * len(model.layers) where `kerasLayerCount` is given, and fovea-wasm matching cpu, built once at
 * the model's minimum input size (FOVEA_FULL_SIZE=1: its default size).
 */
export function itMatchesKeras(name: string, kerasLayerCount: number | undefined): void {
  it(`${name}: Keras's parameter count; fovea-wasm matches cpu`, async () => {
    const info = getModelInfo(name);
    const size = FULL_SIZE ? info.defaultSize : info.minSize;
    await withModel(
      () => info.build({ inputShape: [size, size, 3], classifierActivation: null }),
      async (model) => {
        expect(model.countParams()).toBe(info.kerasParams);
        if (kerasLayerCount !== undefined) expect(model.layers.length).toBe(kerasLayerCount);
        expect(model.outputs[0]!.shape).toEqual([null, 1000]);
        await expectBackendsAgree(model);
      },
    );
  }, 120_000);
}

// saveModel → loadModel for the zoo's builders: the .keras archive and the whole-model .h5 each
// rebuild the same architecture with the same weights (identical outputs, same layer names), and
// the .keras lists Keras 3's weight paths. `npm test` runs a subset that covers every layer class
// the zoo uses; FOVEA_ZOO_SAVE_LOAD=all runs all 26 builders (several minutes on 2 cores).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as models from './index.js';
import { loadModel, saveModel } from './index.js';

/**
 * One builder per layer class the zoo uses: LeNet5 (AveragePooling2D, Flatten), GoogLeNet
 * (LocalResponseNormalization, Concatenate), MobileNet (ReLU, Reshape, DepthwiseConv2D), Xception
 * (SeparableConv2D), ResNeXt50 (grouped Conv2D), SEResNet50 (Multiply), EfficientNetB0
 * (Rescaling, Normalization, swish), DenseNet121 (ZeroPadding2D, AveragePooling2D in blocks).
 */
const SUBSET = ['LeNet5', 'GoogLeNet', 'MobileNet', 'Xception', 'ResNeXt50', 'SEResNet50', 'EfficientNetB0', 'DenseNet121'];
const ALL = process.env['FOVEA_ZOO_SAVE_LOAD'] === 'all';
const names = ALL ? models.listModels().map((info) => info.name) : SUBSET;

/** Small inputs keep the test quick: each architecture's minimum, 10 classes. */
function options(name: string): Record<string, unknown> {
  const size = name === 'Xception' ? 71 : name === 'AlexNet' ? 67 : 32;
  return { inputShape: [size, size, name === 'LeNet5' ? 1 : 3], classes: 10 };
}

let dir: string;
beforeAll(async () => {
  // cpu: the test is about the files, and all 26 models in one process outgrow fovea-wasm's 4 GiB heap.
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'fovea-zoo-save-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function outputOf(model: tfl.LayersModel, x: tf.Tensor): Promise<Float32Array> {
  const y = model.predict(x) as tf.Tensor;
  const values = (await y.data()) as Float32Array;
  y.dispose();
  return values;
}

describe(`saveModel → loadModel: ${ALL ? 'every zoo builder' : `${SUBSET.length} zoo builders (FOVEA_ZOO_SAVE_LOAD=all for all 26)`}`, () => {
  for (const name of names) {
    it(name, async () => {
      const build = (models as unknown as Record<string, (o: object) => tfl.LayersModel>)[name]!;
      const model = build(options(name));
      // Random statistics too, so that every weight shows in the output.
      model.setWeights(model.weights.map((w, i) => tf.randomUniform(w.shape as number[], 0.5, 1, 'float32', i)));
      const shape = model.inputs[0]!.shape.map((d, i) => (i === 0 ? 1 : d!));
      const x = tf.randomUniform(shape, 0, 1, 'float32', 7);
      const expected = await outputOf(model, x);
      for (const file of ['model.keras', 'model.h5']) {
        const path = join(dir, `${name}-${file}`);
        await saveModel(model, path);
        const before = tf.memory().numTensors;
        const loaded = await loadModel(path);
        expect(loaded.layers.map((l) => `${l.name}:${l.getClassName()}`), file).toEqual(model.layers.map((l) => `${l.name}:${l.getClassName()}`));
        expect(await outputOf(loaded, x), file).toEqual(expected);
        loaded.dispose();
        expect(tf.memory().numTensors, `${file}: tensors left`).toBe(before);
      }
      tf.dispose([x, model] as never);
    });
  }
});

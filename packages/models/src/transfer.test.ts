// The textbook's transfer-learning flow on a small base: frozen base weights do not move while the
// head trains; unfreezeTop makes exactly the top N layers trainable, and then they do move.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { transferModel, unfreezeTop } from './transfer.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function smallBase(): tfl.LayersModel {
  const input = tfl.input({ shape: [12, 12, 3], name: 'input_1' });
  let x = tfl.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', name: 'block1_conv' }).apply(input) as tfl.SymbolicTensor;
  x = tfl.layers.batchNormalization({ name: 'block1_bn' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.maxPooling2d({ poolSize: 2, name: 'block1_pool' }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', name: 'block2_conv' }).apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: x, name: 'base' });
}

function values(layer: tfl.layers.Layer): Float32Array[] {
  return layer.getWeights().map((w) => Float32Array.from(w.dataSync()));
}

async function train(model: tfl.LayersModel, learningRate: number): Promise<void> {
  model.compile({ optimizer: tf.train.adam(learningRate), loss: 'categoricalCrossentropy' });
  const x = tf.randomUniform([16, 12, 12, 3], 0, 1, 'float32', 1);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0], 'int32'), 3));
  for (let step = 0; step < 3; step++) await model.trainOnBatch(x, y);
  tf.dispose([x, y]);
}

describe('transferModel', () => {
  it('freezes the base and trains only the head', async () => {
    const base = smallBase();
    const model = transferModel(base, { classes: 3, freeze: true, dropout: 0.3 });
    expect(model.layers.map((l) => l.name).slice(-3)).toEqual(['transfer_pool', 'transfer_dropout', 'predictions']);
    expect(model.outputs[0]!.shape).toEqual([null, 3]);
    expect(model.trainableWeights.map((w) => w.originalName)).toEqual(['predictions/kernel', 'predictions/bias']);
    const baseBefore = base.layers.map(values);
    const headBefore = values(model.getLayer('predictions'));
    await train(model, 0.01);
    expect(base.layers.map(values)).toEqual(baseBefore);
    expect(values(model.getLayer('predictions'))).not.toEqual(headBefore);
    // Once the optimizer has its state, more training leaves no tensors behind.
    const tensors = tf.memory().numTensors;
    const x = tf.randomUniform([4, 12, 12, 3]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1, 2, 0], 'int32'), 3));
    await model.trainOnBatch(x, y);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });

  it('unfreezeTop makes the top N base layers trainable (BatchNorm kept frozen) and fine-tuning moves only them', async () => {
    const base = smallBase();
    const model = transferModel(base, { classes: 3 });
    await train(model, 0.01);
    const unfrozen = unfreezeTop(base, 3);
    expect(unfrozen).toEqual(['block1_pool', 'block2_conv']);
    expect(base.layers.map((l) => l.trainable)).toEqual([false, false, false, true, true]);
    expect(model.trainableWeights.map((w) => w.originalName)).toEqual(['block2_conv/kernel', 'block2_conv/bias', 'predictions/kernel', 'predictions/bias']);
    const frozenBefore = ['block1_conv', 'block1_bn'].map((name) => values(base.getLayer(name)));
    const topBefore = values(base.getLayer('block2_conv'));
    await train(model, 1e-3);
    expect(['block1_conv', 'block1_bn'].map((name) => values(base.getLayer(name)))).toEqual(frozenBefore);
    expect(values(base.getLayer('block2_conv'))).not.toEqual(topBefore);
    expect(unfreezeTop(base, 4, { keepBatchNormFrozen: false })).toEqual(['block1_conv', 'block1_bn', 'block1_pool', 'block2_conv']);
    model.dispose();
  });

  it('rejects bad arguments, naming them', () => {
    const base = smallBase();
    expect(() => transferModel(base, { classes: 0 })).toThrow(/classes must be a positive integer, got 0/);
    expect(() => transferModel(base, { classes: 2, dropout: 1 })).toThrow(/dropout must be in \[0, 1\), got 1/);
    expect(() => unfreezeTop(base, 9)).toThrow(/count must be an integer in 0\.\.5 .* got 9/);
    const withTop = transferModel(base, { classes: 2 });
    expect(() => transferModel(withTop, { classes: 2 })).toThrow(/already has a layer named 'transfer_pool'/);
    base.dispose();
  });
});

// The LeNet-5 weights shipped in weights/lenet5_mnist/ load into the LeNet5 builder's model and
// classify the 2,000 held-out digits (never trained on) with at least 98% accuracy.
import { setBackend } from '@foveajs/core';
import { batches, loadMnist } from '@foveajs/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LeNet5 } from '../classic.js';
import { evaluateAccuracy } from '../train/fit.js';
import { LENET5_MNIST_WEIGHTS, loadWeightsInto } from './index.js';

describe('shipped LeNet-5 MNIST weights', () => {
  it('reach at least 98% on the held-out digits on fovea-wasm', async () => {
    await setBackend('fovea-wasm');
    const model = await loadWeightsInto(LeNet5({ inputShape: [28, 28, 1] }), LENET5_MNIST_WEIGHTS);
    const before = tf.memory().numTensors;
    const accuracy = await evaluateAccuracy(model, batches(loadMnist().test, { batchSize: 500 }));
    expect(tf.memory().numTensors).toBe(before);
    expect(accuracy).toBeGreaterThanOrEqual(0.98);
    model.dispose();
  });
});

// A small CNN (conv → relu → max pool → dense → softmax cross-entropy) trains on fovea-wasm to the
// same loss curve as on tfjs's cpu backend: same initial weights, same data, same optimizer.
// Forward passes run our kernels; gradient kernels run ours where they exist, the cpu's otherwise.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { FOVEA, randomValues } from './kernels/compare.js';

const BATCH = 16;
const SIZE = 12;
const CLASSES = 3;
const STEPS = 12;

/** Images whose class is the quadrant with the brightest blob, so the loss can actually fall. */
function dataset(): { xs: Float32Array; labels: Float32Array } {
  const noise = randomValues(BATCH * SIZE * SIZE, 101);
  const xs = new Float32Array(BATCH * SIZE * SIZE);
  const labels = new Float32Array(BATCH * CLASSES);
  for (let n = 0; n < BATCH; n++) {
    const label = n % CLASSES;
    labels[n * CLASSES + label] = 1;
    for (let i = 0; i < SIZE * SIZE; i++) {
      const row = Math.floor(i / SIZE);
      const col = i % SIZE;
      const inBlob = label === 0 ? row < 6 && col < 6 : label === 1 ? row >= 6 && col >= 6 : row < 6 && col >= 6;
      xs[n * SIZE * SIZE + i] = 0.3 * noise[n * SIZE * SIZE + i]! + (inBlob ? 1 : 0);
    }
  }
  return { xs, labels };
}

async function trainOn(backend: string): Promise<number[]> {
  await tf.setBackend(backend);
  const { xs, labels } = dataset();
  const x = tf.tensor4d(xs, [BATCH, SIZE, SIZE, 1]);
  const y = tf.tensor2d(labels, [BATCH, CLASSES]);
  const filters = tf.variable(tf.tensor4d(randomValues(3 * 3 * 1 * 8, 7).map((v) => v * 0.5), [3, 3, 1, 8]));
  const convBias = tf.variable(tf.zeros([8]));
  const flat = (SIZE / 2) * (SIZE / 2) * 8;
  const dense = tf.variable(tf.tensor2d(randomValues(flat * CLASSES, 8).map((v) => v * 0.1), [flat, CLASSES]));
  const denseBias = tf.variable(tf.zeros([CLASSES]));
  const optimizer = tf.train.adam(0.01);
  const losses: number[] = [];
  let afterFirstStep = 0;
  for (let step = 0; step < STEPS; step++) {
    const loss = optimizer.minimize(() => {
      const conv = tf.relu(tf.add(tf.conv2d(x, filters, 1, 'same'), convBias)) as tf.Tensor4D;
      const pooled = tf.maxPool(conv, 2, 2, 'valid');
      const logits = tf.add(tf.matMul(tf.reshape(pooled, [BATCH, flat]), dense), denseBias);
      return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
    }, true);
    losses.push(loss!.dataSync()[0]!);
    loss!.dispose();
    // Adam creates its moment variables on the first step; after that the count must hold.
    if (step === 0) afterFirstStep = tf.memory().numTensors;
  }
  expect(tf.memory().numTensors, `tensors leaked per step on ${backend}`).toBe(afterFirstStep);
  optimizer.dispose();
  tf.dispose([x, y, filters, convBias, dense, denseBias]);
  return losses;
}

it('trains a small CNN to the same loss curve as the cpu backend', async () => {
  const reference = await trainOn('cpu');
  const ours = await trainOn(FOVEA);
  console.log(`losses fovea-wasm: ${ours.map((l) => l.toFixed(5)).join(' ')}`);
  console.log(`losses cpu:        ${reference.map((l) => l.toFixed(5)).join(' ')}`);
  // The curve must actually go down, and agree step by step within float32 accumulation error.
  expect(reference[STEPS - 1]!).toBeLessThan(reference[0]! * 0.8);
  ours.forEach((loss, step) => {
    expect(Math.abs(loss - reference[step]!), `step ${step}`).toBeLessThan(1e-4 * Math.max(1, reference[step]!));
  });
});

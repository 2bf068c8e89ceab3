// A LeNet-5-style CNN (fused conv+bias+relu → avg pool → fused conv → max pool → dense → dense →
// softmax cross-entropy), written as tfjs-layers runs it (fused ops), trains on fovea-wasm to the
// same loss curve as on tfjs's cpu backend, with the backward pass's conv, pooling and ReLU-mask
// kernels running in WASM.
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { FOVEA, randomValues, wasmCalls } from './kernels/compare.js';

const BATCH = 8;
const SIZE = 16;
const CLASSES = 4;
const STEPS = 8;

/** Images whose class is the quadrant holding a bright square, so the loss can fall. */
function dataset(): { xs: Float32Array; labels: Float32Array } {
  const noise = randomValues(BATCH * SIZE * SIZE, 201);
  const xs = new Float32Array(BATCH * SIZE * SIZE);
  const labels = new Float32Array(BATCH * CLASSES);
  const half = SIZE / 2;
  for (let n = 0; n < BATCH; n++) {
    const label = n % CLASSES;
    labels[n * CLASSES + label] = 1;
    for (let i = 0; i < SIZE * SIZE; i++) {
      const quadrant = (Math.floor(i / SIZE) < half ? 0 : 2) + (i % SIZE < half ? 0 : 1);
      xs[n * SIZE * SIZE + i] = 0.3 * noise[n * SIZE * SIZE + i]! + (quadrant === label ? 1 : 0);
    }
  }
  return { xs, labels };
}

function weights(shape: number[], seed: number, scale: number): tf.Variable {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.variable(tf.tensor(randomValues(size, seed).map((v) => v * scale), shape));
}

/** Bytes of fovea-wasm's linear memory (0 on other backends). */
function arenaSize(backend: string): number {
  if (backend !== FOVEA) return 0;
  return (tf.findBackend(FOVEA) as unknown as { kernels: { arena: { memoryBytes: number } } }).kernels.arena.memoryBytes;
}

interface Run {
  losses: number[];
  kernels: Set<string>;
  wasm: number;
}

async function trainOn(backend: string): Promise<Run> {
  await tf.setBackend(backend);
  const { xs, labels } = dataset();
  const x = tf.tensor4d(xs, [BATCH, SIZE, SIZE, 1]);
  const y = tf.tensor2d(labels, [BATCH, CLASSES]);
  const flat = 2 * 2 * 16;
  const params = {
    c1: weights([5, 5, 1, 6], 1, 0.4),
    b1: weights([6], 2, 0.1),
    c2: weights([5, 5, 6, 16], 3, 0.15),
    b2: weights([16], 4, 0.1),
    d1: weights([flat, 24], 5, 0.25),
    e1: weights([24], 6, 0.1),
    d2: weights([24, CLASSES], 7, 0.3),
    e2: weights([CLASSES], 8, 0.1),
  };
  const optimizer = tf.train.adam(0.01);
  const model = () => {
    // 16×16 → same 5×5 conv → 2×2/2 avg pool (8×8) → valid 5×5 conv (4×4) → 2×2/2 max pool (2×2).
    let h: tf.Tensor4D = tf.fused.conv2d({ x, filter: params.c1 as tf.Tensor4D, bias: params.b1, strides: 1, pad: 'same', activation: 'relu' });
    h = tf.avgPool(h, 2, 2, 'valid');
    h = tf.fused.conv2d({ x: h, filter: params.c2 as tf.Tensor4D, bias: params.b2, strides: 1, pad: 'valid', activation: 'relu' });
    h = tf.maxPool(h, 2, 2, 'valid');
    const hidden = tf.fused.matMul({ a: tf.reshape(h, [BATCH, flat]), b: params.d1 as tf.Tensor2D, bias: params.e1, activation: 'relu' });
    const logits = tf.fused.matMul({ a: hidden, b: params.d2 as tf.Tensor2D, bias: params.e2 });
    return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
  };
  const losses: number[] = [];
  const kernels = new Set<string>();
  let wasm = 0;
  let afterFirstStep = 0;
  let arenaBytes = 0;
  for (let step = 0; step < STEPS; step++) {
    let loss: tf.Scalar | null = null;
    const profile = await tf.profile(() => {
      const stepOnce = () => {
        loss = optimizer.minimize(model, true);
      };
      if (backend === FOVEA) wasm += wasmCalls(stepOnce);
      else stepOnce();
      return [];
    });
    for (const name of profile.kernelNames) kernels.add(name);
    losses.push((loss as unknown as tf.Scalar).dataSync()[0]!);
    (loss as unknown as tf.Scalar).dispose();
    // Adam creates its moment variables on the first step; after that the count must hold. The
    // first steps also move JS-made tensors into WASM memory and fill the heap's free lists (from a
    // state that depends on earlier tests); from the third step on, WASM memory must not grow.
    if (step === 0) afterFirstStep = tf.memory().numTensors;
    if (step === 2) arenaBytes = arenaSize(backend);
  }
  expect(tf.memory().numTensors, `tensors leaked per step on ${backend}`).toBe(afterFirstStep);
  expect(arenaSize(backend), `WASM memory grew after the third step on ${backend}`).toBe(arenaBytes);
  optimizer.dispose();
  tf.dispose([x, y, ...Object.values(params)]);
  return { losses, kernels, wasm };
}

it('trains a LeNet-5-style CNN to the same loss curve as the cpu backend, gradients in WASM', async () => {
  const reference = await trainOn('cpu');
  const ours = await trainOn(FOVEA);
  console.log(`LeNet losses fovea-wasm: ${ours.losses.map((l) => l.toFixed(5)).join(' ')}`);
  console.log(`LeNet losses cpu:        ${reference.losses.map((l) => l.toFixed(5)).join(' ')}`);
  expect(reference.losses[STEPS - 1]!).toBeLessThan(reference.losses[0]! * 0.8);
  ours.losses.forEach((loss, step) => {
    expect(Math.abs(loss - reference.losses[step]!), `step ${step}`).toBeLessThan(1e-4 * Math.max(1, reference.losses[step]!));
  });
  // The backward pass really went through the gradient kernels (ours are registered under these names).
  for (const name of ['Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'AvgPoolGrad', 'Step']) {
    expect(ours.kernels.has(name), name).toBe(true);
  }
  expect(ours.wasm).toBeGreaterThan(STEPS * 10);
});

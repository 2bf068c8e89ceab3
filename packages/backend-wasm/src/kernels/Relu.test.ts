import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';

beforeAll(async () => {
  await tf.setBackend('fovea-wasm');
});

function onBackend(name: string, fn: () => tf.Tensor): Float32Array {
  const previous = tf.getBackend();
  tf.setBackend(name);
  const result = tf.tidy(fn);
  const values = result.dataSync() as Float32Array;
  result.dispose();
  tf.setBackend(previous);
  return values;
}

describe('Relu', () => {
  it('matches the cpu backend on random shapes', async () => {
    await tf.ready();
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 }), (values) => {
        const ours = onBackend('fovea-wasm', () => tf.relu(tf.tensor1d(values)));
        const reference = onBackend('cpu', () => tf.relu(tf.tensor1d(values)));
        expect(Array.from(ours)).toEqual(Array.from(reference));
      }),
    );
  });

  it('gives the cpu\'s exact values for -0, NaN and ±Infinity (on the 4-lane path and the tail)', () => {
    const values = [-0, 0, Number.NaN, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 2.5, -0];
    const ours = onBackend('fovea-wasm', () => tf.relu(tf.tensor1d(values)));
    const reference = onBackend('cpu', () => tf.relu(tf.tensor1d(values)));
    // toEqual tells -0 from +0 (Math.max(0, -0) is +0).
    expect(Array.from(ours)).toEqual(Array.from(reference));
  });

  it('falls back to the cpu kernel for int32', () => {
    const y = tf.relu(tf.tensor1d([-2, 3], 'int32'));
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([0, 3]);
    y.dispose();
  });

  it('leaks no tensors', () => {
    const x = tf.randomNormal([64]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) tf.relu(x).dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});

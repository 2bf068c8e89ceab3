import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FOVEA, runOn } from '../../test/kernels/compare.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const onBackend = (name: string, fn: () => tf.Tensor): Float32Array => runOn(name, fn)[0]!;

describe('ClipByValue', () => {
  it("is fovea-wasm's own kernel", () => {
    expect(tf.getKernel('ClipByValue', 'fovea-wasm')?.kernelFunc).not.toBe(tf.getKernel('ClipByValue', 'cpu')?.kernelFunc);
  });

  it('matches the cpu backend on random values and bounds, NaN included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.float({ noNaN: true, min: -100, max: 100 }), fc.constant(Number.NaN)), { minLength: 1, maxLength: 300 }),
        fc.float({ noNaN: true, min: -50, max: 50 }),
        fc.float({ noNaN: true, min: 0, max: 50 }),
        (values, lo, width) => {
          const hi = lo + width;
          const ours = onBackend('fovea-wasm', () => tf.clipByValue(tf.tensor1d(values), lo, hi));
          const reference = onBackend('cpu', () => tf.clipByValue(tf.tensor1d(values), lo, hi));
          expect(Array.from(ours)).toEqual(Array.from(reference));
        },
      ),
    );
  });

  it("runs Keras's ReLU(max_value=6) as relu then clip, with the cpu's gradient", () => {
    const x = tf.tensor2d([-3, 0.5, 6, 9, 2, -0.1], [2, 3]);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.clipByValue(t, 0, 6), tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3])));
    const ours = onBackend('fovea-wasm', () => tf.grad(f)(x));
    const reference = onBackend('cpu', () => tf.grad(f)(x));
    expect(Array.from(ours)).toEqual(Array.from(reference));
    x.dispose();
  });

  it('falls back to the cpu kernel for int32 and leaks no tensors', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor1d([-2, 3, 9], 'int32');
    const y = tf.clipByValue(x, 0, 6);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([0, 3, 6]);
    tf.dispose([x, y]);
    const z = tf.tidy(() => tf.clipByValue(tf.randomNormal([64]), -1, 1));
    z.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

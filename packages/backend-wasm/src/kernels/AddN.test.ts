import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { intValues } from '../../test/kernels/binary_math_cases.js';
import { expectNoLeaks, FOVEA, lcgValues, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

const shapeArb = fc.array(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 1, arbitrary: fc.constant(0) }), { maxLength: 4 });

describe('AddN', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu backend exactly on 1–6 float32 or int32 tensors of random shapes', () => {
    fc.assert(
      fc.property(shapeArb, fc.integer({ min: 1, max: 6 }), fc.boolean(), seedArb, (shape, count, int32, seed) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const make = (k: number) =>
          int32 ? tf.tensor(intValues(n, seed + k), shape, 'int32') : tf.tensor(randomValues(n, seed + k).map((v, i) => (i % 7 === 3 ? -0 : v * 1e3)), shape);
        expectNativeMatch(() => tf.addN(Array.from({ length: count }, (_, k) => make(k))), 0, n > 0);
      }),
      { numRuns: 80 },
    );
  });

  it('has the same gradients as the cpu backend, and matches across threads', () => {
    expectNativeMatch(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.addN([a, b, a]))))([tf.ones([3, 4]), tf.tensor(randomValues(12, 2), [3, 4])]), 1e-6);
    expectNativeMatch(() => tf.addN([0, 1, 2, 3].map((k) => tf.tensor(lcgValues(1 << 18, k), [512, 512]))));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const xs = [1, 2, 3].map((k) => tf.tensor(randomValues(1000, k), [10, 100]));
    await expectNoLeaks(() => tf.addN(xs));
    tf.dispose(xs);
  });
});

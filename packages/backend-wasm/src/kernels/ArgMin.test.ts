import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { boolValues, intValues } from '../../test/kernels/binary_math_cases.js';
import { expectNoLeaks, FOVEA, lcgValues, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

// Ties (values on a coarse grid), NaN first and later, ±Infinity, ±0: the cpu keeps the first
// index of the extreme, NaN never wins unless it comes first.
const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0];
const problemArb = fc
  .array(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 1, arbitrary: fc.constant(0) }), { minLength: 1, maxLength: 4 })
  .chain((shape) => fc.record({ shape: fc.constant(shape), axis: fc.integer({ min: -shape.length, max: shape.length - 1 }), seed: seedArb }));

function values(dtype: 'float32' | 'int32' | 'bool', shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (dtype === 'int32') return tf.tensor(intValues(n, seed), shape, 'int32');
  if (dtype === 'bool') return tf.tensor(boolValues(n, seed), shape, 'bool');
  return tf.tensor(randomValues(n, seed).map((v, i) => (i % 9 === 4 ? SPECIALS[(i + seed) % 5]! : Math.round(v * 4))), shape);
}

describe('ArgMin', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  for (const dtype of ['float32', 'int32', 'bool'] as const) {
    it(`matches the cpu backend on ${dtype} tensors of random shapes and axes`, () => {
      fc.assert(
        fc.property(problemArb, ({ shape, axis, seed }) => {
          expectNativeMatch(() => tf.argMin(values(dtype, shape, seed), axis), 0, shape.every((d) => d > 0));
        }),
        { numRuns: 80 },
      );
    });
  }

  it('matches on the class axis of a detector head (1×8400×80) and on a middle axis, across threads', () => {
    expectNativeMatch(() => tf.argMin(tf.tensor(lcgValues(8400 * 80, 3), [1, 8400, 80]), -1));
    expectNativeMatch(() => tf.argMin(tf.tensor(lcgValues(2100 * 80, 4), [1, 2100, 80]), 1));
    expectNativeMatch(() => tf.argMin(tf.tensor([Number.NaN, 1, 2, 2, 5, Number.NaN, 5, 1]), 0));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor(randomValues(2 * 7 * 7 * 33, 1), [2, 7, 7, 33]);
    await expectNoLeaks(() => tf.argMin(x, -1));
    x.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { boolValues, intValues } from '../../test/kernels/binary_math_cases.js';
import { expectNoLeaks, FOVEA, lcgValues, randomValues as seededValues, seedArb } from '../../test/kernels/compare.js';
import { cpuCanRun, expectNativeMatch } from '../../test/kernels/matches.js';

// float32 steps in the cpu's order (exact), int32 wrapping, bool giving int32; every axis,
// exclusive and reverse, empty tensors.
const problemArb = fc
  .array(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 9 }) }, { weight: 1, arbitrary: fc.constant(0) }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.record({ shape: fc.constant(shape), axis: fc.nat(shape.length - 1), exclusive: fc.boolean(), reverse: fc.boolean(), seed: seedArb }),
  );

function values(dtype: 'float32' | 'int32' | 'bool', shape: number[], seed: number): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const randomValues = n > 10_000 ? lcgValues : seededValues;
  if (dtype === 'int32') return tf.tensor(intValues(n, seed), shape, 'int32');
  if (dtype === 'bool') return tf.tensor(boolValues(n, seed), shape, 'bool');
  return tf.tensor(randomValues(n, seed).map((v, i) => (i % 11 === 5 ? -0 : v * 3)), shape);
}

describe('Cumsum', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  for (const dtype of ['float32', 'int32', 'bool'] as const) {
    it(`matches the cpu backend on ${dtype} tensors along any axis, exclusive and reversed`, () => {
      fc.assert(
        fc.property(problemArb, ({ shape, axis, exclusive, reverse, seed }) => {
          expectNativeMatch(() => tf.cumsum(values(dtype, shape, seed), axis, exclusive, reverse), 0, shape.every((d) => d > 0));
        }),
        { numRuns: 80 },
      );
    });
  }

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      fc.property(problemArb, ({ shape, axis, exclusive, reverse, seed }) => {
        const grad = () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.cumsum(x, axis, exclusive, reverse))))(values('float32', shape, seed));
        fc.pre(cpuCanRun(grad));
        expectNativeMatch(grad, 1e-5, false);
      }),
      { numRuns: 30 },
    );
  });

  it('matches on long rows split across threads, and on a middle axis', () => {
    expectNativeMatch(() => tf.cumsum(values('float32', [256, 2048], 3), 1, false, false));
    expectNativeMatch(() => tf.cumsum(values('float32', [8, 64, 128], 4), 1, true, true));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = values('float32', [2, 7, 7, 33], 1);
    await expectNoLeaks(() => tf.cumsum(x, 3, false, false));
    x.dispose();
  });
});

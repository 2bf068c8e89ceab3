import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, parallelKernels, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = shapeArb(1, 6, { min: 0, max: 6 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    perm: fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }),
    dtype: dtypeArb,
    seed: seedArb,
  }),
);

describe('Transpose', () => {
  it('matches the cpu backend on random ranks, permutations, dtypes and empty axes', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectSameTensors(() => tf.transpose(layoutTensor(p.shape, p.dtype, p.seed), p.perm))),
      { numRuns: 200 },
    );
  });

  it('runs NCHW ↔ NHWC and 2-D transposes as tiled transposes, with ragged edges', () => {
    for (const dtype of ['float32', 'int32', 'bool'] as const) {
      for (const [shape, perm] of [
        [[2, 7, 9, 13], [0, 2, 3, 1]],
        [[1, 9, 13, 7], [0, 3, 1, 2]],
        [[37, 21], [1, 0]],
        [[3, 1, 17, 5], [3, 1, 0, 2]],
      ] as Array<[number[], number[]]>) {
        expectSameTensors(() => tf.transpose(layoutTensor(shape, dtype, 3), perm), { wasm: true });
      }
    }
    const x = layoutTensor([1, 64, 32, 32], 'float32', 1);
    expect(parallelKernels(() => tf.dispose(tf.transpose(x, [0, 2, 3, 1])))).toEqual(['transposeStrided']);
    x.dispose();
  });

  it('shares the data when no element moves (axes of size 1 only change places)', () => {
    expectSameTensors(() => tf.transpose(layoutTensor([1, 5, 1, 3], 'int32', 2), [2, 0, 1, 3]), { wasm: false });
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectSameTensors(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.transpose(x, p.perm), tf.transpose(x, p.perm))))(layoutTensor(p.shape, 'float32', p.seed).abs().add(1)), {
          tolerance: 1e-6,
        }),
      ),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([1, 16, 24, 24], 'float32', 1);
    await expectNoLeaks(() => tf.transpose(x, [0, 2, 3, 1]));
    x.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectBothThrow, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// params of rank 1–4; indices [...batch, r] with r ≤ rank, each coordinate inside its axis.
const problemArb = shapeArb(1, 4, { min: 1, max: 5 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    sliceRank: fc.integer({ min: 1, max: shape.length }),
    batch: shapeArb(0, 2, { min: 0, max: 4 }),
    dtype: dtypeArb,
    seed: seedArb,
  }),
);

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

const indices = (p: Problem) => {
  const count = p.batch.reduce((a, b) => a * b, 1);
  const values = Int32Array.from({ length: count * p.sliceRank }, (_, i) => (p.seed + i * 13) % p.shape[i % p.sliceRank]!);
  return tf.tensor(values, [...p.batch, p.sliceRank], 'int32');
};

describe('GatherNd', () => {
  it('matches the cpu backend on random slice ranks, index batches (incl. empty) and dtypes', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectSameTensors(() => tf.gatherND(layoutTensor(p.shape, p.dtype, p.seed), indices(p)))),
      { numRuns: 150 },
    );
  });

  it('throws for an index outside params, as the cpu does', () => {
    expectBothThrow(() => tf.gatherND(layoutTensor([3, 2], 'float32', 1), tf.tensor2d([2, 5], [1, 2], 'int32')));
    expectBothThrow(() => tf.gatherND(layoutTensor([3, 2], 'float32', 1), tf.tensor2d([-1, 0], [1, 2], 'int32')));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([8, 8, 16], 'float32', 1);
    const i = tf.tensor2d([1, 2, 7, 7, 0, 3], [3, 2], 'int32');
    await expectNoLeaks(() => tf.gatherND(x, i));
    tf.dispose([x, i]);
  });
});

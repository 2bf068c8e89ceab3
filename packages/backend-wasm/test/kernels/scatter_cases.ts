// The random problems ScatterNd's and TensorScatterUpdate's tests share.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { seedArb } from './compare.js';
import { dtypeArb, layoutTensor, shapeArb } from './layout_cases.js';

// Output of rank 1–4; indices [n, r] (duplicates likely, so sums of several updates); updates [n, ...shape[r:]].
export const scatterProblemArb = shapeArb(1, 4, { min: 1, max: 5 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    sliceRank: fc.integer({ min: 1, max: shape.length }),
    count: fc.integer({ min: 1, max: 8 }),
    dtype: dtypeArb,
    seed: seedArb,
  }),
);

export type ScatterProblem = typeof scatterProblemArb extends fc.Arbitrary<infer T> ? T : never;

export const scatterIndices = (p: ScatterProblem) =>
  tf.tensor2d(Int32Array.from({ length: p.count * p.sliceRank }, (_, i) => (p.seed + i * 5) % p.shape[i % p.sliceRank]!), [p.count, p.sliceRank], 'int32');

export const scatterUpdates = (p: ScatterProblem, dtype = p.dtype) => layoutTensor([p.count, ...p.shape.slice(p.sliceRank)], dtype, p.seed + 1);


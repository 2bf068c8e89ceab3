// Random (batch) matmul problems shared by the BatchMatMul and _FusedMatMul tests: sizes that hit
// partial 4×8 tiles, transposes, and batch broadcasting as tfjs defines it (the flattened batch
// counts are equal, or one of them is 1).
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { randomValues, seedArb } from './compare.js';

export const matMulArb = fc.record({
  m: fc.integer({ min: 1, max: 13 }),
  k: fc.integer({ min: 1, max: 21 }),
  n: fc.integer({ min: 1, max: 19 }),
  batches: fc.constantFrom<[number[], number[]]>(
    [[], []],
    [[3], [3]],
    [[2, 3], [2, 3]],
    [[1], [3]],
    [[3], [1]],
    [[2, 3], [1]],
    [[2, 3], []],
    [[], [1, 3]],
  ),
  transposeA: fc.boolean(),
  transposeB: fc.boolean(),
  seed: seedArb,
});

/** tfjs's matMul gradient does not reduce broadcast batches, so gradients use equal batches. */
export const matMulGradArb = matMulArb.filter((p) => p.batches[0].join() === p.batches[1].join());

export type MatMulProblem = typeof matMulArb extends fc.Arbitrary<infer T> ? T : never;

export function matMulInputs(p: MatMulProblem): [tf.Tensor, tf.Tensor] {
  const aShape = [...p.batches[0], ...(p.transposeA ? [p.k, p.m] : [p.m, p.k])];
  const bShape = [...p.batches[1], ...(p.transposeB ? [p.n, p.k] : [p.k, p.n])];
  return [
    tf.tensor(randomValues(aShape.reduce((x, y) => x * y, 1), p.seed), aShape),
    tf.tensor(randomValues(bShape.reduce((x, y) => x * y, 1), p.seed + 1), bShape),
  ];
}

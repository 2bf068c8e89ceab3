import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { shapePairArb } from '../../test/kernels/broadcast_cases.js';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues, runOn, seedArb } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const operands = ([aShape, bShape]: [number[], number[]], seed: number) => [
  tf.tensor(randomValues(size(aShape), seed), aShape),
  tf.tensor(randomValues(size(bShape), seed + 1), bShape),
] as const;

describe('RealDiv', () => {
  it('matches the cpu backend exactly on same-shape, scalar, channel-vector and general broadcasts', () => {
    fc.assert(
      fc.property(shapePairArb, seedArb, (shapes, seed) => {
        // Exact: an f32 quotient rounds the same as the cpu's f64 one (53 ≥ 2·24 + 2 bits).
        expectMatchesCpu(() => {
          const [a, b] = operands(shapes, seed);
          return tf.div(a, b);
        }, 0);
      }),
      { numRuns: 100 },
    );
  });

  it('runs in WASM for the scalar and same-shape divisions of an optimizer update', () => {
    expectSameAsCpu(() => tf.div(tf.tensor2d(randomValues(300, 1), [30, 10]), tf.scalar(0.9)), 0);
    expectSameAsCpu(() => tf.div(tf.tensor2d(randomValues(300, 1), [30, 10]), tf.tensor2d(randomValues(300, 2), [30, 10])), 0);
  });

  it('divides by zero to ±Infinity and NaN as the cpu does', () => {
    expectMatchesCpu(() => tf.div(tf.tensor1d([1, -1, 0, 2, Number.NaN]), tf.tensor1d([0, 0, 0, Number.POSITIVE_INFINITY, 1])), 0);
  });

  it('runs an Adam step on fovea-wasm like the cpu backend', () => {
    expectSameAsCpu(() => {
      const v = tf.variable(tf.tensor2d(randomValues(64 * 9, 5), [64, 9]));
      const optimizer = tf.train.adam(0.01);
      for (let i = 0; i < 3; i++) optimizer.minimize(() => tf.sum(tf.square(tf.sub(v, 0.5))) as tf.Scalar);
      const result = v.clone();
      optimizer.dispose();
      v.dispose();
      return result;
    }, 1e-6);
  });

  it('falls back to the cpu kernel for int32', () => {
    const [ours] = runOn(FOVEA, () => tf.div(tf.tensor1d([7, -7], 'int32'), tf.tensor1d([2, 2], 'int32')));
    const [reference] = runOn('cpu', () => tf.div(tf.tensor1d([7, -7], 'int32'), tf.tensor1d([2, 2], 'int32')));
    expect(Array.from(ours!)).toEqual(Array.from(reference!));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const a = tf.tensor(randomValues(1000, 3), [10, 100]);
    await expectNoLeaks(() => tf.div(a, 3));
    a.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { shapePairArb } from '../../test/kernels/broadcast_cases.js';
import { expectNoLeaks, FOVEA, randomValues, runOn, seedArb } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const operands = ([aShape, bShape]: [number[], number[]], seed: number) => [
  tf.tensor(randomValues(size(aShape), seed), aShape),
  tf.tensor(randomValues(size(bShape), seed + 1), bShape),
] as const;

describe('Add', () => {
  it('matches the cpu backend on same-shape, scalar, channel-vector and general broadcasts', () => {
    fc.assert(
      fc.property(shapePairArb, seedArb, (shapes, seed) => {
        expectMatchesCpu(() => {
          const [a, b] = operands(shapes, seed);
          return tf.add(a, b);
        }, 1e-7);
      }),
      { numRuns: 150 },
    );
  });

  it('has the same gradients as the cpu backend (broadcast gradients reduce with our Sum)', () => {
    fc.assert(
      fc.property(shapePairArb, seedArb, (shapes, seed) => {
        expectMatchesCpu(() => {
          const [a, b] = operands(shapes, seed);
          const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.add(x, y)));
          return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([a, b]);
        }, 1e-5);
      }),
      { numRuns: 60 },
    );
  });

  it('falls back to the cpu kernel for int32', () => {
    const [ours] = runOn(FOVEA, () => tf.add(tf.tensor1d([5, -2, 7], 'int32'), tf.tensor1d([3, 4, -1], 'int32')));
    const [reference] = runOn('cpu', () => tf.add(tf.tensor1d([5, -2, 7], 'int32'), tf.tensor1d([3, 4, -1], 'int32')));
    expect(Array.from(ours!)).toEqual(Array.from(reference!));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const a = tf.tensor(randomValues(2 * 6 * 6 * 9, 1), [2, 6, 6, 9]);
    const b = tf.tensor(randomValues(9, 2), [9]);
    await expectNoLeaks(() => tf.add(a, b));
    tf.dispose([a, b]);
  });
});

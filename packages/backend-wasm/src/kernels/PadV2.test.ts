import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, runOn, seedArb } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      paddings: fc.tuple(...shape.map(() => fc.tuple(fc.nat(3), fc.nat(3)))),
      value: fc.constantFrom(0, -1.5, 7),
      seed: seedArb,
    }),
  );

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

const input = (p: Problem) => tf.tensor(randomValues(p.shape.reduce((a, b) => a * b, 1), p.seed), p.shape);

describe('PadV2', () => {
  it('matches the cpu backend on random ranks, shapes, paddings and constants', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectMatchesCpu(() => tf.pad(input(p), p.paddings as Array<[number, number]>, p.value), 0)),
      { numRuns: 150 },
    );
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectMatchesCpu(
          () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.pad(x, p.paddings as Array<[number, number]>, p.value))))(input(p)),
          0,
        ),
      ),
      { numRuns: 40 },
    );
  });

  it('falls back to the cpu kernel for int32', () => {
    const [ours] = runOn(FOVEA, () => tf.pad(tf.tensor1d([1, 2], 'int32'), [[1, 2]], 9));
    expect(Array.from(ours!)).toEqual([9, 1, 2, 9, 9]);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor(randomValues(2 * 7 * 7 * 5, 1), [2, 7, 7, 5]);
    await expectNoLeaks(() => tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]]));
    x.dispose();
  });
});

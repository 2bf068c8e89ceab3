import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, runOn, seedArb } from '../../test/kernels/compare.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = fc.record({
  batch: fc.integer({ min: 1, max: 2 }),
  height: fc.integer({ min: 1, max: 9 }),
  width: fc.integer({ min: 1, max: 9 }),
  channels: fc.integer({ min: 1, max: 11 }),
  size: fc.tuple(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 1, max: 13 })),
  // tfjs rejects alignCorners together with halfPixelCenters.
  mode: fc.constantFrom('plain', 'alignCorners', 'halfPixelCenters'),
  seed: seedArb,
});

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

const image = (p: Problem) => {
  const shape: [number, number, number, number] = [p.batch, p.height, p.width, p.channels];
  return tf.tensor4d(randomValues(shape.reduce((a, b) => a * b), p.seed), shape);
};
const resize = (p: Problem, x: tf.Tensor4D) =>
  tf.image.resizeNearestNeighbor(x, p.size, p.mode === 'alignCorners', p.mode === 'halfPixelCenters');

describe('ResizeNearestNeighbor', () => {
  it('matches the cpu backend on random sizes (up and down), alignCorners and halfPixelCenters', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectMatchesCpu(() => resize(p, image(p)), 0)),
      { numRuns: 150 },
    );
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      // tfjs's cpu ResizeNearestNeighborGrad loops forever for alignCorners on a 1-pixel axis
      // (its search window is 1/0 wide), so those problems are left out here.
      fc.property(problemArb.filter((p) => p.mode !== 'alignCorners' || (p.height > 1 && p.width > 1)), (p) =>
        expectMatchesCpu(() => tf.grad((x: tf.Tensor) => tf.sum(tf.square(resize(p, x as tf.Tensor4D))))(image(p)), 0),
      ),
      { numRuns: 40 },
    );
  });

  it('falls back to the cpu kernel for int32 images', () => {
    const x = () => tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1], 'int32');
    const [ours] = runOn(FOVEA, () => tf.image.resizeNearestNeighbor(x(), [3, 3]));
    const [reference] = runOn('cpu', () => tf.image.resizeNearestNeighbor(x(), [3, 3]));
    expect(Array.from(ours!)).toEqual(Array.from(reference!));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 8 * 8 * 6, 1), [2, 8, 8, 6]);
    await expectNoLeaks(() => tf.image.resizeNearestNeighbor(x, [13, 5]));
    x.dispose();
  });
});

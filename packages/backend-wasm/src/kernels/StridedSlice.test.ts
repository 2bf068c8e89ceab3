import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';
import { cpuSlicesRight, directStridedSlice } from '../../test/kernels/strided_slice_reference.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// Begin / end anywhere (negative: from the end; past the ends: clamped), strides of either sign,
// random masks (ellipsis and new-axis masks included).
const problemArb = shapeArb(1, 4, { min: 0, max: 6 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    begin: fc.tuple(...shape.map((d) => fc.integer({ min: -d - 1, max: d + 1 }))),
    end: fc.tuple(...shape.map((d) => fc.integer({ min: -d - 1, max: d + 1 }))),
    strides: fc.tuple(...shape.map(() => fc.constantFrom(1, 2, 3, -1, -2))),
    beginMask: fc.nat(2 ** shape.length - 1),
    endMask: fc.nat(2 ** shape.length - 1),
    ellipsisMask: fc.constantFrom(0, 0, 0, 1, 2),
    newAxisMask: fc.constantFrom(0, 0, 0, 1, 4),
    shrinkAxisMask: fc.constantFrom(0, 0, 0, 1, 2),
    dtype: dtypeArb,
    seed: seedArb,
  }),
);

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

const run = (p: Problem, x: tf.Tensor) =>
  tf.stridedSlice(x, p.begin, p.end, p.strides, p.beginMask, p.endMask, p.ellipsisMask, p.newAxisMask, p.shrinkAxisMask);

/** Whether the cpu backend accepts the problem (shrinking an empty or out-of-range axis throws there too). */
function cpuAccepts(p: Problem): boolean {
  const previous = tf.getBackend();
  tf.setBackend('cpu');
  try {
    tf.tidy(() => run(p, layoutTensor(p.shape, p.dtype, p.seed)));
    return true;
  } catch {
    return false;
  } finally {
    tf.setBackend(previous);
  }
}

const cpuIsRight = (p: Problem) => cpuSlicesRight(p.shape, p);
const directLoop = (p: Problem) => directStridedSlice(layoutTensor(p.shape, p.dtype, p.seed), p);

describe('StridedSlice', () => {
  it('matches the cpu backend on random begins, ends, strides, masks and dtypes', () => {
    fc.assert(
      fc.property(problemArb.filter(cpuAccepts).filter(cpuIsRight), (p) => expectSameTensors(() => run(p, layoutTensor(p.shape, p.dtype, p.seed)))),
      { numRuns: 250 },
    );
  });

  it('matches a direct loop where an axis is shrunk and the cpu kernel indexes wrongly', () => {
    fc.assert(
      fc.property(
        problemArb.filter(cpuAccepts).filter((p) => !cpuIsRight(p)),
        (p) => {
          const ours = tf.tidy(() => run(p, layoutTensor(p.shape, p.dtype, p.seed)));
          const expected = tf.tidy(() => directLoop(p));
          expect(ours.shape).toEqual(expected.shape);
          expect(Array.from(ours.dataSync())).toEqual(Array.from(expected.dataSync()));
          tf.dispose([ours, expected]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('takes every other row and column backwards (a reversed, strided view of an image)', () => {
    expectSameTensors(() => tf.stridedSlice(layoutTensor([1, 9, 11, 3], 'float32', 2), [0, -1, -1, 0], [1, 0, 0, 3], [1, -2, -2, 1], 0, 0), { wasm: true });
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([1, 20, 20, 8], 'float32', 1);
    await expectNoLeaks(() => tf.stridedSlice(x, [0, 1, 1, 0], [1, 20, 20, 8], [1, 2, 2, 1]));
    x.dispose();
  });
});

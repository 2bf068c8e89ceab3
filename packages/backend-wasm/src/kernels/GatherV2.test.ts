import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectBothThrow, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// x of rank 1–4, an axis (negative or not), batchDims ≤ axis, indices [...x.shape[:batchDims], ...more].
const problemArb = shapeArb(1, 4, { min: 1, max: 5 }).chain((shape) =>
  fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) =>
    fc.record({
      shape: fc.constant(shape),
      axis: fc.constantFrom(axis, axis - shape.length),
      batchDims: fc.integer({ min: 0, max: axis }),
      more: shapeArb(0, 2, { min: 0, max: 4 }),
      dtype: dtypeArb,
      seed: seedArb,
    }).map((p) => ({ ...p, indicesShape: [...shape.slice(0, p.batchDims), ...p.more], axisSize: shape[axis]! })),
  ),
);

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

const indices = (p: Problem) => {
  const size = p.indicesShape.reduce((a, b) => a * b, 1);
  return tf.tensor(Int32Array.from({ length: size }, (_, i) => (p.seed + i * 7) % p.axisSize), p.indicesShape, 'int32');
};

describe('GatherV2', () => {
  it('matches the cpu backend on random axes (incl. negative), batchDims, index shapes and dtypes', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectSameTensors(() => tf.gather(layoutTensor(p.shape, p.dtype, p.seed), indices(p), p.axis, p.batchDims))),
      { numRuns: 200 },
    );
  });

  it('gathers along the last axis one word at a time (YOLO-style [1, 8400, 84] columns)', () => {
    expectSameTensors(() => tf.gather(layoutTensor([1, 84, 84], 'float32', 2), tf.tensor1d([83, 0, 4, 4, 17], 'int32'), 2), { wasm: true });
  });

  it('throws tfjs’s error for an index out of range', () => {
    expectBothThrow(() => tf.gather(layoutTensor([3, 2], 'float32', 1), tf.tensor1d([0, 3], 'int32')));
    expectBothThrow(() => tf.gather(layoutTensor([3, 2], 'float32', 1), tf.tensor1d([-1], 'int32')));
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      fc.property(problemArb.filter((p) => p.batchDims === 0), (p) =>
        expectSameTensors(() => tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.gather(x, indices(p), p.axis))))(layoutTensor(p.shape, 'float32', p.seed).clipByValue(-1, 1)), {
          tolerance: 1e-6,
        }),
      ),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([1, 64, 84], 'float32', 1);
    const i = tf.tensor1d([5, 1, 63, 0], 'int32');
    await expectNoLeaks(() => tf.gather(x, i, 1));
    tf.dispose([x, i]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = shapeArb(0, 5, { min: 0, max: 9 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    // Axes to reverse, as tf.reverse takes them: any subset, negative or not.
    axes: fc.subarray(shape.map((_, i) => i)).chain((axes) => fc.tuple(...axes.map((a) => fc.constantFrom(a, a - shape.length)))),
    dtype: dtypeArb,
    seed: seedArb,
  }),
);

describe('Reverse', () => {
  it('matches the cpu backend on random ranks, axes (incl. negative), dtypes and empty tensors', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectSameTensors(() => tf.reverse(layoutTensor(p.shape, p.dtype, p.seed), p.axes))),
      { numRuns: 200 },
    );
  });

  it('reverses a long last axis four lanes at a time, with a ragged tail', () => {
    expectSameTensors(() => tf.reverse(layoutTensor([3, 37], 'float32', 5), -1), { wasm: true });
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectSameTensors(() => tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.reverse(x, p.axes))))(layoutTensor(p.shape, 'float32', p.seed).clipByValue(-1, 1)), {
          tolerance: 1e-6,
        }),
      ),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([2, 16, 16, 3], 'float32', 1);
    await expectNoLeaks(() => tf.reverse(x, [1, 2]));
    x.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = shapeArb(0, 4, { min: 0, max: 5 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    count: fc.integer({ min: 1, max: 5 }),
    axis: fc.integer({ min: -shape.length - 1, max: shape.length }),
    dtype: dtypeArb,
    seed: seedArb,
  }),
);

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

const inputs = (p: Problem, dtype = p.dtype) => Array.from({ length: p.count }, (_, i) => layoutTensor(p.shape, dtype, p.seed + i));

describe('Pack', () => {
  it('matches the cpu backend on random shapes, counts, axes (incl. negative) and dtypes', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectSameTensors(() => tf.stack(inputs(p), p.axis))),
      { numRuns: 150 },
    );
  });

  it('has the same gradients as the cpu backend (an Unpack)', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectSameTensors(() => tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.square(tf.stack(xs, p.axis))))(inputs(p, 'float32').map((x) => x.clipByValue(-1, 1))), {
          tolerance: 1e-6,
        }),
      ),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const xs = [0, 1, 2].map((i) => layoutTensor([8, 8, 4], 'float32', i));
    await expectNoLeaks(() => tf.stack(xs, 1));
    tf.dispose(xs);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// A block inside x: begin in [0, d], size in [0, d − begin] (−1: to the end, as tf.slice allows).
const problemArb = shapeArb(1, 5, { min: 0, max: 6 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    block: fc.tuple(...shape.map((d) => fc.integer({ min: 0, max: d }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: -1, max: d - b }))))),
    dtype: dtypeArb,
    seed: seedArb,
  }),
);

describe('Slice', () => {
  it('matches the cpu backend on random blocks, dtypes and empty results', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectSameTensors(() => tf.slice(layoutTensor(p.shape, p.dtype, p.seed), p.block.map((b) => b[0]), p.block.map((b) => b[1]))),
      ),
      { numRuns: 200 },
    );
  });

  it('shares the data of a slice that is the whole tensor', () => {
    expectSameTensors(() => tf.slice(layoutTensor([3, 4], 'float32', 1), [0, 0], [-1, 4]), { wasm: false });
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectSameTensors(() =>
          tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.slice(x, p.block.map((b) => b[0]), p.block.map((b) => b[1])))))(layoutTensor(p.shape, 'float32', p.seed).clipByValue(-1, 1)),
        { tolerance: 1e-6 }),
      ),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([2, 20, 20, 8], 'int32', 1);
    await expectNoLeaks(() => tf.slice(x, [0, 3, 4, 2], [2, 10, 10, 4]));
    x.dispose();
  });
});

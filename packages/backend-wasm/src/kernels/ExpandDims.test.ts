import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('ExpandDims', () => {
  it('matches the cpu backend on every axis (incl. negative) and copies nothing', () => {
    fc.assert(
      fc.property(
        shapeArb(0, 4, { min: 0, max: 4 }).chain((shape) => fc.tuple(fc.constant(shape), fc.integer({ min: -shape.length - 1, max: shape.length }))),
        dtypeArb,
        seedArb,
        ([shape, axis], dtype, seed) => expectSameTensors(() => tf.expandDims(layoutTensor(shape, dtype, seed), axis), { wasm: false }),
      ),
      { numRuns: 60 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([4, 6], 'float32', 1);
    await expectNoLeaks(() => tf.expandDims(x, 1));
    x.dispose();
  });
});

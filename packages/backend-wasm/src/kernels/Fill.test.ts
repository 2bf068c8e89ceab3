import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const valueArb = fc.oneof(fc.double({ min: -1e6, max: 1e6 }), fc.constantFrom(Number.NaN, -0, 2.5, -2.5, 3e9, Number.POSITIVE_INFINITY));

describe('Fill', () => {
  it('matches the cpu backend on random shapes (incl. empty), values and dtypes', () => {
    fc.assert(
      fc.property(shapeArb(0, 4, { min: 0, max: 9 }), valueArb, dtypeArb, (shape, value, dtype) =>
        expectSameTensors(() => tf.fill(shape, dtype === 'bool' ? Number(value !== 0) : value, dtype) as tf.Tensor, { wasm: true }),
      ),
      { numRuns: 150 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    await expectNoLeaks(() => tf.fill([64, 64], 3));
  });
});

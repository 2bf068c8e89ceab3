import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('OnesLike', () => {
  it('matches the cpu backend on random shapes (incl. empty) and dtypes', () => {
    fc.assert(
      fc.property(shapeArb(0, 4, { min: 0, max: 9 }), dtypeArb, seedArb, (shape, dtype, seed) =>
        expectSameTensors(() => tf.onesLike(layoutTensor(shape, dtype, seed)), { wasm: true }),
      ),
      { numRuns: 100 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([32, 32], 'int32', 1);
    await expectNoLeaks(() => tf.onesLike(x));
    x.dispose();
  });
});

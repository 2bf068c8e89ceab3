import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('FlipLeftRight', () => {
  it('matches the cpu backend on random image batches and dtypes', () => {
    fc.assert(
      fc.property(shapeArb(4, 4, { min: 1, max: 7 }), dtypeArb, seedArb, (shape, dtype, seed) =>
        // The kernel directly: tf.image.flipLeftRight takes float32 only, the kernel any dtype.
        expectSameTensors(() => tf.engine().runKernel('FlipLeftRight', { image: layoutTensor(shape, dtype, seed) }) as tf.Tensor, { wasm: true }),
      ),
      { numRuns: 80 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([2, 16, 16, 3], 'float32', 1) as tf.Tensor4D;
    await expectNoLeaks(() => tf.image.flipLeftRight(x));
    x.dispose();
  });
});

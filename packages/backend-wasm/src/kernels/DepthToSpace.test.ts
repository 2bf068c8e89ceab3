import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = fc.record({
  batch: fc.integer({ min: 1, max: 2 }),
  height: fc.integer({ min: 1, max: 5 }),
  width: fc.integer({ min: 1, max: 5 }),
  blockSize: fc.integer({ min: 2, max: 3 }),
  depth: fc.integer({ min: 1, max: 5 }),
  dtype: dtypeArb,
  seed: seedArb,
});

describe('DepthToSpace', () => {
  it('matches the cpu backend on random shapes, block sizes and dtypes', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectSameTensors(
          // The kernel directly: tf.depthToSpace takes float32 only, the kernel any dtype.
          () =>
            tf.engine().runKernel('DepthToSpace', { x: layoutTensor([p.batch, p.height, p.width, p.blockSize ** 2 * p.depth], p.dtype, p.seed) }, {
              blockSize: p.blockSize,
              dataFormat: 'NHWC',
            }) as tf.Tensor,
          { wasm: true },
        ),
      ),
      { numRuns: 100 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([1, 16, 16, 12], 'float32', 1) as tf.Tensor4D;
    await expectNoLeaks(() => tf.depthToSpace(x, 2));
    x.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('Identity', () => {
  it('matches the cpu backend and copies nothing', () => {
    fc.assert(
      fc.property(shapeArb(0, 4, { min: 0, max: 4 }), dtypeArb, seedArb, (shape, dtype, seed) =>
        expectSameTensors(() => tf.engine().runKernel('Identity', { x: layoutTensor(shape, dtype, seed) }) as tf.Tensor, { wasm: false }),
      ),
      { numRuns: 40 },
    );
  });

  it('keeps a clone valid after the original is disposed', () => {
    const x = tf.transpose(layoutTensor([2, 3], 'int32', 4));
    const expected = Array.from(x.dataSync());
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(expected);
    y.dispose();
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([4, 6], 'float32', 1);
    await expectNoLeaks(() => tf.clone(x));
    x.dispose();
  });
});

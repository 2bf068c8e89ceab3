import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues } from '../../test/kernels/compare.js';
import { depthwiseArb } from '../../test/kernels/depthwise_problems.js';
import { depthwiseGrads } from '../../test/kernels/depthwise_grads.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('DepthwiseConv2dNativeBackpropFilter', () => {
  it("matches the cpu backend's filter gradient on random shapes, multipliers, strides and paddings", () => {
    fc.assert(
      fc.property(
        depthwiseArb.filter((p) => p.dilation === 1),
        (p) => expectSameAsCpu(() => depthwiseGrads(p)[1]!, 1e-4),
      ),
      { numRuns: 60 },
    );
  });

  it('runs in WASM when called directly (stride 2, multiplier 3)', () => {
    expectSameAsCpu(
      () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor4d(randomValues(2 * 9 * 9 * 5, 1), [2, 9, 9, 5]), dy: tf.tensor4d(randomValues(2 * 5 * 5 * 15, 2), [2, 5, 5, 15]) }, { strides: 2, dilations: 1, pad: 'same', filterShape: [3, 3, 5, 3] } as unknown as tf.NamedAttrMap) as tf.Tensor,
      1e-4,
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 10 * 10 * 6, 1), [2, 10, 10, 6]);
    const dy = tf.tensor4d(randomValues(2 * 5 * 5 * 12, 2), [2, 5, 5, 12]);
    await expectNoLeaks(
      () =>
        tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, {
          strides: 2, dilations: 1, pad: 'same', filterShape: [3, 3, 6, 2],
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    );
    tf.dispose([x, dy]);
  });
});

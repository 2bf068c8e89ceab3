import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues } from '../../test/kernels/compare.js';
import { depthwiseGrads } from '../../test/kernels/depthwise_grads.js';
import { depthwiseArb } from '../../test/kernels/depthwise_problems.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// tfjs's depthwise gradient supports unit dilations only.
const gradArb = depthwiseArb.filter((p) => p.dilation === 1);

describe('DepthwiseConv2dNativeBackpropInput', () => {
  it("matches the cpu backend's input gradient on random shapes, multipliers, strides and paddings", () => {
    fc.assert(
      fc.property(gradArb, (p) => expectSameAsCpu(() => depthwiseGrads(p)[0]!, 1e-4)),
      { numRuns: 60 },
    );
  });

  it('runs in WASM when called directly (stride 2, multiplier 3)', () => {
    expectSameAsCpu(
      () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: tf.tensor4d(randomValues(2 * 5 * 5 * 15, 1), [2, 5, 5, 15]), filter: tf.tensor4d(randomValues(3 * 3 * 5 * 3, 2), [3, 3, 5, 3]) }, { strides: 2, dilations: 1, pad: 'same', inputShape: [2, 9, 9, 5] } as unknown as tf.NamedAttrMap) as tf.Tensor,
      1e-4,
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const dy = tf.tensor4d(randomValues(2 * 5 * 5 * 12, 1), [2, 5, 5, 12]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 6 * 2, 2), [3, 3, 6, 2]);
    await expectNoLeaks(
      () =>
        tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter }, {
          strides: 2, dilations: 1, pad: 'same', inputShape: [2, 10, 10, 6],
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    );
    tf.dispose([dy, filter]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { activationArb, expectClampsReached, expectNoLeaks, expectSameAsCpu, FOVEA, randomValues } from '../../test/kernels/compare.js';
import { type DepthwiseProblem, depthwiseArb, depthwiseInputs } from '../../test/kernels/depthwise_problems.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const fusedArb = fc.tuple(
  depthwiseArb,
  activationArb,
  fc.constantFrom('none', 'perChannel', 'scalar'),
  fc.constantFrom('perChannel', 'scalar'),
  fc.double({ min: 0.01, max: 0.5, noNaN: true }),
);

function fused(
  [p, activation, biasKind, preluKind, leakyreluAlpha]: [DepthwiseProblem, string, string, string, number],
  x: tf.Tensor4D,
  filter: tf.Tensor4D,
): tf.Tensor4D {
  const channels = p.channels * p.multiplier;
  const bias = biasKind === 'none' ? undefined : biasKind === 'scalar' ? tf.scalar(-0.2) : tf.tensor1d(randomValues(channels, p.seed + 5));
  const preluActivationWeights =
    activation !== 'prelu' ? undefined : preluKind === 'scalar' ? tf.scalar(0.1) : tf.tensor1d(randomValues(channels, p.seed + 6));
  return tf.fused.depthwiseConv2d({
    x,
    filter,
    strides: p.stride,
    // Its typings omit explicit padding, which the op and both backends' kernels accept.
    pad: p.pad as 'same' | 'valid',
    dilations: p.dilation,
    bias,
    activation: activation as tf.fused.Activation,
    preluActivationWeights,
    leakyreluAlpha,
  });
}

describe('FusedDepthwiseConv2D', () => {
  it('matches the cpu backend with every activation, bias and PReLU broadcast', () => {
    fc.assert(
      fc.property(fusedArb, (args) => {
        expectSameAsCpu(() => fused(args, ...depthwiseInputs(args[0])));
      }),
      { numRuns: 60 },
    );
  });

  it('has the same gradients as the cpu backend (linear and relu, as tfjs supports)', () => {
    fc.assert(
      fc.property(fusedArb, (args) => {
        const [p] = args;
        const problem: typeof args = [{ ...p, dilation: 1 }, p.seed % 2 === 0 ? 'relu' : 'linear', args[2], args[3], args[4]];
        expectSameAsCpu(() => {
          const [x, filter] = depthwiseInputs(problem[0]);
          const f = (xs: tf.Tensor4D, fs: tf.Tensor4D) => tf.sum(tf.square(fused(problem, xs, fs)));
          return tf.grads(f as (...a: tf.Tensor[]) => tf.Tensor)([x, filter]);
        }, 2e-4);
      }),
      { numRuns: 20 },
    );
  });

  it('clamps at 0 and at 6 in every path (8-pixel rows, 4-pixel tiles, border pixels; strides 1 and 2)', () => {
    for (const activation of ['relu', 'relu6'] as const) {
      for (const strides of [1, 2]) {
        // Inputs up to ±8: sums far past both clamps.
        const layer = () =>
          tf.fused.depthwiseConv2d({
            x: tf.mul(tf.tensor4d(randomValues(2 * 20 * 21 * 12, 7), [2, 20, 21, 12]), 8) as tf.Tensor4D,
            filter: tf.tensor4d(randomValues(3 * 3 * 12, 8), [3, 3, 12, 1]),
            strides,
            pad: 'same',
            bias: tf.tensor1d(randomValues(12, 9)),
            activation,
          });
        expectClampsReached(layer, activation);
      }
    }
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(1 * 9 * 9 * 10, 1), [1, 9, 9, 10]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 10 * 2, 2), [3, 3, 10, 2]);
    const bias = tf.tensor1d(randomValues(20, 3));
    await expectNoLeaks(() => tf.fused.depthwiseConv2d({ x, filter, strides: 1, pad: 'same', bias, activation: 'relu6' }));
    tf.dispose([x, filter, bias]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import {
  activationArb,
  expectClampsReached,
  expectNoLeaks,
  expectSameAsCpu,
  FOVEA,
  outSize,
  padArb,
  randomValues,
  seedArb,
} from '../../test/kernels/compare.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const fusedArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: 8 }),
    width: fc.integer({ min: 1, max: 8 }),
    inChannels: fc.integer({ min: 1, max: 5 }),
    outChannels: fc.integer({ min: 1, max: 17 }),
    kh: fc.integer({ min: 1, max: 3 }),
    kw: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 2 }),
    dilation: fc.integer({ min: 1, max: 2 }),
    pad: padArb,
    activation: activationArb,
    bias: fc.constantFrom('none', 'perChannel', 'scalar'),
    prelu: fc.constantFrom('perChannel', 'scalar'),
    leakyreluAlpha: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
    seed: seedArb,
  })
  .map((p) => (p.stride > 1 ? { ...p, dilation: 1 } : p))
  .filter(
    (p) =>
      outSize(p.height, p.kh, p.stride, p.dilation, p.pad, 1) > 0 && outSize(p.width, p.kw, p.stride, p.dilation, p.pad, 2) > 0,
  );

type Problem = typeof fusedArb extends fc.Arbitrary<infer T> ? T : never;

function fusedConv(p: Problem, x: tf.Tensor4D, filter: tf.Tensor4D): tf.Tensor4D {
  const bias =
    p.bias === 'none'
      ? undefined
      : p.bias === 'scalar'
        ? tf.scalar(0.3)
        : tf.tensor1d(randomValues(p.outChannels, p.seed + 2));
  const preluActivationWeights =
    p.activation !== 'prelu'
      ? undefined
      : p.prelu === 'scalar'
        ? tf.scalar(0.15)
        : tf.tensor1d(randomValues(p.outChannels, p.seed + 3));
  return tf.fused.conv2d({
    x,
    filter,
    strides: p.stride,
    pad: p.pad,
    dilations: p.dilation,
    bias,
    activation: p.activation,
    preluActivationWeights,
    leakyreluAlpha: p.leakyreluAlpha,
  });
}

function inputs(p: Problem): [tf.Tensor4D, tf.Tensor4D] {
  return [
    tf.tensor4d(randomValues(p.batch * p.height * p.width * p.inChannels, p.seed), [p.batch, p.height, p.width, p.inChannels]),
    tf.tensor4d(randomValues(p.kh * p.kw * p.inChannels * p.outChannels, p.seed + 1), [p.kh, p.kw, p.inChannels, p.outChannels]),
  ];
}

describe('FusedConv2D', () => {
  it('matches the cpu backend with every activation, bias and PReLU broadcast', () => {
    fc.assert(
      fc.property(fusedArb, (p) => {
        expectSameAsCpu(() => fusedConv(p, ...inputs(p)));
      }),
      { numRuns: 60 },
    );
  });

  it('has the same gradients as the cpu backend (linear and relu, as tfjs supports)', () => {
    const gradArb = fusedArb.map((p) => ({
      ...p,
      dilation: 1,
      activation: p.seed % 2 === 0 ? ('relu' as const) : ('linear' as const),
    }));
    fc.assert(
      fc.property(gradArb, (p) => {
        expectSameAsCpu(() => {
          const [x, filter] = inputs(p);
          const f = (xs: tf.Tensor4D, fs: tf.Tensor4D) => tf.sum(tf.square(fusedConv(p, xs, fs)));
          return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, filter]);
        }, 2e-4);
      }),
      { numRuns: 20 },
    );
  });

  it('falls back to the cpu kernel when the bias broadcasts over space', () => {
    expectSameAsCpu(() => {
      const x = tf.tensor4d(randomValues(1 * 4 * 4 * 2, 1), [1, 4, 4, 2]);
      const filter = tf.tensor4d(randomValues(3 * 3 * 2 * 3, 2), [3, 3, 2, 3]);
      const bias = tf.tensor3d(randomValues(4 * 4 * 3, 3), [4, 4, 3]);
      return tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias, activation: 'relu' });
    }, 1e-4, false);
  });

  it('clamps at 0 and at 6 as the GEMM stores its tiles (1×1 and 3×3/2, partial tiles and panels)', () => {
    for (const activation of ['relu', 'relu6'] as const) {
      for (const [k, strides, outChannels] of [[1, 1, 20], [3, 2, 12]] as const) {
        // Inputs up to ±8: sums far past both clamps.
        const layer = () =>
          tf.fused.conv2d({
            x: tf.mul(tf.tensor4d(randomValues(2 * 9 * 11 * 6, 11), [2, 9, 11, 6]), 8) as tf.Tensor4D,
            filter: tf.tensor4d(randomValues(k * k * 6 * outChannels, 12), [k, k, 6, outChannels]),
            strides,
            pad: 'same',
            bias: tf.tensor1d(randomValues(outChannels, 13)),
            activation,
          });
        expectClampsReached(layer, activation);
      }
    }
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(1 * 10 * 10 * 4, 4), [1, 10, 10, 4]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 4 * 12, 5), [3, 3, 4, 12]);
    const bias = tf.tensor1d(randomValues(12, 6));
    const alpha = tf.tensor1d(randomValues(12, 7));
    await expectNoLeaks(() =>
      tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias, activation: 'prelu', preluActivationWeights: alpha }),
    );
    tf.dispose([x, filter, bias, alpha]);
  });
});

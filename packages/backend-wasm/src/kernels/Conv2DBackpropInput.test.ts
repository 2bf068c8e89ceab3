import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoLeaks,
  expectSameAsCpu,
  FOVEA,
  outSize,
  padArb,
  parallelKernels,
  randomValues,
  seedArb,
  winogradProblemArb,
} from '../../test/kernels/compare.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

/** A forward conv geometry; the transpose maps its output shape back to its input shape. */
const transposeArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 9 }),
    inChannels: fc.integer({ min: 1, max: 11 }),
    outChannels: fc.integer({ min: 1, max: 6 }),
    kh: fc.integer({ min: 1, max: 4 }),
    kw: fc.integer({ min: 1, max: 4 }),
    stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    pad: padArb,
    seed: seedArb,
  })
  .map((p) => ({
    ...p,
    outHeight: outSize(p.height, p.kh, p.stride[0], 1, p.pad, 1),
    outWidth: outSize(p.width, p.kw, p.stride[1], 1, p.pad, 2),
  }))
  .filter((p) => p.outHeight > 0 && p.outWidth > 0);

type Problem = typeof transposeArb extends fc.Arbitrary<infer T> ? T : never;

function inputs(p: Problem): { dy: tf.Tensor4D; filter: tf.Tensor4D; xShape: [number, number, number, number] } {
  const dyShape: [number, number, number, number] = [p.batch, p.outHeight, p.outWidth, p.outChannels];
  return {
    dy: tf.tensor4d(randomValues(dyShape.reduce((a, b) => a * b), p.seed), dyShape),
    filter: tf.tensor4d(randomValues(p.kh * p.kw * p.inChannels * p.outChannels, p.seed + 1), [
      p.kh,
      p.kw,
      p.inChannels,
      p.outChannels,
    ]),
    xShape: [p.batch, p.height, p.width, p.inChannels],
  };
}

describe('Conv2DBackpropInput', () => {
  it('matches the cpu backend as conv2dTranspose on random shapes, strides and paddings', () => {
    fc.assert(
      fc.property(transposeArb, (p) => {
        expectSameAsCpu(() => {
          const { dy, filter, xShape } = inputs(p);
          return tf.conv2dTranspose(dy, filter, xShape, p.stride, p.pad);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('has the same gradients as the cpu backend (its own gradient is a forward Conv2D)', () => {
    fc.assert(
      fc.property(transposeArb, (p) => {
        expectSameAsCpu(() => {
          const { dy, filter, xShape } = inputs(p);
          const f = (ys: tf.Tensor4D, fs: tf.Tensor4D) => tf.sum(tf.square(tf.conv2dTranspose(ys, fs, xShape, p.stride, p.pad)));
          return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([dy, filter]);
        }, 2e-4);
      }),
      { numRuns: 20 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const dy = tf.tensor4d(randomValues(1 * 6 * 6 * 8, 1), [1, 6, 6, 8]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 4 * 8, 2), [3, 3, 4, 8]);
    await expectNoLeaks(() => tf.conv2dTranspose(dy, filter, [1, 12, 12, 4], 2, 'same'));
    tf.dispose([dy, filter]);
  });
});

describe('Conv2DBackpropInput after a stride-1 3×3 conv (Winograd)', () => {
  // dy's channels (the forward conv's outputs) are the ones the gradient's convolution reads.
  const winogradArb = winogradProblemArb.map((p) => ({
    ...p,
    inChannels: 4 * p.narrowQuads,
    outChannels: 4 * p.wideQuads,
    kh: 3,
    kw: 3,
    stride: [1, 1] as [number, number],
    outHeight: outSize(p.height, 3, 1, 1, p.pad, 1),
    outWidth: outSize(p.width, 3, 1, 1, p.pad, 2),
  }));

  it('matches the cpu backend, as conv2dTranspose and as the input gradient of conv2d', () => {
    fc.assert(
      fc.property(winogradArb, (p) => {
        const ran = parallelKernels(() =>
          expectSameAsCpu(() => {
            const { dy, filter, xShape } = inputs(p);
            return tf.conv2dTranspose(dy, filter, xShape, 1, p.pad);
          }),
        );
        expect(ran).toEqual(['winogradConv2dRows']);
        expectSameAsCpu(() => {
          const { filter, xShape } = inputs(p);
          const x = tf.tensor4d(randomValues(xShape.reduce((a, b) => a * b), p.seed + 2), xShape);
          return tf.grad((xs: tf.Tensor) => tf.sum(tf.square(tf.conv2d(xs as tf.Tensor4D, filter, 1, p.pad))))(x);
        }, 2e-4);
      }),
      { numRuns: 30 },
    );
  });
});

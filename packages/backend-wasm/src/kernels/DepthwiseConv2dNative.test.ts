import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectEngineIntact, expectNoLeaks, expectSameAsCpu, FOVEA, outSize, ownedBlocks, randomValues, runOn, seedArb } from '../../test/kernels/compare.js';
import { depthwiseArb, depthwiseInputs } from '../../test/kernels/depthwise_problems.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('DepthwiseConv2dNative', () => {
  it('matches the cpu backend on random shapes, multipliers, strides, dilations and paddings', () => {
    fc.assert(
      fc.property(depthwiseArb, (p) => {
        expectSameAsCpu(() => {
          const [x, filter] = depthwiseInputs(p);
          return tf.depthwiseConv2d(x, filter, p.stride, p.pad, 'NHWC', p.dilation);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('reads whole 8-channel tiles in place: borders, strides, dilations, 5-wide windows, windows in padding', () => {
    // Multiplier 1 with channels a multiple of 8 skips the staged copy: every tap in padding is
    // skipped by the kernel itself. 24 and 40 channels also take the 8-channel tail of the border
    // pixels' 16-channel loop; explicit pads up to 4 put whole windows in padding.
    const directArb = fc.record({
      batch: fc.integer({ min: 1, max: 2 }),
      height: fc.integer({ min: 1, max: 12 }),
      width: fc.integer({ min: 1, max: 12 }),
      channels: fc.constantFrom(8, 16, 24, 40),
      k: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
      stride: fc.integer({ min: 1, max: 3 }),
      dilation: fc.integer({ min: 1, max: 2 }),
      pad: fc.oneof(
        fc.constantFrom('same' as const, 'valid' as const),
        fc
          .tuple(fc.nat(4), fc.nat(4), fc.nat(4), fc.nat(4))
          .map(([t, b, l, r]) => [[0, 0], [t, b], [l, r], [0, 0]] as tf.backend_util.ExplicitPadding),
      ),
      seed: seedArb,
    })
      .map((p) => (p.stride > 1 ? { ...p, dilation: 1 } : p))
      .filter(
        (p) =>
          outSize(p.height, p.k[0], p.stride, p.dilation, p.pad, 1) > 0 && outSize(p.width, p.k[1], p.stride, p.dilation, p.pad, 2) > 0,
      );
    fc.assert(
      fc.property(directArb, (p) => {
        expectSameAsCpu(() => {
          const x = tf.tensor4d(randomValues(p.batch * p.height * p.width * p.channels, p.seed), [p.batch, p.height, p.width, p.channels]);
          const filter = tf.tensor4d(randomValues(p.k[0] * p.k[1] * p.channels, p.seed + 1), [p.k[0], p.k[1], p.channels, 1]);
          return tf.depthwiseConv2d(x, filter, p.stride, p.pad, 'NHWC', p.dilation);
        });
      }),
      { numRuns: 80 },
    );
  });

  it('has the same gradients as the cpu backend', () => {
    fc.assert(
      fc.property(
        depthwiseArb.map((p) => ({ ...p, dilation: 1 })),
        (p) => {
          expectSameAsCpu(() => {
            const [x, filter] = depthwiseInputs(p);
            const f = (xs: tf.Tensor4D, fs: tf.Tensor4D) => tf.sum(tf.square(tf.depthwiseConv2d(xs, fs, p.stride, p.pad)));
            return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, filter]);
          }, 2e-4);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('matches the cpu backend on the 3-wide fast path (runs of 8 pixels, partial channel vectors)', () => {
    for (const [channels, multiplier, kh, pad, rowDilation, rowStride] of [
      [13, 1, 3, 'same', 1, 1],
      [8, 2, 3, 'valid', 1, 2],
      [5, 1, 1, 'same', 1, 1],
      [16, 1, 2, 'valid', 2, 1],
    ] as const) {
      expectSameAsCpu(() => {
        const x = tf.tensor4d(randomValues(2 * 9 * 21 * channels, channels), [2, 9, 21, channels]);
        const filter = tf.tensor4d(randomValues(kh * 3 * channels * multiplier, kh), [kh, 3, channels, multiplier]);
        return tf.depthwiseConv2d(x, filter, [rowStride, 1], pad, 'NHWC', [rowDilation, 1]);
      });
    }
  });

  it('matches the cpu backend on the 3-wide stride-2 row kernel (runs of 8 pixels, staged and in place)', () => {
    for (const [channels, kh, pad, stride] of [
      [24, 3, 'same', [2, 2]],
      [13, 3, 'valid', [1, 2]],
      [8, 2, [[0, 0], [1, 2], [1, 0], [0, 0]], [2, 2]],
    ] as const) {
      expectSameAsCpu(() => {
        const x = tf.tensor4d(randomValues(2 * 9 * 37 * channels, channels), [2, 9, 37, channels]);
        const filter = tf.tensor4d(randomValues(kh * 3 * channels, kh), [kh, 3, channels, 1]);
        return tf.depthwiseConv2d(x, filter, stride as [number, number], pad as 'same');
      });
    }
  });

  it("gives the cpu's result for a filter larger than its 'valid' input, never values from WASM memory", () => {
    // tfjs sizes this output [1, -1, -1, 8]: the kernel once returned whatever lay in WASM memory.
    const owned = ownedBlocks();
    const keep = tf.fill([64, 64], 1234.5);
    const depthwise = () => tf.depthwiseConv2d(tf.ones([1, 2, 2, 8]) as tf.Tensor4D, tf.ones([4, 4, 8, 1]) as tf.Tensor4D, 1, 'valid');
    for (let run = 0; run < 4; run++) {
      const [ours] = runOn(FOVEA, depthwise);
      const [cpu] = runOn('cpu', depthwise);
      expect(Array.from(ours!)).toEqual(Array.from(cpu!));
    }
    keep.dispose();
    expectEngineIntact(owned);
  });

  it('returns an empty tensor for zero channels, as the cpu does', () => {
    const owned = ownedBlocks();
    for (const fused of [false, true]) {
      const run = () => {
        const x = tf.ones([1, 4, 4, 0]) as tf.Tensor4D;
        const filter = tf.ones([3, 3, 0, 2]) as tf.Tensor4D;
        return fused ? tf.fused.depthwiseConv2d({ x, filter, strides: 1, pad: 'same' }) : tf.depthwiseConv2d(x, filter, 1, 'same');
      };
      const shape = tf.tidy(() => run().shape);
      expect(shape).toEqual([1, 4, 4, 0]);
      expect(runOn(FOVEA, run)[0]!.length).toBe(0);
    }
    expectEngineIntact(owned);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(1 * 14 * 14 * 12, 1), [1, 14, 14, 12]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 12 * 1, 2), [3, 3, 12, 1]);
    await expectNoLeaks(() => tf.depthwiseConv2d(x, filter, 2, 'same'));
    tf.dispose([x, filter]);
  });
});

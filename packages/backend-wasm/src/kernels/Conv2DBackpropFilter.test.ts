import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dBackpropFilter } from '@foveajs/kernels-wasm';
import type { FoveaWasmBackend } from '../backend.js';
import { expectNoLeaks, expectSameAsCpu, FOVEA, outSize, padArb, randomValues, runOn, seedArb } from '../../test/kernels/compare.js';
import { conv2DBackpropFilterConfig } from './Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './Conv2DBackpropInput.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const convArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 3 }),
    height: fc.integer({ min: 1, max: 11 }),
    width: fc.integer({ min: 1, max: 11 }),
    // Up to 9: the gather's 4-channel transposes and the 1–3 channel tail both run.
    inChannels: fc.integer({ min: 1, max: 9 }),
    // Up to 10: full and partial 8-column GEMM panels.
    outChannels: fc.integer({ min: 1, max: 10 }),
    kh: fc.integer({ min: 1, max: 5 }),
    kw: fc.integer({ min: 1, max: 5 }),
    stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    pad: padArb,
    seed: seedArb,
  })
  .filter((p) => outSize(p.height, p.kh, p.stride[0], 1, p.pad, 1) > 0 && outSize(p.width, p.kw, p.stride[1], 1, p.pad, 2) > 0);

type Problem = typeof convArb extends fc.Arbitrary<infer T> ? T : never;

function tensors(p: Problem): { x: tf.Tensor4D; filter: tf.Tensor4D } {
  return {
    x: tf.tensor4d(randomValues(p.batch * p.height * p.width * p.inChannels, p.seed), [p.batch, p.height, p.width, p.inChannels]),
    filter: tf.tensor4d(randomValues(p.kh * p.kw * p.inChannels * p.outChannels, p.seed + 1), [
      p.kh,
      p.kw,
      p.inChannels,
      p.outChannels,
    ]),
  };
}

/** d/dx and d/dfilter of sum(conv2d(x, filter) · w) for a fixed random w: dy is w, not all ones. */
function convGrads(p: Problem): tf.Tensor[] {
  const { x, filter } = tensors(p);
  const y = tf.conv2d(x, filter, p.stride, p.pad);
  const w = tf.tensor(randomValues(y.size, p.seed + 2), y.shape);
  const f = (xs: tf.Tensor4D, fs: tf.Tensor4D) => tf.sum(tf.mul(tf.conv2d(xs, fs, p.stride, p.pad), w));
  return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, filter]);
}

describe('Conv2DBackpropFilter', () => {
  it("is fovea-wasm's kernel for both halves of Conv2D's gradient", () => {
    expect(tf.getKernel('Conv2DBackpropFilter', FOVEA)?.kernelFunc).toBe(conv2DBackpropFilterConfig.kernelFunc);
    expect(tf.getKernel('Conv2DBackpropInput', FOVEA)?.kernelFunc).toBe(conv2DBackpropInputConfig.kernelFunc);
  });

  it("matches the cpu backend's conv2d gradients on random shapes, strides and paddings", () => {
    fc.assert(
      fc.property(convArb, (p) => expectSameAsCpu(() => convGrads(p), 1e-4)),
      { numRuns: 50 },
    );
  });

  it('matches the kernel called directly, with dy from a random tensor', () => {
    fc.assert(
      fc.property(convArb, (p) => {
        expectSameAsCpu(() => {
          const { x, filter } = tensors(p);
          const outShape = tf.conv2d(x, filter, p.stride, p.pad).shape;
          const dy = tf.tensor(randomValues(outShape.reduce((a, b) => a * b), p.seed + 3), outShape);
          return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
            strides: p.stride, pad: p.pad, dataFormat: 'NHWC', filterShape: filter.shape,
          } as unknown as tf.NamedAttrMap) as tf.Tensor;
        }, 1e-4);
      }),
      { numRuns: 30 },
    );
  });

  it('accumulates over several pixel chunks (batch 8 of 28×28, 3×3×8 → 16)', () => {
    const p: Problem = {
      batch: 8, height: 28, width: 28, inChannels: 8, outChannels: 16, kh: 3, kw: 3, stride: [1, 1], pad: 'same', seed: 11,
    };
    expectSameAsCpu(() => convGrads(p), 1e-4);
  });

  it('computes dilated filter gradients (a kernel-level feature tfjs never asks for) like the cpu on a zero-inserted filter', () => {
    // tfjs's Conv2D gradient rejects dilations; the cpu reference is the gradient of the
    // equivalent undilated conv with holes in the filter, read at the taps.
    fc.assert(
      fc.property(convArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), (p0, dh, dw) => {
        const p = { ...p0, stride: [1, 1] as [number, number], pad: 'valid' as const };
        const effKh = (p.kh - 1) * dh + 1;
        const effKw = (p.kw - 1) * dw + 1;
        if (p.height < effKh || p.width < effKw) return;
        const outH = p.height - effKh + 1;
        const outW = p.width - effKw + 1;
        const x = randomValues(p.batch * p.height * p.width * p.inChannels, p.seed);
        const dy = randomValues(p.batch * outH * outW * p.outChannels, p.seed + 1);
        const [full] = runOn('cpu', () =>
          tf.engine().runKernel('Conv2DBackpropFilter', {
            x: tf.tensor4d(x, [p.batch, p.height, p.width, p.inChannels]),
            dy: tf.tensor4d(dy, [p.batch, outH, outW, p.outChannels]),
          }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', filterShape: [effKh, effKw, p.inChannels, p.outChannels] } as unknown as tf.NamedAttrMap) as tf.Tensor,
        );
        const backend = tf.findBackend(FOVEA) as unknown as FoveaWasmBackend;
        const info = tf.backend_util.computeConv2DInfo(
          [p.batch, p.height, p.width, p.inChannels], [p.kh, p.kw, p.inChannels, p.outChannels], 1, [dh, dw], 'valid',
        );
        const ours = conv2dBackpropFilter(backend.kernels, x, dy, info);
        const taps = p.inChannels * p.outChannels;
        for (let fh = 0; fh < p.kh; fh++) {
          for (let fw = 0; fw < p.kw; fw++) {
            for (let i = 0; i < taps; i++) {
              const e = full![((fh * dh) * effKw + fw * dw) * taps + i]!;
              const v = ours[(fh * p.kw + fw) * taps + i]!;
              if (!(Math.abs(v - e) <= 1e-4 * Math.max(1, Math.abs(e)))) throw new Error(`tap ${fh},${fw} element ${i}: ours ${v}, cpu ${e}`);
            }
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 10 * 10 * 5, 1), [2, 10, 10, 5]);
    const dy = tf.tensor4d(randomValues(2 * 5 * 5 * 7, 2), [2, 5, 5, 7]);
    await expectNoLeaks(
      () =>
        tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, {
          strides: 2, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 5, 7],
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
    );
    tf.dispose([x, dy]);
  });
});

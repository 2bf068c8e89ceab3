// The 'swish' epilogue of the fused kernels (EXTRA_FUSED_ACTIVATIONS): fovea-wasm's FusedConv2D,
// FusedDepthwiseConv2D and _FusedMatMul with activation 'swish' against the cpu running the linear
// fused op and then x · sigmoid(x) — in WASM, and on the cpu-fallback path (a bias the kernels do
// not broadcast), with no leaks.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTRA_FUSED_ACTIVATIONS } from '../src/index.js';
import { expectClose, expectNoLeaks, FOVEA, randomValues, runOn, seedArb, wasmCalls } from './kernels/compare.js';

type Activation = 'linear' | 'swish';
type FusedOp = (activation: Activation, seed: number) => tf.Tensor;

const swishOf = (y: tf.Tensor) => tf.mul(y, tf.sigmoid(y));

const ops: Record<string, { size: fc.Arbitrary<number[]>; op: (dims: number[]) => FusedOp }> = {
  FusedConv2D: {
    size: fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 13 })),
    op:
      ([size, inChannels, filters]) =>
      (activation, seed) =>
        tf.fused.conv2d({
          x: tf.tensor4d(randomValues(size! * size! * inChannels!, seed).map((v) => v * 4), [1, size!, size!, inChannels!]),
          filter: tf.tensor4d(randomValues(9 * inChannels! * filters!, seed + 1), [3, 3, inChannels!, filters!]),
          strides: 1,
          pad: 'same',
          bias: tf.tensor1d(randomValues(filters!, seed + 2)),
          activation: activation as 'linear',
        }),
  },
  FusedDepthwiseConv2D: {
    size: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 11 })),
    op:
      ([size, channels]) =>
      (activation, seed) =>
        tf.fused.depthwiseConv2d({
          x: tf.tensor4d(randomValues(size! * size! * channels!, seed).map((v) => v * 4), [1, size!, size!, channels!]),
          filter: tf.tensor4d(randomValues(25 * channels!, seed + 1), [5, 5, channels!, 1]),
          strides: 1,
          pad: 'same',
          bias: tf.tensor1d(randomValues(channels!, seed + 2)),
          activation: activation as 'linear',
        }),
  },
  _FusedMatMul: {
    size: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 17 }), fc.integer({ min: 1, max: 17 })),
    op:
      ([m, k, n]) =>
      (activation, seed) =>
        tf.fused.matMul({
          a: tf.tensor2d(randomValues(m! * k!, seed).map((v) => v * 4), [m!, k!]),
          b: tf.tensor2d(randomValues(k! * n!, seed + 1), [k!, n!]),
          bias: tf.tensor1d(randomValues(n!, seed + 2)),
          activation: activation as 'linear',
        }),
  },
};

describe("fused kernels' swish epilogue", () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('is declared by the backend', () => {
    expect(EXTRA_FUSED_ACTIVATIONS).toContain('swish');
    expect((tf.backend() as unknown as { fusedActivations: readonly string[] }).fusedActivations).toContain('swish');
  });

  for (const [kernel, { size, op }] of Object.entries(ops)) {
    it(`${kernel}: equals the linear op followed by x · sigmoid(x) on the cpu, in WASM`, () => {
      fc.assert(
        fc.property(size, seedArb, (dims, seed) => {
          const fused = op(dims);
          let ours: Float32Array[] = [];
          const calls = wasmCalls(() => {
            ours = runOn(FOVEA, () => fused('swish', seed));
          });
          // As many WASM calls as the linear op (weight packing, the conv/matmul): swish is its
          // epilogue, not a separate sigmoid and multiply.
          expect(calls).toBeGreaterThan(0);
          expect(calls).toBe(wasmCalls(() => runOn(FOVEA, () => fused('linear', seed))));
          expectClose(ours, runOn('cpu', () => swishOf(fused('linear', seed))), 1e-4, false);
        }),
        { numRuns: 25 },
      );
    });
  }

  it('falls back to the cpu kernel plus a swish pass where the kernels decline the bias', () => {
    // A bias of the output's full [H, W, C] shape is not per channel: the WASM epilogue declines it.
    const conv = (activation: Activation) =>
      tf.fused.conv2d({
        x: tf.tensor4d(randomValues(4 * 4 * 3, 5).map((v) => v * 4), [1, 4, 4, 3]),
        filter: tf.tensor4d(randomValues(9 * 3 * 2, 6), [3, 3, 3, 2]),
        strides: 1,
        pad: 'same',
        bias: tf.tensor3d(randomValues(4 * 4 * 2, 7), [4, 4, 2]),
        activation: activation as 'linear',
      });
    expectClose(runOn(FOVEA, () => conv('swish')), runOn('cpu', () => swishOf(conv('linear'))), 1e-4, false);
  });

  it('leaks no tensors, in WASM or through the fallback', async () => {
    await expectNoLeaks(() => tf.tidy(() => ops.FusedConv2D!.op([5, 3, 4])('swish', 9)));
    const x = tf.tensor4d(randomValues(4 * 4 * 3, 5), [1, 4, 4, 3]);
    const filter = tf.tensor4d(randomValues(9 * 3 * 2, 6), [3, 3, 3, 2]);
    const bias = tf.tensor3d(randomValues(4 * 4 * 2, 7), [4, 4, 2]);
    await expectNoLeaks(() => tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias, activation: 'swish' as 'linear' }));
    tf.dispose([x, filter, bias]);
  });
});

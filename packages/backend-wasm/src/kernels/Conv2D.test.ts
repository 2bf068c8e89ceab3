import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expectClose,
  expectEngineIntact,
  expectNoLeaks,
  expectSameAsCpu,
  FOVEA,
  outSize,
  ownedBlocks,
  padArb,
  parallelKernels,
  randomValues,
  runOn,
  seedArb,
  winogradProblemArb,
} from '../../test/kernels/compare.js';
import type { FoveaWasmBackend } from '../backend.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

/** Random conv2d problems whose output is non-empty; strides and dilations not both > 1 (tfjs). */
const convArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: 9 }),
    width: fc.integer({ min: 1, max: 9 }),
    inChannels: fc.integer({ min: 1, max: 6 }),
    outChannels: fc.integer({ min: 1, max: 19 }),
    kh: fc.integer({ min: 1, max: 4 }),
    kw: fc.integer({ min: 1, max: 4 }),
    stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    pad: padArb,
    seed: seedArb,
  })
  .map((p) => (p.stride[0] > 1 || p.stride[1] > 1 ? { ...p, dilation: [1, 1] as [number, number] } : p))
  .filter(
    (p) =>
      outSize(p.height, p.kh, p.stride[0], p.dilation[0], p.pad, 1) > 0 &&
      outSize(p.width, p.kw, p.stride[1], p.dilation[1], p.pad, 2) > 0,
  );

type ConvProblem = typeof convArb extends fc.Arbitrary<infer T> ? T : never;

function tensors(p: ConvProblem): { x: tf.Tensor4D; filter: tf.Tensor4D } {
  const xShape: [number, number, number, number] = [p.batch, p.height, p.width, p.inChannels];
  const fShape: [number, number, number, number] = [p.kh, p.kw, p.inChannels, p.outChannels];
  return {
    x: tf.tensor4d(randomValues(xShape.reduce((a, b) => a * b), p.seed), xShape),
    filter: tf.tensor4d(randomValues(fShape.reduce((a, b) => a * b), p.seed + 1), fShape),
  };
}

describe('Conv2D', () => {
  it('matches the cpu backend on random shapes, strides, dilations and paddings', () => {
    fc.assert(
      fc.property(convArb, (p) => {
        expectSameAsCpu(() => {
          const { x, filter } = tensors(p);
          return tf.conv2d(x, filter, p.stride, p.pad, 'NHWC', p.dilation);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('has the same gradients as the cpu backend (input via Conv2DBackpropInput, filter via cpu)', () => {
    // tfjs's conv2d gradient rejects dilations > 1.
    fc.assert(
      fc.property(convArb.map((p) => ({ ...p, dilation: [1, 1] as [number, number] })), (p) => {
        expectSameAsCpu(() => {
          const { x, filter } = tensors(p);
          const f = (xs: tf.Tensor4D, fs: tf.Tensor4D) => tf.sum(tf.square(tf.conv2d(xs, fs, p.stride, p.pad, 'NHWC', p.dilation)));
          return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, filter]);
        }, 2e-4);
      }),
      { numRuns: 25 },
    );
  });

  it('handles the textbook layer shape (5×5, 200 filters, same)', () => {
    const p = { batch: 1, height: 15, width: 10, inChannels: 3, outChannels: 200, kh: 5, kw: 5 };
    expectSameAsCpu(() => {
      const x = tf.tensor4d(randomValues(p.height * p.width * 3, 7), [1, p.height, p.width, 3]);
      const filter = tf.tensor4d(randomValues(5 * 5 * 3 * 200, 8), [5, 5, 3, 200]);
      return tf.conv2d(x, filter, 1, 'same');
    });
  });

  it('repacks when a reshaped filter shares the cached dataId', async () => {
    await tf.setBackend(FOVEA);
    const filter = tf.tensor4d(randomValues(2 * 2 * 4 * 6, 3), [2, 2, 4, 6]);
    const x1 = tf.tensor4d(randomValues(5 * 5 * 4, 4), [1, 5, 5, 4]);
    const x2 = tf.tensor4d(randomValues(5 * 5 * 6, 5), [1, 5, 5, 6]);
    const first = tf.conv2d(x1, filter, 1, 'valid');
    const reshaped = tf.reshape(filter, [2, 2, 6, 4]) as tf.Tensor4D;
    const ours = tf.conv2d(x2, reshaped, 1, 'valid');
    const [reference] = runOn('cpu', () => tf.conv2d(x2, reshaped, 1, 'valid'));
    const values = ours.dataSync();
    reference!.forEach((v, i) => {
      expect(values[i]).toBeCloseTo(v, 4);
    });
    tf.dispose([filter, x1, x2, first, reshaped, ours]);
  });

  it("gives the cpu's result for a filter larger than its 'valid' input, never values from WASM memory", () => {
    // tfjs sizes this output [1, -1, -1, 8]; the kernel once read outside its buffers and four runs
    // of the same call gave 56, 75, 481 and 2142 (other tensors' values), or trapped.
    const owned = ownedBlocks();
    const keep = tf.fill([64, 64], 1234.5); // something else in WASM memory to leak
    const conv = () => tf.conv2d(tf.ones([1, 2, 2, 8]) as tf.Tensor4D, tf.ones([4, 4, 8, 8]) as tf.Tensor4D, 1, 'valid');
    for (let run = 0; run < 4; run++) {
      const [ours] = runOn(FOVEA, conv);
      const [cpu] = runOn('cpu', conv);
      expect(Array.from(ours!)).toEqual(Array.from(cpu!));
    }
    const shape = tf.tidy(() => conv().shape);
    expect(shape).toEqual([1, -1, -1, 8]);
    keep.dispose();
    expectEngineIntact(owned);
  });

  it('throws for a zero stride (runKernel) as the cpu does, with its own message, and keeps working', () => {
    const owned = ownedBlocks();
    const x = tf.ones([1, 5, 5, 4]);
    const filter = tf.ones([3, 3, 4, 4]);
    for (const pad of ['same', 'valid'] as const) {
      const call = () => tf.engine().runKernel('Conv2D', { x, filter }, { strides: [0, 1], pad, dataFormat: 'NHWC', dilations: 1 } as unknown as tf.NamedAttrMap);
      tf.setBackend('cpu');
      let cpuError = '';
      try {
        tf.tidy(() => call());
      } catch (error) {
        cpuError = (error as Error).message;
      }
      tf.setBackend(FOVEA);
      expect(cpuError).not.toBe('');
      // The cpu's error is "Invalid typed array length: Infinity" here; beside an empty extent it loops for ever.
      expect(() => tf.tidy(() => call())).toThrow(/Conv2D: strides must not be 0, got \[0,1\]/);
      expectEngineIntact(owned);
    }
    tf.dispose([x, filter]);
  });

  it('falls back to the cpu kernel for NCHW', async () => {
    // tfjs's cpu conv2d accepts NCHW; ours hands it over.
    expectSameAsCpu(() => {
      const x = tf.tensor4d(randomValues(2 * 3 * 5 * 5, 9), [2, 3, 5, 5]);
      const filter = tf.tensor4d(randomValues(3 * 3 * 3 * 4, 10), [3, 3, 3, 4]);
      return tf.conv2d(x, filter, 1, 'same', 'NCHW');
    }, 1e-4, false);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 12 * 12 * 8, 11), [2, 12, 12, 8]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 8 * 16, 12), [3, 3, 8, 16]);
    await expectNoLeaks(() => tf.conv2d(x, filter, 2, 'same'));
    tf.dispose([x, filter]);
  });
});

/** Winograd problems with the conv's input channels on the wide side, and an activation. */
const winogradArb = fc
  .tuple(winogradProblemArb, fc.constantFrom('linear', 'relu', 'relu6', 'elu', 'sigmoid') as fc.Arbitrary<tf.fused.Activation>)
  .map(([p, activation]) => ({ ...p, inQuads: p.wideQuads, outQuads: p.narrowQuads, activation }));

describe('Conv2D and FusedConv2D by Winograd F(2×2, 3×3)', () => {
  const layer = (p: typeof winogradArb extends fc.Arbitrary<infer T> ? T : never) => () => {
    const x = tf.tensor4d(randomValues(p.batch * p.height * p.width * 4 * p.inQuads, p.seed), [p.batch, p.height, p.width, 4 * p.inQuads]);
    const filter = tf.tensor4d(randomValues(9 * 16 * p.inQuads * p.outQuads, p.seed + 1), [3, 3, 4 * p.inQuads, 4 * p.outQuads]);
    const bias = tf.tensor1d(randomValues(4 * p.outQuads, p.seed + 2));
    return [
      tf.conv2d(x, filter, 1, p.pad),
      tf.fused.conv2d({ x, filter, bias, strides: 1, pad: p.pad, activation: p.activation }),
    ];
  };

  it('matches the cpu backend on random sizes, paddings, biases and activations', () => {
    fc.assert(
      fc.property(winogradArb, (p) => {
        expect(parallelKernels(() => expectSameAsCpu(layer(p)))).toEqual(['winogradConv2dRows', 'winogradConv2dRows']);
      }),
      { numRuns: 40 },
    );
  });

  it("gives the direct convolution's IEEE results for Inf, NaN and huge values in the input, filter or bias", () => {
    // Winograd's transforms compute Inf − Inf where the direct sum does not: with one +Inf pixel
    // relu(conv3x3) gave 116 NaN and 16 Inf where the cpu gives 0 NaN and 67 Inf, and a finite
    // 1e38 input gave NaN in 448 of 1024 outputs (cpu: +Inf).
    const C = 16;
    const xValues = randomValues(2 * 10 * 10 * C, 21);
    const filterValues = randomValues(9 * C * C, 22);
    const cases: Array<[string, (x: Float32Array, f: Float32Array, b: Float32Array) => void]> = [
      ['one +Inf pixel', (x) => { x[(4 * 10 + 5) * C + 3] = Number.POSITIVE_INFINITY; }],
      ['a -Inf and a NaN pixel', (x) => { x[(1 * 10 + 1) * C] = Number.NEGATIVE_INFINITY; x[(150 + 3) * C + 7] = Number.NaN; }],
      ['1e38 everywhere', (x) => x.fill(1e38)],
      ['±3e38 pixels', (x) => { x[50 * C] = 3e38; x[51 * C] = -3e38; x[60 * C + 1] = 3e38; }],
      ['Inf in the filter', (_x, f) => { f[C * C + 2] = Number.POSITIVE_INFINITY; }],
      ['NaN in the filter', (_x, f) => { f[8 * C * C + 5] = Number.NaN; }],
      ['Inf in the bias', (_x, _f, b) => { b[3] = Number.POSITIVE_INFINITY; }],
    ];
    const backend = tf.findBackend(FOVEA) as FoveaWasmBackend;
    for (const [label, change] of cases) {
      const x = Float32Array.from(xValues);
      const f = Float32Array.from(filterValues);
      const b = randomValues(C, 23);
      change(x, f, b);
      for (const pad of ['same', 'valid'] as const) {
        const program = () => {
          const input = tf.tensor4d(x, [2, 10, 10, C]);
          const filter = tf.tensor4d(f, [3, 3, C, C]);
          return [
            tf.relu(tf.conv2d(input, filter, 1, pad)),
            tf.conv2d(input, filter, 1, pad),
            tf.fused.conv2d({ x: input, filter, bias: tf.tensor1d(b), strides: 1, pad, activation: 'relu' }),
          ];
        };
        let ours: Float32Array[] = [];
        const names = parallelKernels(() => {
          ours = runOn(FOVEA, program);
        });
        if (!label.includes('filter')) expect(names, label).toContain('winogradConv2dRows');
        try {
          expectClose(ours, runOn('cpu', program), 1e-4, true);
        } catch (error) {
          throw new Error(`${label}, ${pad}: ${(error as Error).message}`);
        }
      }
    }
    expect(backend.winograd).toBe(true);
  });

  it('gives way to the direct GEMM when the backend says winograd = false', () => {
    const backend = tf.findBackend(FOVEA) as unknown as FoveaWasmBackend;
    const p = fc.sample(winogradArb, { seed: 3, numRuns: 1 })[0]!;
    backend.winograd = false;
    try {
      expect(parallelKernels(() => expectSameAsCpu(layer(p)))).toEqual(['gemmRows', 'gemmRows']);
    } finally {
      backend.winograd = true;
    }
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor4d(randomValues(2 * 14 * 14 * 32, 13), [2, 14, 14, 32]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 32 * 16, 14), [3, 3, 32, 16]);
    const bias = tf.tensor1d(randomValues(16, 15));
    await expectNoLeaks(() => tf.fused.conv2d({ x, filter, bias, strides: 1, pad: 'same', activation: 'relu' }));
    tf.dispose([x, filter, bias]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, expectEngineIntact, expectNoLeaks, FOVEA, outSize, ownedBlocks, padArb, randomValues, runOn, seedArb } from '../../test/kernels/compare.js';
import { GROUPED_CONV2D } from './FoveaGroupedConv2D.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

interface Problem {
  batch: number;
  size: number;
  groups: number;
  perGroupIn: number;
  perGroupOut: number;
  k: number;
  stride: number;
  dilation: number;
  pad: 'same' | 'valid' | tf.backend_util.ExplicitPadding;
  seed: number;
}

const problemArb: fc.Arbitrary<Problem> = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    size: fc.integer({ min: 1, max: 9 }),
    groups: fc.integer({ min: 1, max: 5 }),
    perGroupIn: fc.integer({ min: 1, max: 4 }),
    perGroupOut: fc.integer({ min: 1, max: 9 }),
    k: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 2 }),
    dilation: fc.integer({ min: 1, max: 2 }),
    pad: padArb,
    seed: seedArb,
  })
  .map((p) => (p.stride > 1 ? { ...p, dilation: 1 } : p))
  .filter((p) => outSize(p.size, p.k, p.stride, p.dilation, p.pad, 1) > 0 && outSize(p.size, p.k, p.stride, p.dilation, p.pad, 2) > 0);

function tensors(p: Problem): { x: tf.Tensor4D; filter: tf.Tensor4D; bias: tf.Tensor1D } {
  const channels = p.groups * p.perGroupIn;
  const filters = p.groups * p.perGroupOut;
  return {
    x: tf.tensor4d(randomValues(p.batch * p.size * p.size * channels, p.seed), [p.batch, p.size, p.size, channels]),
    filter: tf.tensor4d(randomValues(p.k * p.k * p.perGroupIn * filters, p.seed + 1), [p.k, p.k, p.perGroupIn, filters]),
    bias: tf.tensor1d(randomValues(filters, p.seed + 2)),
  };
}

/** The definition, on any backend: split the channels, convolve each group, concatenate. */
function reference(p: Problem, activation: 'linear' | 'relu'): tf.Tensor {
  const { x, filter, bias } = tensors(p);
  const xs = tf.split(x, p.groups, 3) as tf.Tensor4D[];
  const fs = tf.split(filter, p.groups, 3) as tf.Tensor4D[];
  const y = tf.add(tf.concat(xs.map((xg, g) => tf.conv2d(xg, fs[g]!, p.stride, p.pad, 'NHWC', p.dilation)), 3), bias);
  return activation === 'relu' ? tf.relu(y) : y;
}

function grouped(p: Problem, activation: 'linear' | 'relu'): tf.Tensor {
  const { x, filter, bias } = tensors(p);
  return tf.engine().runKernel(GROUPED_CONV2D, { x, filter, bias }, {
    strides: p.stride, pad: p.pad, dilations: p.dilation, groups: p.groups, activation,
  } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

describe(GROUPED_CONV2D, () => {
  it('equals split + conv2d + concat (+ bias, activation) on the cpu, on random geometries', () => {
    fc.assert(
      fc.property(problemArb, fc.constantFrom('linear' as const, 'relu' as const), (p, activation) => {
        expectClose(runOn(FOVEA, () => grouped(p, activation)), runOn('cpu', () => reference(p, activation)), 1e-4, false);
      }),
      { numRuns: 60 },
    );
  });

  it('is registered for fovea-wasm only, and names what is wrong with its inputs', () => {
    expect(tf.getKernel(GROUPED_CONV2D, FOVEA)).toBeDefined();
    expect(tf.getKernel(GROUPED_CONV2D, 'cpu')).toBeUndefined();
    const x = tf.zeros([1, 4, 4, 6]);
    const run = (filterShape: number[], groups: number, dtype: 'float32' | 'int32' = 'float32') =>
      tf.tidy(() => tf.engine().runKernel(GROUPED_CONV2D, { x: tf.cast(x, dtype), filter: tf.zeros(filterShape) }, { strides: 1, pad: 'same', groups }));
    expect(() => run([3, 3, 2, 4], 2)).toThrow(/groups 2 must divide x's 6 channels into filter's 2 per group/);
    expect(() => run([3, 3, 2, 5], 3)).toThrow(/and its 5 output channels/);
    expect(() => run([3, 3, 3, 4], 2, 'int32')).toThrow(/x and filter must be float32, got int32 and float32/);
    x.dispose();
  });

  it('refuses a zero, negative or NaN stride or dilation, and every kernel keeps working after it', () => {
    // A zero stride once threw "Invalid typed array length: Infinity" and left a NaN block in the
    // heap: from then on every kernel in the process failed with "pointer NaN is not a live block".
    const x = tf.tensor4d(randomValues(1 * 8 * 8 * 4, 3), [1, 8, 8, 4]);
    const filter = tf.tensor4d(randomValues(3 * 3 * 2 * 4, 4), [3, 3, 2, 4]);
    const owned = ownedBlocks();
    for (const [strides, dilations] of [[0, 1], [[1, 0], 1], [-1, 1], [Number.NaN, 1], [1, 0], [1, -2], [1.5, 1]] as const) {
      for (const pad of ['same', 'valid'] as const) {
        expect(() => tf.engine().runKernel(GROUPED_CONV2D, { x, filter }, { strides, pad, dilations, groups: 2 } as unknown as tf.NamedAttrMap)).toThrow(
          /FoveaGroupedConv2D: (strides|dilations) must be a positive whole number/,
        );
        expectEngineIntact(owned);
      }
    }
    // A filter larger than a 'valid' input: no output size, an error naming the geometry.
    const big = tf.tensor4d(randomValues(10 * 10 * 2 * 4, 5), [10, 10, 2, 4]);
    expect(() => tf.engine().runKernel(GROUPED_CONV2D, { x, filter: big }, { strides: 1, pad: 'valid', groups: 2 } as unknown as tf.NamedAttrMap)).toThrow(
      /outHeight: got -1/,
    );
    expectEngineIntact(owned);
    tf.dispose([x, filter, big]);
  });

  it("gives the cpu's IEEE results for an Inf or NaN filter value (the kernel's zero padding would make NaN)", () => {
    const owned = ownedBlocks();
    const p: Problem = { batch: 1, size: 6, groups: 2, perGroupIn: 3, perGroupOut: 4, k: 3, stride: 1, dilation: 1, pad: 'same', seed: 31 };
    const { filter } = tensors(p);
    const values = filter.dataSync().slice();
    filter.dispose();
    for (const special of [Number.POSITIVE_INFINITY, Number.NaN]) {
      values[5] = special;
      const inputs = () => ({ ...tensors(p), filter: tf.tensor4d(values, [3, 3, 3, 8]) });
      const ours = runOn(FOVEA, () => {
        const { x, filter: f, bias } = inputs();
        return tf.engine().runKernel(GROUPED_CONV2D, { x, filter: f, bias }, { strides: 1, pad: 'same', groups: 2, activation: 'relu' } as unknown as tf.NamedAttrMap) as tf.Tensor;
      });
      const cpu = runOn('cpu', () => {
        const { x, filter: f, bias } = inputs();
        const xs = tf.split(x, 2, 3) as tf.Tensor4D[];
        const fs = tf.split(f, 2, 3) as tf.Tensor4D[];
        return tf.relu(tf.add(tf.concat(xs.map((xg, g) => tf.conv2d(xg, fs[g]!, 1, 'same')), 3), bias));
      });
      expectClose(ours, cpu, 1e-4, true);
    }
    expectEngineIntact(owned);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const p: Problem = { batch: 1, size: 8, groups: 4, perGroupIn: 2, perGroupOut: 3, k: 3, stride: 1, dilation: 1, pad: 'same', seed: 5 };
    const { x, filter, bias } = tensors(p);
    await expectNoLeaks(() =>
      tf.engine().runKernel(GROUPED_CONV2D, { x, filter, bias }, { strides: 1, pad: 'same', groups: 4 }) as tf.Tensor,
    );
    tf.dispose([x, filter, bias]);
  });
});

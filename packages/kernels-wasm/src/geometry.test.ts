// Geometry the kernels refuse before they allocate: what tfjs's computeConv2DInfo gives for a zero
// stride (Infinity, NaN) or for a filter larger than a 'valid' input (a negative output size), and
// sizes beyond 32-bit indexing. Each error names the field; the heap is untouched and keeps working.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ConvGeometry, conv2d, conv2dBackpropFilter, depthwiseConv2d, type FoveaKernels, groupedConv2d, loadKernels, maxPool2d,
  packConv2DFilter, packGroupedConv2DFilter, relu,
} from './index.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ threads: 2 });
  kernels.arena.setZeroCopy(true);
});

function geometry(changes: Partial<ConvGeometry> = {}): ConvGeometry {
  return {
    batchSize: 1, inHeight: 4, inWidth: 4, inChannels: 8, outHeight: 4, outWidth: 4, outChannels: 8,
    filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
    padInfo: { top: 1, left: 1 }, ...changes,
  };
}

/** `call` throws an error matching `message`, and the heap holds the blocks it held before, consistently. */
function expectRefused(call: () => unknown, message: RegExp): void {
  kernels.arena.reset();
  const live = kernels.heap.liveBlocks;
  expect(call).toThrow(message);
  kernels.arena.reset();
  kernels.heap.check();
  expect(kernels.heap.liveBlocks).toBe(live);
  const y = relu(kernels, Float32Array.from([-1, 3]));
  expect(Array.from(y)).toEqual([0, 3]);
  kernels.arena.release(y);
}

describe('convolution geometry', () => {
  const x = new Float32Array(4 * 4 * 8).fill(1);
  const good = geometry();
  let filter: ReturnType<typeof packConv2DFilter>;
  beforeAll(() => {
    filter = packConv2DFilter(kernels, new Float32Array(9 * 8 * 8), good);
  });

  it('refuses a zero stride (Infinity or NaN output sizes) before allocating', () => {
    const grouped = packGroupedConv2DFilter(kernels, new Float32Array(9 * 4 * 8), good, 2);
    for (const bad of [
      geometry({ strideHeight: 0, outHeight: Number.POSITIVE_INFINITY }),
      geometry({ strideWidth: 0, outWidth: Number.NaN }),
      geometry({ strideHeight: -1 }),
      geometry({ dilationWidth: 0 }),
      geometry({ strideHeight: 1.5 }),
    ]) {
      expectRefused(() => conv2d(kernels, x, filter, bad), /geometry\.(out|stride|dilation)/);
      expectRefused(() => depthwiseConv2d(kernels, x, new Float32Array(9 * 8), bad), /geometry\./);
      expectRefused(() => groupedConv2d(kernels, x, grouped, bad), /geometry\./);
    }
  }, 60_000);

  it('refuses a negative output size (a filter larger than a valid input) instead of reading other memory', () => {
    const bad = geometry({ inHeight: 2, inWidth: 2, filterHeight: 4, filterWidth: 4, outHeight: -1, outWidth: -1, padInfo: { top: 0, left: 0 } });
    const small = new Float32Array(2 * 2 * 8).fill(1);
    expectRefused(() => conv2d(kernels, small, filter, bad), /geometry\.outHeight: got -1.*does not fit/);
    expectRefused(() => depthwiseConv2d(kernels, small, new Float32Array(16 * 8), bad), /geometry\.outHeight: got -1/);
    expectRefused(() => conv2dBackpropFilter(kernels, small, new Float32Array(8), bad), /geometry\.outHeight/);
  });

  it('refuses negative pads, sizes beyond 32-bit indexing, and a non-empty output of an empty input', () => {
    expectRefused(() => conv2d(kernels, x, filter, geometry({ padInfo: { top: -2, left: 0 } })), /padInfo\.top: got -2/);
    expectRefused(() => conv2d(kernels, x, filter, geometry({ strideHeight: 2 ** 31, outHeight: 2 })), /geometry\.strideHeight/);
    expectRefused(() => conv2d(kernels, x, filter, geometry({ dilationHeight: 2 ** 30, outHeight: 4 })), /windows reach/);
    expectRefused(() => conv2d(kernels, new Float32Array(0), filter, geometry({ inChannels: 0 })), /inChannels: got 0.*non-empty input/);
  });

  it('returns an empty result for an empty output without calling a kernel', () => {
    expect(conv2d(kernels, new Float32Array(0), packConv2DFilter(kernels, new Float32Array(0), geometry({ batchSize: 0, outChannels: 0 })), geometry({ batchSize: 0, outChannels: 0 })).length).toBe(0);
    expect(depthwiseConv2d(kernels, new Float32Array(0), new Float32Array(0), geometry({ inChannels: 0, outChannels: 0 })).length).toBe(0);
    kernels.arena.reset();
    kernels.heap.check();
  });
});

describe('pooling geometry', () => {
  it('refuses zero strides, negative pads and NaN sizes', () => {
    const g = { batch: 1, inHeight: 4, inWidth: 4, channels: 4, outHeight: 2, outWidth: 2, filterHeight: 2, filterWidth: 2, strideHeight: 2, strideWidth: 2, padTop: 0, padLeft: 0 };
    const x = new Float32Array(64);
    expectRefused(() => maxPool2d(kernels, x, { ...g, strideHeight: 0 }), /geometry\.strideHeight: got 0/);
    expectRefused(() => maxPool2d(kernels, x, { ...g, padTop: -1 }), /geometry\.padTop: got -1/);
    expectRefused(() => maxPool2d(kernels, x, { ...g, outHeight: Number.NaN }), /geometry\.outHeight: got NaN/);
    expectRefused(() => maxPool2d(kernels, x, { ...g, outWidth: -1 }), /geometry\.outWidth: got -1/);
  });
});

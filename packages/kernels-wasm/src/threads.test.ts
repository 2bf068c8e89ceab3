// Threads: every split kernel gives the single-thread result on shapes big enough to be split,
// jobs really reach the workers, idle workers sleep, and the settings are validated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batchMatMul,
  binary,
  type ConvGeometry,
  conv2d,
  conv2dBackpropFilter,
  conv2dBackpropInput,
  depthwiseConv2d,
  depthwiseConv2dBackpropFilter,
  depthwiseConv2dBackpropInput,
  type FoveaKernels,
  groupedConv2d,
  loadKernels,
  maxPool2d,
  maxPoolGrad,
  avgPool2d,
  avgPoolGrad,
  cast,
  concat,
  cropAndResize,
  gather,
  packConv2DBackpropInputFilter,
  packConv2DFilter,
  packGroupedConv2DFilter,
  pool2dGeometry,
  packWinogradFilter,
  planBroadcast,
  select,
  slice,
  split,
  topK,
  transpose,
  winogradConv2d,
} from './index.js';
import { MIN_PARALLEL_WORK, ThreadPool } from './threads.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd', threads: 2 });
  expect(await kernels.whenThreadsReady()).toBe(true);
});
afterAll(() => kernels.dispose());

let seed = 7;
const random = (n: number) =>
  Float32Array.from({ length: n }, () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 1073741824 - 1;
  });

/** Result on one thread and on two. */
function bothWays(run: () => Float32Array): [Float32Array, Float32Array] {
  kernels.setThreads(1);
  const single = run();
  kernels.setThreads(2);
  return [single, run()];
}

/** The parts each call of the parallel export `name` used while `run` ran. */
function partsUsed(name: string, run: () => void): number[] {
  const parts: number[] = [];
  const parallel = kernels.parallel.bind(kernels);
  kernels.parallel = (...args: Parameters<FoveaKernels['parallel']>) => {
    const count = parallel(...args);
    if (args[0] === name) parts.push(count);
    return count;
  };
  try {
    run();
  } finally {
    kernels.parallel = parallel;
  }
  return parts;
}

function geometry(size: number, cin: number, cout: number, k: number, stride: number, pad: number): ConvGeometry {
  const out = Math.floor((size + 2 * pad - k) / stride) + 1;
  return {
    batchSize: 2, inHeight: size, inWidth: size, inChannels: cin, outHeight: out, outWidth: out, outChannels: cout,
    filterHeight: k, filterWidth: k, strideHeight: stride, strideWidth: stride, dilationHeight: 1, dilationWidth: 1,
    padInfo: { top: pad, left: pad },
  };
}

function maxRelativeError(a: Float32Array, b: Float32Array): number {
  let scale = 0;
  let error = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]!));
    error = Math.max(error, Math.abs(a[i]! - b[i]!));
  }
  return error / scale;
}

describe('threads', () => {
  it('splits a job across the workers and the calling thread', async () => {
    const g = pool2dGeometry({ inputShape: [2, 64, 64, 64], poolSize: 3, strides: 1, padding: 'same' });
    const x = random(2 * 64 * 64 * 64);
    const { arena } = kernels;
    arena.reset();
    const xPtr = arena.allocFrom(x);
    const out = arena.alloc(x.length);
    const args = [xPtr, out, 0, 2, 64, 64, 64, 64, 64, 3, 3, 1, 1, 1, 1];
    expect(kernels.parallel('pool2d', args, 128, 1, MIN_PARALLEL_WORK)).toBe(2);
    const threaded = arena.read(out, x.length);
    expect(threaded).toEqual(maxPool2d(kernels, x, g));
    // Below the work threshold the calling thread does it alone.
    expect(kernels.parallel('pool2d', args, 128, 1, MIN_PARALLEL_WORK - 1)).toBe(1);
  });

  it('conv2d, fused and plain, gives the single-thread result exactly', () => {
    const g = geometry(30, 16, 24, 3, 1, 1);
    const x = random(2 * 30 * 30 * 16);
    const packed = packConv2DFilter(kernels, random(3 * 3 * 16 * 24), g);
    const bias = random(24);
    const [one, two] = bothWays(() => conv2d(kernels, x, packed, g, { bias, activation: 'relu6' }));
    expect(two).toEqual(one);
    const strided = geometry(33, 8, 12, 5, 2, 2);
    const packed5 = packConv2DFilter(kernels, random(5 * 5 * 8 * 12), strided);
    const x5 = random(2 * 33 * 33 * 8);
    const [a, b] = bothWays(() => conv2d(kernels, x5, packed5, strided));
    expect(b).toEqual(a);
  });

  it('depthwise conv2d gives the single-thread result exactly', () => {
    const g = { ...geometry(40, 32, 32, 3, 2, 1), outChannels: 32 };
    const x = random(2 * 40 * 40 * 32);
    const filter = random(3 * 3 * 32);
    const bias = random(32);
    const [one, two] = bothWays(() => depthwiseConv2d(kernels, x, filter, g, { bias, activation: 'relu' }));
    expect(two).toEqual(one);
  });

  it('grouped conv2d gives the single-thread result exactly', () => {
    const g = geometry(28, 64, 64, 3, 1, 1);
    const packed = packGroupedConv2DFilter(kernels, random(3 * 3 * 8 * 64), g, 8);
    const x = random(2 * 28 * 28 * 64);
    const bias = random(64);
    const [one, two] = bothWays(() => groupedConv2d(kernels, x, packed, g, { bias, activation: 'relu' }));
    expect(two).toEqual(one);
  });

  it('winograd conv2d gives the single-thread result exactly (odd sizes: blocks split differently)', () => {
    const g = geometry(29, 32, 20, 3, 1, 1);
    const packed = packWinogradFilter(kernels, random(3 * 3 * 32 * 20), g);
    const x = random(2 * 29 * 29 * 32);
    const bias = random(20);
    const [one, two] = bothWays(() => winogradConv2d(kernels, x, packed, g, { bias, activation: 'relu6' }));
    expect(two).toEqual(one);
  });

  it('max and average pooling give the single-thread result exactly', () => {
    const g = pool2dGeometry({ inputShape: [2, 56, 56, 48], poolSize: 3, strides: 2, padding: 'same' });
    const x = random(2 * 56 * 56 * 48);
    const [maxOne, maxTwo] = bothWays(() => maxPool2d(kernels, x, g));
    expect(maxTwo).toEqual(maxOne);
    const [avgOne, avgTwo] = bothWays(() => avgPool2d(kernels, x, g));
    expect(avgTwo).toEqual(avgOne);
  });

  it('matmul by rows (batch of rows) and by column panels (one row) gives the single-thread result', () => {
    const a = random(64 * 300);
    const b = random(300 * 200);
    const [one, two] = bothWays(() => batchMatMul(kernels, a, [64, 300], b, [300, 200], {}, { activation: 'relu' }).values);
    expect(two).toEqual(one);
    const row = random(2 * 4000);
    const wide = random(4000 * 600);
    const bias = random(600);
    const [rowOne, rowTwo] = bothWays(
      () => batchMatMul(kernels, row, [2, 4000], wide, [4000, 600], {}, { bias, activation: 'leakyrelu' }).values,
    );
    expect(rowTwo).toEqual(rowOne);
  });

  it('binary ops in every broadcast mode give the single-thread result exactly, split across threads', () => {
    const shape = [1, 112, 112, 24];
    const n = 112 * 112 * 24;
    const full = random(n);
    const other = random(n);
    const vector = random(24).map((v) => v + 2);
    const cases: Array<[Parameters<typeof binary>[1], Float32Array, number[], Float32Array, number[]]> = [
      ['add', full, shape, other, shape],
      ['mul', full, shape, vector, [24]],
      ['sub', new Float32Array([3]), [], full, shape],
      ['div', vector, [1, 1, 1, 24], full, shape],
    ];
    const parts = partsUsed('binaryRange', () => {
      for (const [op, a, aShape, b, bShape] of cases) {
        const plan = planBroadcast(aShape, bShape)!;
        const [one, two] = bothWays(() => binary(kernels, op, a, b, plan));
        // The first differing index (-1: none): a failing toEqual on 300K floats takes minutes to diff.
        expect(two.findIndex((v, i) => !Object.is(v, one[i])), op).toBe(-1);
      }
    });
    // One call per case and thread count: 1 part on one thread, 2 on two.
    expect(parts).toEqual([1, 2, 1, 2, 1, 2, 1, 2]);
  });

  it('conv2d backprop input and filter match the single-thread result', () => {
    const g = geometry(28, 16, 32, 3, 1, 1);
    const dy = random(2 * 28 * 28 * 32);
    const packed = packConv2DBackpropInputFilter(kernels, random(3 * 3 * 16 * 32), g);
    const [dxOne, dxTwo] = bothWays(() => conv2dBackpropInput(kernels, dy, packed, g));
    expect(dxTwo).toEqual(dxOne);
    const x = random(2 * 28 * 28 * 16);
    // Threads sum their pixel ranges separately, so the order of additions differs.
    const [dwOne, dwTwo] = bothWays(() => conv2dBackpropFilter(kernels, x, dy, g));
    expect(maxRelativeError(dwTwo, dwOne)).toBeLessThan(1e-5);
  });

  it('depthwise backprop input (the forward kernel over dy) gives the single-thread result exactly', () => {
    // Stride 2 (dy with holes), and a channel multiplier of 2 (each input channel sums two).
    const parts = partsUsed('depthwiseConv2d', () => {
      for (const [mult, stride] of [[1, 2], [2, 1]] as const) {
        const g = geometry(56, 24, 24 * mult, 3, stride, 1);
        const dy = random(2 * g.outHeight * g.outWidth * g.outChannels);
        const filter = random(3 * 3 * g.outChannels);
        const [one, two] = bothWays(() => depthwiseConv2dBackpropInput(kernels, dy, filter, g));
        expect(two.findIndex((v, i) => v !== one[i])).toBe(-1);
      }
    });
    expect(parts).toEqual([1, 2, 1, 2]);
  });

  it('depthwise backprop filter splits output rows and matches the single-thread result', () => {
    const parts = partsUsed('depthwiseConv2dBackpropFilterRows', () => {
      for (const [mult, stride] of [[1, 2], [2, 1]] as const) {
        const g = geometry(56, 24, 24 * mult, 3, stride, 1);
        const x = random(2 * 56 * 56 * 24);
        const dy = random(2 * g.outHeight * g.outWidth * g.outChannels);
        const [one, two] = bothWays(() => depthwiseConv2dBackpropFilter(kernels, x, dy, g));
        // Each part sums its rows apart, so the order of additions differs.
        expect(maxRelativeError(two, one)).toBeLessThan(1e-5);
      }
    });
    expect(parts).toEqual([1, 2, 1, 2]);
  });

  it('max and average pooling gradients split channels and give the single-thread result exactly', () => {
    // 38 channels: the last part has a scalar tail; 3×3/2 windows overlap in dx.
    const g = pool2dGeometry({ inputShape: [2, 57, 57, 38], poolSize: 3, strides: 2, padding: 'same' });
    const x = random(2 * 57 * 57 * 38);
    const dy = random(2 * g.outHeight * g.outWidth * 38);
    const parts = partsUsed('maxPoolGrad', () => {
      const [one, two] = bothWays(() => maxPoolGrad(kernels, dy, x, g));
      expect(two.findIndex((v, i) => v !== one[i])).toBe(-1);
    });
    expect(parts).toEqual([1, 2]);
    const avgParts = partsUsed('avgPoolGrad', () => {
      const [one, two] = bothWays(() => avgPoolGrad(kernels, dy, g));
      expect(two.findIndex((v, i) => v !== one[i])).toBe(-1);
    });
    expect(avgParts).toEqual([1, 2]);
  });

  it('layout and indexing kernels give the single-thread result exactly, split across threads', () => {
    const shape = [1, 64, 128, 128];
    const n = 64 * 128 * 128;
    const x = random(n);
    const ints = Int32Array.from(x, (v) => Math.round(v * 1000));
    const condition = Uint8Array.from(x, (v) => (v > 0 ? 1 : 0));
    const rows = Int32Array.from({ length: 5000 }, (_, i) => (i * 37) % 8192);
    const cases: Array<[string, () => ArrayLike<number>]> = [
      ['transposeStrided', () => transpose(kernels, x, shape, [0, 2, 3, 1])],
      ['copyStrided', () => slice(kernels, ints, shape, [0, 0, 1, 1], [1, 64, 127, 127])],
      ['concat', () => concat(kernels, [x, x.subarray(0, n / 2)], 64)],
      ['split', () => split(kernels, x, 128, [4096, 4096])[1]!],
      ['gather', () => gather(kernels, x, [8192, 128], rows, [5000], 0)],
      ['select', () => select(kernels, condition, x, x.map((v) => -v))],
      ['cast', () => cast(kernels, x.map((v) => v * 1e4), 'int32')],
      ['topK', () => topK(kernels, x, 512, 300).indices],
      ['cropAndResize', () => cropAndResize(kernels, x, [1, 128, 128, 64], Float32Array.of(0, 0, 1, 1, 0.1, 0.2, 0.9, 0.7), Int32Array.of(0, 0), [96, 96])],
    ];
    for (const [name, run] of cases) {
      let two: ArrayLike<number> = [];
      let one: ArrayLike<number> = [];
      const parts = partsUsed(name, () => {
        kernels.setThreads(1);
        one = Array.from(run());
        kernels.setThreads(2);
        two = Array.from(run());
      });
      expect(parts, name).toEqual([1, 2]);
      expect(Array.from(two).findIndex((v, i) => !Object.is(v, one[i])), name).toBe(-1);
    }
  });

  it('takes back the part of a worker that never wakes up, for dynamic and static jobs alike', () => {
    // A worker that reports ready and then never serves a job: before the gate, run() waited for
    // it forever.
    const stalled = new ThreadPool(new ArrayBuffer(0), kernels.memory, kernels.exports, (init) => {
      new Int32Array(init.control)[init.slot + 4] = 1;
      return { terminate: () => undefined };
    }, 2);
    const g = pool2dGeometry({ inputShape: [2, 32, 32, 16], poolSize: 3, strides: 1, padding: 'same' });
    const x = random(2 * 32 * 32 * 16);
    const expected = maxPool2d(kernels, x, g);
    const { arena } = kernels;
    arena.reset();
    const xPtr = arena.allocFrom(x);
    const out = arena.alloc(x.length);
    const args = [xPtr, out, 0, 2, 32, 32, 16, 32, 32, 3, 3, 1, 1, 1, 1];
    for (const split of ['dynamic', 'static'] as const) {
      arena.f32(out, x.length).fill(Number.NaN);
      expect(stalled.run('pool2d', args, 64, 1, MIN_PARALLEL_WORK, split)).toBe(2);
      expect(arena.read(out, x.length)).toEqual(expected);
    }
  });

  it('lets idle workers sleep instead of spinning', async () => {
    kernels.setThreads(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = process.cpuUsage();
    const wall = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const used = process.cpuUsage(before);
    const cpuMs = (used.user + used.system) / 1000;
    const wallMs = performance.now() - wall;
    // A spinning worker would burn a whole core for the whole wait.
    expect(cpuMs).toBeLessThan(wallMs / 2);
  });

  it('polls for spinMicroseconds before sleeping, with the same results at any setting', () => {
    expect(kernels.spinMicroseconds).toBe(200);
    const g = geometry(20, 16, 24, 3, 1, 1);
    const packed = packConv2DFilter(kernels, random(3 * 3 * 16 * 24), g);
    const x = random(2 * 20 * 20 * 16);
    kernels.setThreads(2);
    const polled = conv2d(kernels, x, packed, g);
    kernels.spinMicroseconds = 0;
    try {
      expect(conv2d(kernels, x, packed, g)).toEqual(polled);
    } finally {
      kernels.spinMicroseconds = 200;
    }
    expect(() => {
      kernels.spinMicroseconds = -1;
    }).toThrow('spinMicroseconds: got -1, expected an integer from 0 to 1000000');
    expect(kernels.spinMicroseconds).toBe(200);
  });

  it('validates the thread count and needs the shared-memory build for more than one', async () => {
    expect(() => kernels.setThreads(0)).toThrow(/threads: got 0/);
    expect(() => kernels.setThreads(1.5)).toThrow(/threads: got 1.5/);
    const single = await loadKernels({ variant: 'simd', sharedMemory: false });
    expect(single.sharedMemory).toBe(false);
    expect(single.threads).toBe(1);
    expect(() => single.setThreads(2)).toThrow(/without shared memory/);
    await expect(loadKernels({ sharedMemory: false, threads: 2 })).rejects.toThrow(/threads: 2 needs the shared-memory build/);
  });
});

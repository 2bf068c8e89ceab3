// The typed API of the pooling, reduction, layout and elementwise kernels on its own (no tfjs):
// against direct loops written from the definitions on random shapes, plus argument errors.
// (The backend's tests compare the same kernels with tfjs's cpu backend.)
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  avgPool2d, binary, concat, type FoveaKernels, loadKernels, maxPool2d, pad, planBroadcast, pool2dGeometry,
  reduce, reductionPlan, softmax,
} from './index.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd' });
});

const random = (n: number) => Float32Array.from({ length: n }, () => Math.fround(Math.random() * 2 - 1));
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b[i]!)));
};

describe('pooling', () => {
  it('matches direct loops with TF same/valid padding', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 21 }),
        fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom('same', 'valid') as fc.Arbitrary<'same' | 'valid'>,
        (h, w, c, k, s, padding) => {
          fc.pre(padding === 'same' || (k <= h && k <= w));
          const x = random(h * w * c);
          const g = pool2dGeometry({ inputShape: [1, h, w, c], poolSize: k, strides: s, padding });
          const expectedMax: number[] = [];
          const expectedAvg: number[] = [];
          for (let oy = 0; oy < g.outHeight; oy++) {
            for (let ox = 0; ox < g.outWidth; ox++) {
              for (let ch = 0; ch < c; ch++) {
                let best = Number.NEGATIVE_INFINITY;
                let sum = 0;
                let count = 0;
                for (let ky = 0; ky < k; ky++) {
                  for (let kx = 0; kx < k; kx++) {
                    const y = oy * s - g.padTop + ky;
                    const xx = ox * s - g.padLeft + kx;
                    if (y < 0 || y >= h || xx < 0 || xx >= w) continue;
                    const v = x[(y * w + xx) * c + ch]!;
                    best = Math.max(best, v);
                    sum += v;
                    count++;
                  }
                }
                expectedMax.push(best);
                expectedAvg.push(sum / count);
              }
            }
          }
          close(maxPool2d(kernels, x, g), expectedMax, 0);
          close(avgPool2d(kernels, x, g), expectedAvg);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('puts the odd row of same padding at the bottom, as TensorFlow does', () => {
    const g = pool2dGeometry({ inputShape: [1, 4, 4, 1], poolSize: 2, strides: 2, padding: 'same' });
    expect([g.padTop, g.padLeft, g.outHeight]).toEqual([0, 0, 2]);
    const odd = pool2dGeometry({ inputShape: [1, 5, 5, 1], poolSize: 2, strides: 2, padding: 'same' });
    expect([odd.padTop, odd.outHeight]).toEqual([0, 3]);
  });
});

describe('reduce, softmax, pad, concat, binary', () => {
  it('reduces a middle block (global pooling) and an inner one like direct sums', () => {
    const x = random(3 * 5 * 7);
    const block = reductionPlan([3, 5, 7], [1]);
    const sums = Array.from({ length: 21 }, (_, i) => {
      const [o, c] = [Math.floor(i / 7), i % 7];
      let s = 0;
      for (let r = 0; r < 5; r++) s += x[(o * 5 + r) * 7 + c]!;
      return s;
    });
    close(reduce(kernels, x, 'sum', block), sums);
    close(reduce(kernels, x, 'mean', block), sums.map((s) => s / 5));
    const rowMax = Array.from({ length: 15 }, (_, r) => Math.max(...x.subarray(r * 7, r * 7 + 7)));
    close(reduce(kernels, x, 'max', reductionPlan([3, 5, 7], [-1])), rowMax, 0);
    expect(reductionPlan([3, 5, 7], [0, 2])).toMatchObject({ outer: 5, keptStride: 7, inner: 1, run: 7, reducedCount: 3, reducedStride: 35, reducedOffsets: null });
  });

  it('softmax rows sum to one and follow exp(x - max) / sum', () => {
    const x = random(4 * 9).map((v) => v * 30);
    const out = softmax(kernels, x, 9);
    for (let r = 0; r < 4; r++) {
      const row = Array.from(x.subarray(r * 9, r * 9 + 9));
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      close(out.subarray(r * 9, r * 9 + 9), e.map((v) => v / s), 1e-6);
    }
  });

  it('pads and concatenates like index arithmetic', () => {
    const x = random(2 * 3);
    const padded = pad(kernels, x, [2, 3], [[1, 0], [0, 2]], 5);
    const expected = [5, 5, 5, 5, 5, x[0]!, x[1]!, x[2]!, 5, 5, x[3]!, x[4]!, x[5]!, 5, 5];
    close(padded, expected, 0);
    const a = random(4);
    const b = random(6);
    close(concat(kernels, [a, b], 2), [a[0]!, a[1]!, b[0]!, b[1]!, b[2]!, a[2]!, a[3]!, b[3]!, b[4]!, b[5]!], 0);
  });

  it('broadcasts a channel vector, a scalar, and rows against columns', () => {
    const a = random(6 * 5);
    const v = random(5);
    const plan = planBroadcast([2, 3, 5], [5])!;
    expect([plan.outerShape, plan.inner, plan.mode, plan.bStrides]).toEqual([[6], 5, 'same', [0]]);
    close(binary(kernels, 'sub', a, v, plan), Array.from(a, (x, i) => Math.fround(x - v[i % 5]!)), 0);
    const scalar = planBroadcast([], [2, 3, 5])!;
    expect([scalar.outerShape, scalar.mode]).toEqual([[], 'aScalar']);
    close(binary(kernels, 'mul', new Float32Array([3]), a, scalar), Array.from(a, (x) => Math.fround(3 * x)), 0);
    const rows = random(2 * 5);
    const columns = random(3);
    const general = planBroadcast([2, 1, 5], [3, 1])!;
    expect([general.outShape, general.outerShape, general.inner, general.mode]).toEqual([[2, 3, 5], [2, 3], 5, 'bScalar']);
    const expected = Array.from({ length: 30 }, (_, i) => Math.fround(rows[Math.floor(i / 15) * 5 + (i % 5)]! + columns[Math.floor(i / 5) % 3]!));
    close(binary(kernels, 'add', rows, columns, general), expected, 0);
    expect(planBroadcast([2, 5], [3, 1])).toBeNull();
  });
});

describe('argument errors name the argument, the value and the expectation', () => {
  it('rejects bad inputs', () => {
    const g = pool2dGeometry({ inputShape: [1, 4, 4, 2], poolSize: 2 });
    expect(() => maxPool2d(kernels, new Float32Array(3), g)).toThrow(/^x: got 3 values, expected 32/);
    expect(() => pool2dGeometry({ inputShape: [1, 4, 4, 2], poolSize: 2, padding: 'full' as 'same' })).toThrow(
      /padding: got 'full', expected 'valid' or 'same'/,
    );
    expect(() => pool2dGeometry({ inputShape: [1, 2, 2, 1], poolSize: 3 })).toThrow(/poolSize: got \[3, 3\]/);
    expect(() => softmax(kernels, new Float32Array(5), 2)).toThrow(/x: got 5 values, expected a multiple of n \(2\)/);
    expect(() => pad(kernels, new Float32Array(2), [2], [[1, 1], [0, 0]])).toThrow(/paddings: got 2 pairs/);
    expect(() => reduce(kernels, new Float32Array(4), 'median' as 'max', reductionPlan([4], [0]))).toThrow(/op: got 'median'/);
    expect(() => binary(kernels, 'add', new Float32Array(2), new Int32Array(2), planBroadcast([2], [2])!)).toThrow(/b: got a int32 array, expected float32/);
    expect(() => binary(kernels, 'add', new Float32Array(3), new Float32Array(2), planBroadcast([2], [2])!)).toThrow(/a: got 3 values, expected 2/);
  });
});

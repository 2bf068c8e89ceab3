// The typed API of the counting, sampling and search kernels on its own (no tfjs): Bincount,
// Multinomial, Diag, SearchSorted and Unique against their definitions. (The backend's tests
// compare each with tfjs's cpu backend.)
import { beforeAll, describe, expect, it } from 'vitest';
import { bincount, diag, type FoveaKernels, loadKernels, multinomial, searchSorted, unique } from './index.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd', sharedMemory: false });
});

describe('counting, sampling and search', () => {
  it('bincount counts, weighs, skips values past size and refuses negatives', () => {
    const x = Int32Array.from([0, 3, 3, 7, 1, 3]);
    expect(Array.from(bincount(kernels, x, 1, 6, 5, null, 'int32'))).toEqual([1, 1, 0, 3, 0]);
    const weights = Float32Array.from([0.5, 1, 2, 9, 4, 0.25]);
    expect(Array.from(bincount(kernels, x, 1, 6, 5, weights, 'float32'))).toEqual([0.5, 4, 0, 3.25, 0]);
    expect(Array.from(bincount(kernels, x, 2, 3, 4, null, 'int32', true))).toEqual([1, 0, 0, 1, 0, 1, 0, 1]);
    expect(() => bincount(kernels, Int32Array.from([1, -1]), 1, 2, 3, null, 'int32')).toThrow('Input x must be non-negative!');
  });

  it('multinomial draws each row from a generator restarted at the seed, by its running sums', () => {
    // Alea's next(), as seedrandom writes it.
    const state = { c: 1, s0: 0.25, s1: 0.5, s2: 0.75 };
    const draws: number[] = [];
    const s = { ...state };
    for (let i = 0; i < 20; i++) {
      const t = 2091639 * s.s0 + s.c * 2.3283064365386963e-10;
      s.s0 = s.s1;
      s.s1 = s.s2;
      s.c = t | 0;
      s.s2 = t - s.c;
      draws.push(s.s2);
    }
    const probabilities = Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.7, 0.1, 0.1, 0.1]);
    const out = multinomial(kernels, probabilities, 2, 4, 20, true, state);
    const pick = (row: number, r: number) => {
      let cdf = 0;
      for (let e = 0; e < 3; e++) {
        cdf = Math.fround(cdf + probabilities[row * 4 + e]!);
        if (r < cdf) return e;
      }
      return 3;
    };
    expect(Array.from(out)).toEqual([...draws.map((r) => pick(0, r)), ...draws.map((r) => pick(1, r))]);
  });

  it('diag, searchSorted and unique match their definitions', () => {
    expect(Array.from(diag(kernels, Int32Array.from([4, 5, 6])))).toEqual([4, 0, 0, 0, 5, 0, 0, 0, 6]);
    const sorted = Float32Array.from([1, 2, 2, 5, 0, 0, 3, 9]);
    const values = Float32Array.from([2, 6, 0, 0, 3, 10]);
    expect(Array.from(searchSorted(kernels, sorted, values, 2, 'left'))).toEqual([1, 4, 0, 0, 2, 4]);
    expect(Array.from(searchSorted(kernels, sorted, values, 2, 'right'))).toEqual([3, 4, 0, 2, 3, 4]);
    const x = Float32Array.from([3, -0, Number.NaN, 0, 3, Number.NaN, 7]);
    const { values: u, count, indices } = unique(kernels, x, 1, 7, 1);
    expect([Array.from(u), count, Array.from(indices)]).toEqual([[3, -0, Number.NaN, 7], 4, [0, 1, 2, 1, 0, 2, 3]]);
    // Columns of a 2×4 matrix (axis 1): slices [a, b] compared whole.
    const m = Int32Array.from([1, 2, 1, 2, 5, 6, 5, 7]);
    const columns = unique(kernels, m, 2, 4, 1);
    expect([Array.from(columns.values), columns.count, Array.from(columns.indices)]).toEqual([[1, 2, 2, 5, 6, 7], 3, [0, 1, 0, 2]]);
  });
});

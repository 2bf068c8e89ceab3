// topK on its own (no tfjs) against a stable sort, for both of its passes (a heap for small k,
// quickselect for large), ties, NaN and int32. The backend's test compares it with tfjs's cpu.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type FoveaKernels, loadKernels, topK } from './index.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd' });
});

describe('topK', () => {
  it('matches a stable sort by value (descending, NaN first) for small and large k', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2000 }), fc.nat(2000), fc.boolean(), fc.boolean(), (rows, n, kSeed, ints, ties) => {
        const k = kSeed % (n + 1);
        const values = Array.from({ length: rows * n }, (_, i) => {
          const v = Math.sin(i * 12.9898) * 43758.5453;
          const f = v - Math.floor(v);
          if (!ints && i % 97 === 5) return Number.NaN;
          return ties ? Math.round(f * 5) : ints ? Math.round(f * 1e6) - 5e5 : f - 0.5;
        });
        const x = ints ? Int32Array.from(values) : Float32Array.from(values);
        const { values: top, indices } = topK(kernels, x, n, k);
        for (let r = 0; r < rows; r++) {
          const row = Array.from(x.subarray(r * n, (r + 1) * n), (value, index) => ({ value, index }));
          row.sort((a, b) => (Number.isNaN(a.value) ? (Number.isNaN(b.value) ? a.index - b.index : -1) : Number.isNaN(b.value) ? 1 : b.value - a.value || a.index - b.index));
          expect(Array.from(indices.subarray(r * k, (r + 1) * k))).toEqual(row.slice(0, k).map((e) => e.index));
          expect(Array.from(top.subarray(r * k, (r + 1) * k))).toEqual(row.slice(0, k).map((e) => e.value));
        }
      }),
      { numRuns: 150 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { numpyArange, numpyMean, numpySum, numpySumAxis0, numpySumAxis1 } from './numpy_support.js';

describe('numpy arithmetic', () => {
  it("gives np.arange(0.05, 0.99, 0.05), TrackEval's alphas, to the last bit", () => {
    // Printed by numpy 2.4.6: [repr(float(a)) for a in np.arange(0.05, 0.99, 0.05)].
    expect(numpyArange(0.05, 0.99, 0.05)).toEqual([
      0.05, 0.1, 0.15000000000000002, 0.2, 0.25, 0.3, 0.35000000000000003, 0.4, 0.45, 0.5, 0.55, 0.6000000000000001, 0.6500000000000001,
      0.7000000000000001, 0.7500000000000001, 0.8, 0.8500000000000001, 0.9000000000000001, 0.9500000000000001,
    ]);
  });

  it('sums pairwise from 8 elements on, sequentially below', () => {
    // 1, then eight times 2⁻⁵³ (u = 2⁻⁵²). Added in order each 2⁻⁵³ is lost against 1 (a tie,
    // rounded to even). numpy's eight partial sums are the first eight values, combined as
    // ((1 + 2⁻⁵³ → 1) + u) + (u + u) = 1 + 3u; the ninth value then makes 1 + 3.5u, a tie rounded
    // to even: 1 + 4u. np.sum([1.0] + [2**-53] * 8) is 1.0000000000000009 = 1 + 4u (numpy 2.4.6).
    const values = [1, ...Array(8).fill(2 ** -53)];
    expect(numpySum(values)).toBe(1 + 4 * 2 ** -52);
    expect(numpySum(values.slice(0, 5))).toBe(1);
    expect(numpyMean([1, 2, 3, 4])).toBe(2.5);
  });

  it('adds along axis 0 row after row, along axis 1 pairwise', () => {
    // [[1], [2⁻⁵³] × 8] as a column is pairwise (one column); as 9 × 2 it is row after row.
    const column = [1, ...Array(8).fill(2 ** -53)];
    expect(numpySumAxis0(column, 9, 1)[0]).toBe(1 + 4 * 2 ** -52);
    const twoColumns = column.flatMap((x) => [x, x]);
    expect([...numpySumAxis0(twoColumns, 9, 2)]).toEqual([1, 1]);
    expect([...numpySumAxis1(column, 1, 9)]).toEqual([1 + 4 * 2 ** -52]);
  });
});

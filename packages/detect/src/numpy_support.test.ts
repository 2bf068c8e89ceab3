import { describe, expect, it } from 'vitest';
import { COCO_IOU_THRESHOLDS, COCO_RECALL_THRESHOLDS } from './coco_eval.js';
import { argsortDescendingStable, linspace, numpyArange, numpyMean, numpySum, numpySumAxis0, numpySumAxis1 } from './numpy_support.js';
import { VOC2007_RECALL_POINTS } from './voc_eval.js';

// Expected values printed by numpy 1.24.2 (/usr/bin/python3), e.g.
//   python3 -c "import numpy as np; print([repr(float(v)) for v in np.linspace(.5, .95, 10)])"
describe('linspace', () => {
  it("gives COCOeval's IoU thresholds as numpy does", () => {
    expect(COCO_IOU_THRESHOLDS).toEqual([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95]);
    expect(COCO_IOU_THRESHOLDS[8]).toBe(0.8999999999999999);
    // summarize() finds .5 and .75 by equality: they must be exact.
    expect(COCO_IOU_THRESHOLDS.indexOf(0.5)).toBe(0);
    expect(COCO_IOU_THRESHOLDS.indexOf(0.75)).toBe(5);
  });

  it("gives COCOeval's 101 recall points as numpy does", () => {
    // ' '.join(repr(float(v)) for v in np.linspace(0, 1, 101))
    const numpy =
      '0.0 0.01 0.02 0.03 0.04 0.05 0.06 0.07 0.08 0.09 0.1 0.11 0.12 0.13 0.14 0.15 0.16 0.17 0.18 0.19 0.2 0.21 0.22 0.23 0.24 0.25 0.26 0.27 0.28 0.29 0.3 0.31 0.32 0.33 0.34 0.35000000000000003 0.36 0.37 0.38 0.39 0.4 0.41000000000000003 0.42 0.43 0.44 0.45 0.46 0.47000000000000003 0.48 0.49 0.5 0.51 0.52 0.53 0.54 0.55 0.56 0.5700000000000001 0.58 0.59 0.6 0.61 0.62 0.63 0.64 0.65 0.66 0.67 0.68 0.6900000000000001 0.7000000000000001 0.71 0.72 0.73 0.74 0.75 0.76 0.77 0.78 0.79 0.8 0.81 0.8200000000000001 0.8300000000000001 0.84 0.85 0.86 0.87 0.88 0.89 0.9 0.91 0.92 0.93 0.9400000000000001 0.9500000000000001 0.96 0.97 0.98 0.99 1.0';
    expect(COCO_RECALL_THRESHOLDS).toEqual(numpy.split(' ').map(Number));
    expect(COCO_RECALL_THRESHOLDS[35]).toBe(0.35000000000000003);
  });

  it("gives VOC2007's 11 recall points as np.arange(0., 1.1, 0.1) does", () => {
    expect(VOC2007_RECALL_POINTS).toEqual([0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6000000000000001, 0.7000000000000001, 0.8, 0.9, 1]);
  });

  it('handles 0, 1 and 2 points', () => {
    expect(linspace(0, 1, 0)).toEqual([]);
    expect(linspace(3, 7, 1)).toEqual([3]);
    expect(linspace(2, 3, 2)).toEqual([2, 3]);
  });
});

describe('numpySum / numpyMean', () => {
  // x = 1 / np.arange(1, n + 1); repr(float(np.sum(x))), and a Python loop for the sequential sum.
  const cases: Array<[n: number, numpySum: number, sequential: number, numpyMean: number]> = [
    [5, 2.283333333333333, 2.283333333333333, 0.45666666666666667],
    [100, 5.187377517639621, 5.187377517639621, 0.05187377517639621],
    [1000, 7.485470860550345, 7.485470860550343, 0.007485470860550345],
    // Past numpy's 8192-element buffer: the blocks' pairwise sums are added in turn.
    [8193, 9.588312101508468, 9.588312101508423, 0.0011703053950333781],
    [20000, 10.480728217229329, 10.48072821722932, 0.0005240364108614665],
  ];
  it.each(cases)('adds 1/1 … 1/%i as numpy does, not in sequence', (n, sum, sequential, mean) => {
    const values = Float64Array.from({ length: n }, (_, i) => 1 / (i + 1));
    expect(numpySum(values)).toBe(sum);
    expect(numpyMean(values)).toBe(mean);
    let loop = 0;
    for (const v of values) loop += v;
    expect(loop).toBe(sequential);
  });
});

describe('argsortDescendingStable', () => {
  it('sorts by descending score and keeps ties in input order', () => {
    expect(argsortDescendingStable([0.5, 0.9, 0.5, 0.9, 0.1, 0.5])).toEqual([1, 3, 0, 2, 5, 4]);
  });
});

describe('numpy arithmetic of the tracking metrics', () => {
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

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linearSumAssignment, thresholdedAssignment } from './assignment.js';

/** Every assignment of min(n, m) pairs, scored as (allowed pairs, their total cost). */
function bruteForce(cost: number[][], maximize = false): { count: number; total: number } {
  const rows = cost.length;
  const cols = cost[0]?.length ?? 0;
  const tall = rows > cols;
  const n = tall ? cols : rows;
  const m = tall ? rows : cols;
  const at = (i: number, j: number) => (tall ? cost[j]![i]! : cost[i]![j]!);
  const allowed = (x: number) => !Number.isNaN(x) && x !== (maximize ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY);
  let best = { count: -1, total: 0 };
  const used = new Array<boolean>(m).fill(false);
  const visit = (i: number, count: number, total: number) => {
    if (i === n) {
      const better = maximize ? total > best.total : total < best.total;
      if (count > best.count || (count === best.count && better)) best = { count, total };
      return;
    }
    for (let j = 0; j < m; j++) {
      if (used[j]) continue;
      used[j] = true;
      const x = at(i, j);
      if (allowed(x)) visit(i + 1, count + 1, total + x);
      else visit(i + 1, count, total);
      used[j] = false;
    }
  };
  visit(0, 0, 0);
  return n === 0 ? { count: 0, total: 0 } : best;
}

function scoreOf(cost: number[][], result: { rowIndices: Int32Array; colIndices: Int32Array }): { count: number; total: number } {
  let total = 0;
  for (let k = 0; k < result.rowIndices.length; k++) total += cost[result.rowIndices[k]!]![result.colIndices[k]!]!;
  return { count: result.rowIndices.length, total };
}

function expectValidAssignment(cost: number[][], result: { rowIndices: Int32Array; colIndices: Int32Array }) {
  const rows = [...result.rowIndices];
  const cols = [...result.colIndices];
  expect(new Set(rows).size).toBe(rows.length);
  expect(new Set(cols).size).toBe(cols.length);
  expect(rows).toEqual([...rows].sort((a, b) => a - b));
  for (let k = 0; k < rows.length; k++) {
    const x = cost[rows[k]!]![cols[k]!]!;
    expect(Number.isNaN(x) || x === Number.POSITIVE_INFINITY, `pair (${rows[k]}, ${cols[k]}) is forbidden`).toBe(false);
  }
}

describe('linearSumAssignment against scipy', () => {
  // test/fixtures/lsa_scipy.json comes from scipy.optimize.linear_sum_assignment (scipy 1.17.1) on
  // seeded random matrices: `python3 scripts/lsa_fixtures.py` in packages/track writes it.
  const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/lsa_scipy.json', import.meta.url), 'utf8')) as {
    scipy: string;
    cases: Array<{ kind: string; cost: Array<Array<number | null>>; rows: number[]; cols: number[]; total: number }>;
  };

  it('was made by scipy 1.17', () => {
    expect(fixture.scipy).toMatch(/^1\.17\./);
    expect(fixture.cases.length).toBeGreaterThan(100);
  });

  it('gives the same pairs, ties included, on matrices without forbidden entries', () => {
    const cases = fixture.cases.filter((c) => c.kind !== 'inf');
    expect(cases.some((c) => c.kind === 'ties')).toBe(true);
    for (const [index, c] of cases.entries()) {
      const cost = c.cost as number[][];
      const result = linearSumAssignment(cost);
      expect([...result.rowIndices], `case ${index} (${c.kind}, ${cost.length}×${cost[0]!.length})`).toEqual(c.rows);
      expect([...result.colIndices], `case ${index} (${c.kind}, ${cost.length}×${cost[0]!.length})`).toEqual(c.cols);
    }
  });

  it('finds as many pairs and the same total where scipy meets +inf entries', () => {
    const cases = fixture.cases.filter((c) => c.kind === 'inf');
    expect(cases.length).toBe(20);
    for (const c of cases) {
      const cost = c.cost.map((row) => row.map((x) => x ?? Number.POSITIVE_INFINITY));
      const result = linearSumAssignment(cost);
      expectValidAssignment(cost, result);
      expect(result.rowIndices.length).toBe(c.rows.length);
      expect(scoreOf(cost, result).total).toBeCloseTo(c.total, 12);
    }
  });
});

describe('linearSumAssignment against brute force', () => {
  const entry = fc.oneof(
    { weight: 6, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY) },
  );
  const matrix = fc
    .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
    .chain(([rows, cols]) => fc.array(fc.array(entry, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }));

  it('assigns the most allowed pairs at the least total cost (random matrices up to 6×6, forbidden entries)', () => {
    fc.assert(
      fc.property(matrix, (cost) => {
        const result = linearSumAssignment(cost);
        expectValidAssignment(cost, result);
        const best = bruteForce(cost);
        const got = scoreOf(cost, result);
        expect(got.count).toBe(best.count);
        expect(got.total).toBeCloseTo(best.total, 9);
      }),
      { numRuns: 400 },
    );
  });

  it('maximises with maximize: true', () => {
    const finite = fc
      .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
      .chain(([rows, cols]) =>
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
      );
    fc.assert(
      fc.property(finite, (cost) => {
        const result = linearSumAssignment(cost, { maximize: true });
        expect(scoreOf(cost, result).total).toBeCloseTo(bruteForce(cost, true).total, 9);
      }),
      { numRuns: 200 },
    );
  });
});

describe('linearSumAssignment', () => {
  it('keeps a match rather than a cheaper assignment with fewer allowed pairs', () => {
    // Rows 0 and 1 both want column 0; 1 + 100 (two pairs) beats 0 (one pair, one forbidden).
    const cost = [
      [0, Number.NaN],
      [1, 100],
    ];
    const { rowIndices, colIndices } = linearSumAssignment(cost);
    expect([...rowIndices]).toEqual([0, 1]);
    expect([...colIndices]).toEqual([0, 1]);
  });

  it('leaves rows unassigned whose entries are all forbidden', () => {
    const inf = Number.POSITIVE_INFINITY;
    const { rowIndices, colIndices } = linearSumAssignment([
      [inf, inf, inf],
      [3, 1, inf],
      [inf, inf, inf],
    ]);
    expect([...rowIndices]).toEqual([1]);
    expect([...colIndices]).toEqual([1]);
  });

  it('takes a flat row-major matrix and returns tall results by row', () => {
    // 3×2, solved transposed: row 2 takes column 0 (cost 0), row 0 column 1 (cost 1).
    const { rowIndices, colIndices } = linearSumAssignment({ rows: 3, cols: 2, data: [5, 1, 4, 4, 0, 9] });
    expect([...rowIndices]).toEqual([0, 2]);
    expect([...colIndices]).toEqual([1, 0]);
  });

  it('accepts empty matrices', () => {
    expect(linearSumAssignment([]).rowIndices.length).toBe(0);
    expect(linearSumAssignment({ rows: 3, cols: 0, data: [] }).rowIndices.length).toBe(0);
  });

  it('names the bad entry', () => {
    expect(() => linearSumAssignment([[1, Number.NEGATIVE_INFINITY]])).toThrow(/cost\[0\]\[1\] is -Infinity/);
    expect(() => linearSumAssignment([[1, 2], [3]])).toThrow(/cost\[1\] has 1 entries; expected 2/);
    expect(() => linearSumAssignment([[1, '2' as unknown as number]])).toThrow(/cost\[0\]\[1\] is 2; expected a number/);
    expect(() => linearSumAssignment({ rows: 2, cols: 2, data: [1, 2, 3] })).toThrow(/rows \* cols = 4/);
  });
});

describe('thresholdedAssignment', () => {
  /** The least total of (cost − limit) over all matchings that use only pairs below the limit. */
  function bestBelow(cost: number[][], limit: number): number {
    const clipped = cost.map((row) => row.map((c) => (c < limit ? c - limit : 0)));
    const all = bruteForce(clipped);
    return all.total;
  }

  it('finds the least total of (cost − maxCost) over pairs below maxCost (random matrices up to 6×6)', () => {
    const matrix = fc
      .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.double({ min: 0.1, max: 1, noNaN: true }))
      .chain(([rows, cols, limit]) =>
        fc.tuple(
          fc.array(fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(1)), { minLength: cols, maxLength: cols }), {
            minLength: rows,
            maxLength: rows,
          }),
          fc.constant(limit),
        ),
      );
    fc.assert(
      fc.property(matrix, ([cost, limit]) => {
        const result = thresholdedAssignment(cost, limit);
        let total = 0;
        for (let k = 0; k < result.rowIndices.length; k++) {
          const c = cost[result.rowIndices[k]!]![result.colIndices[k]!]!;
          expect(c).toBeLessThan(limit);
          total += c - limit;
        }
        expect(new Set(result.rowIndices).size).toBe(result.rowIndices.length);
        expect(new Set(result.colIndices).size).toBe(result.colIndices.length);
        expect(total).toBeCloseTo(bestBelow(cost, limit), 9);
      }),
      { numRuns: 300 },
    );
  });

  it('solves separate groups apart and leaves pairs at the limit out', () => {
    // Rows 0–1 × columns 0–1 form one group, row 2 × column 3 another; 0.8 is not below 0.8.
    const cost = [
      [0.1, 0.2, 1, 1],
      [0.2, 0.9, 1, 1],
      [1, 1, 0.8, 0.5],
    ];
    const { rowIndices, colIndices } = thresholdedAssignment(cost, 0.8);
    expect([...rowIndices]).toEqual([0, 1, 2]);
    expect([...colIndices]).toEqual([1, 0, 3]);
  });
});

// The assignment solver against npm's `munkres` (the maintained exact Hungarian solver on npm:
// rectangular matrices, Infinity entries): dense random costs uniform in [0, 1) and a tracker's
// 1 − IoU matrix, the same matrices for both, runs interleaved after one warm-up; then both on
// 2,000 small random matrices with +Infinity (forbidden) entries against brute force.
import { linearSumAssignment } from '@foveajs/track';
import { munkres } from 'munkres';
import { median, mulberry32, type Random } from './random.js';

export interface AssignmentResult {
  label: string;
  shape: [number, number];
  oursMs: number;
  munkresMs: number;
  oursAllMs: number[];
  munkresAllMs: number[];
}

export interface ForbiddenCheck {
  matrices: number;
  oursWrong: number;
  munkresWrong: number;
  /** The first matrix munkres gets wrong, with the optimum and what munkres found. */
  example?: { cost: string; best: Optimum; munkres: Optimum };
}

interface Optimum {
  count: number;
  total: number;
}

type Matrix = Float64Array[];

function total(pairs: Array<[number, number]>, cost: ArrayLike<number>[]): number {
  return pairs.reduce((sum, [i, j]) => sum + cost[i]![j]!, 0);
}

/** 1 − IoU between n tracks and the same n objects seen again, moved by up to 3 px, in a 1920×1080 frame. */
function iouCost(n: number, random: Random): Matrix {
  const boxes = Array.from({ length: n }, () => [random() * 1800, random() * 980, 20 + random() * 100, 40 + random() * 100] as const);
  const moved = boxes.map(([x, y, w, h]) => [x + (random() - 0.5) * 6, y + (random() - 0.5) * 6, w, h] as const);
  const iou = (a: readonly number[], b: readonly number[]) => {
    const iw = Math.min(a[0]! + a[2]!, b[0]! + b[2]!) - Math.max(a[0]!, b[0]!);
    const ih = Math.min(a[1]! + a[3]!, b[1]! + b[3]!) - Math.max(a[1]!, b[1]!);
    if (iw <= 0 || ih <= 0) return 0;
    return (iw * ih) / (a[2]! * a[3]! + b[2]! * b[3]! - iw * ih);
  };
  return boxes.map((a) => Float64Array.from(moved, (b) => 1 - iou(a, b)));
}

const dense = (n: number, m: number) => (random: Random) => Array.from({ length: n }, () => Float64Array.from({ length: m }, random));

const CASES: Array<{ label: string; n: number; m: number; make: (random: Random) => Matrix }> = [
  { label: 'random 100×100', n: 100, m: 100, make: dense(100, 100) },
  { label: 'random 300×300', n: 300, m: 300, make: dense(300, 300) },
  { label: 'random 100×300', n: 100, m: 300, make: dense(100, 300) },
  { label: '1 − IoU, 100 tracks × 100 detections', n: 100, m: 100, make: (random) => iouCost(100, random) },
];

export function measureAssignment(runs: number, onStep?: () => void): AssignmentResult[] {
  const results: AssignmentResult[] = [];
  for (const { label, n, m, make } of CASES) {
    const random = mulberry32(n * 1000 + m + label.length);
    const ours: number[] = [];
    const theirs: number[] = [];
    for (let r = 0; r <= runs; r++) {
      const cost = make(random);
      let start = performance.now();
      const a = linearSumAssignment(cost);
      const oursMs = performance.now() - start;
      start = performance.now();
      const pairs = munkres(cost) as Array<[number, number]>;
      const theirsMs = performance.now() - start;
      const ourTotal = total([...a.rowIndices].map((i, k) => [i, a.colIndices[k]!]), cost);
      const theirTotal = total(pairs, cost);
      // Both are exact: a different optimum here is a bug in one of them, not noise.
      if (Math.abs(ourTotal - theirTotal) > 1e-9 * n) throw new Error(`${label} run ${r}: optimal totals differ: ${ourTotal} vs munkres ${theirTotal}`);
      if (r === 0) continue; // warm-up
      ours.push(oursMs);
      theirs.push(theirsMs);
    }
    const round = (values: number[]) => values.map((v) => Math.round(v * 1e4) / 1e4);
    results.push({ label, shape: [n, m], oursMs: median(ours), munkresMs: median(theirs), oursAllMs: round(ours), munkresAllMs: round(theirs) });
    onStep?.();
  }
  return results;
}

/** The most allowed pairs, then the least total, by trying every assignment. */
function bruteForce(cost: number[][]): Optimum {
  const n = cost.length;
  const m = cost[0]!.length;
  const tall = n > m;
  const [rows, cols] = tall ? [m, n] : [n, m];
  const used = new Array<boolean>(cols).fill(false);
  let best: Optimum = { count: -1, total: 0 };
  const visit = (i: number, count: number, sum: number) => {
    if (i === rows) {
      if (count > best.count || (count === best.count && sum < best.total)) best = { count, total: sum };
      return;
    }
    for (let j = 0; j < cols; j++) {
      if (used[j]) continue;
      used[j] = true;
      const x = tall ? cost[j]![i]! : cost[i]![j]!;
      if (x === Number.POSITIVE_INFINITY) visit(i + 1, count, sum);
      else visit(i + 1, count + 1, sum + x);
      used[j] = false;
    }
  };
  visit(0, 0, 0);
  return best;
}

export function checkForbiddenEntries(matrices = 2000): ForbiddenCheck {
  const random = mulberry32(7);
  const check: ForbiddenCheck = { matrices, oursWrong: 0, munkresWrong: 0 };
  for (let t = 0; t < matrices; t++) {
    const n = 1 + Math.floor(random() * 5);
    const m = 1 + Math.floor(random() * 5);
    const cost = Array.from({ length: n }, () => Array.from({ length: m }, () => (random() < 0.3 ? Number.POSITIVE_INFINITY : Math.floor(random() * 10))));
    const best = bruteForce(cost);
    const score = (pairs: Array<[number, number]>): Optimum => {
      const allowed = pairs.filter(([i, j]) => cost[i]![j] !== Number.POSITIVE_INFINITY);
      return { count: allowed.length, total: total(allowed, cost) };
    };
    const a = linearSumAssignment(cost);
    const ours = score([...a.rowIndices].map((i, k) => [i, a.colIndices[k]!]));
    const theirs = score(munkres(cost) as Array<[number, number]>);
    if (ours.count !== best.count || ours.total !== best.total) check.oursWrong++;
    if (theirs.count !== best.count || theirs.total !== best.total) {
      check.munkresWrong++;
      check.example ??= { cost: JSON.stringify(cost).replaceAll('null', 'Infinity'), best, munkres: theirs };
    }
  }
  return check;
}

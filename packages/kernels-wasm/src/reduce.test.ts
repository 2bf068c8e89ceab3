// The typed API of the reductions, arg reductions, scans and addN on its own (no tfjs): against
// direct loops written from tfjs's cpu kernels on random shapes and axis sets, float32 (NaN and
// ties included), int32 and bool values; the plans of typical axis sets; argument errors.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addN, ARRAY_TYPES, argReduce, cumulative, type FoveaKernels, loadKernels, type ElementType, type ReduceOp, reduce, reduceResultType, reductionPlan,
} from './index.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd', threads: 2 });
  await kernels.whenThreadsReady();
});

function values(type: ElementType, n: number): Float32Array | Int32Array | Uint8Array {
  if (type === 'bool') return Uint8Array.from({ length: n }, () => (Math.random() < 0.7 ? 1 : 0));
  if (type === 'int32') return Int32Array.from({ length: n }, () => Math.round((Math.random() - 0.5) * 10));
  return Float32Array.from({ length: n }, (_, i) => (i % 13 === 5 ? Number.NaN : Math.round((Math.random() - 0.5) * 40) / 8));
}

/** Row-major strides of a shape. */
const stridesOf = (shape: number[]) => shape.map((_, a) => shape.slice(a + 1).reduce((p, d) => p * d, 1));

/** tfjs's cpu reduction: reduced axes moved innermost, each output reduced in order in f64. */
function reference(x: ArrayLike<number>, shape: number[], axes: number[], op: ReduceOp): number[] {
  const strides = stridesOf(shape);
  const kept = shape.map((_, a) => a).filter((a) => !axes.includes(a));
  const reducedAxes = shape.map((_, a) => a).filter((a) => axes.includes(a));
  const positions = (list: number[]): number[] => {
    let offsets = [0];
    for (const a of list) offsets = offsets.flatMap((o) => Array.from({ length: shape[a]! }, (_, k) => o + k * strides[a]!));
    return offsets;
  };
  const reducedOffsets = positions(reducedAxes);
  return positions(kept).map((base) => {
    let acc = op === 'prod' || op === 'all' ? 1 : op === 'max' ? -Infinity : op === 'min' ? Infinity : 0;
    for (const r of reducedOffsets) {
      const v = x[base + r]!;
      if (op === 'sum' || op === 'mean') acc += v;
      else if (op === 'prod') acc *= v;
      else if (op === 'max' || op === 'any') acc = Number.isNaN(v) || v > acc ? v : acc;
      else acc = Number.isNaN(v) || v < acc ? v : acc;
    }
    return op === 'mean' ? acc / reducedOffsets.length : acc;
  });
}

const problemArb = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    axes: fc.subarray(shape.map((_, a) => a)),
    op: fc.constantFrom<ReduceOp>('sum', 'mean', 'max', 'min', 'prod', 'all', 'any'),
    type: fc.constantFrom<ElementType>('float32', 'int32', 'bool'),
  }),
);

describe('reduce', () => {
  it('matches tfjs’s loop for every op and type on random shapes and axis sets', () => {
    fc.assert(
      fc.property(problemArb, ({ shape, axes, op, type }) => {
        const resultType = reduceResultType(op, type);
        fc.pre(resultType !== null);
        const n = shape.reduce((p, d) => p * d, 1);
        const x = values(type, n);
        const out = reduce(kernels, x, op, reductionPlan(shape, axes));
        expect(out).toBeInstanceOf(ARRAY_TYPES[resultType!]);
        const expected = new ARRAY_TYPES[resultType!](reference(x, shape, axes, op));
        for (let i = 0; i < out.length; i++) {
          const [v, e] = [out[i]!, expected[i]!];
          if (!(Object.is(v, e) || v === e || Math.abs(v - e) <= 1e-6 * Math.abs(e))) throw new Error(`${op} ${type}, output ${i}: got ${v}, expected ${e}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('plans contiguous runs without tables, and other axis sets with them', () => {
    expect(reductionPlan([2, 7, 7, 64], [1, 2])).toMatchObject({ outer: 2, keptStride: 3136, inner: 64, run: 1, reducedCount: 49, reducedStride: 64 });
    expect(reductionPlan([3, 1000], [-1])).toMatchObject({ outer: 3, keptStride: 1000, inner: 1, run: 1000, reducedCount: 1 });
    const strided = reductionPlan([4, 5, 6, 7], [0, 2]);
    expect([strided.outer, strided.inner, strided.run, strided.reducedCount]).toEqual([5, 7, 1, 24]);
    expect(Array.from(strided.reducedOffsets!.subarray(0, 8))).toEqual([0, 7, 14, 21, 28, 35, 210, 217]);
  });

  it('gives the cpu’s values over empty axes, and splits rows across threads like one thread', () => {
    expect(Array.from(reduce(kernels, new Float32Array(0), 'max', reductionPlan([3, 0], [1])))).toEqual([Number.NaN, Number.NaN, Number.NaN]);
    expect(Array.from(reduce(kernels, new Float32Array(0), 'prod', reductionPlan([2, 0], [1])))).toEqual([1, 1]);
    const x = values('float32', 512 * 2048);
    kernels.setThreads(1);
    const one = reduce(kernels, x, 'sum', reductionPlan([512, 2048], [1]));
    kernels.setThreads(2);
    expect(Array.from(reduce(kernels, x, 'sum', reductionPlan([512, 2048], [1])))).toEqual(Array.from(one));
  });
});

describe('argReduce, cumulative, addN', () => {
  it('argReduce keeps the first index of the extreme; NaN never wins unless first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (outer, reduced, inner, isMax) => {
        const x = values('float32', outer * reduced * inner);
        const out = argReduce(kernels, x, isMax ? 'max' : 'min', outer, reduced, inner);
        for (let o = 0; o < outer; o++) {
          for (let i = 0; i < inner; i++) {
            const at = (r: number) => x[(o * reduced + r) * inner + i]!;
            let best = at(0);
            let index = 0;
            for (let r = 0; r < reduced; r++) {
              if (isMax ? at(r) > best : at(r) < best) {
                best = at(r);
                index = r;
              }
            }
            expect(out[o * inner + i]).toBe(index);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('cumulative matches the cpu’s step-by-step loop, exclusive and reversed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom<'sum' | 'prod'>('sum', 'prod'),
        fc.boolean(), fc.boolean(), fc.constantFrom<ElementType>('float32', 'int32', 'bool'),
        (outer, n, inner, op, exclusive, reverse, type) => {
          const x = values(type, outer * n * inner).map((v) => (Number.isNaN(v) ? 0.5 : v));
          const out = cumulative(kernels, x, op, outer, n, inner, exclusive, reverse);
          const expected = new (type === 'float32' ? Float32Array : Int32Array)(x.length);
          for (let o = 0; o < outer; o++) {
            for (let i = 0; i < inner; i++) {
              const index = (k: number) => (o * n + (reverse ? n - 1 - k : k)) * inner + i;
              for (let k = 0; k < n; k++) {
                if (k === 0) expected[index(0)] = exclusive ? (op === 'sum' ? 0 : 1) : x[index(0)]!;
                else {
                  const a = x[index(exclusive ? k - 1 : k)]!;
                  const previous = expected[index(k - 1)]!;
                  expected[index(k)] = op === 'sum' ? a + previous : a * previous;
                }
              }
            }
          }
          expect(Array.from(out)).toEqual(Array.from(expected));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('addN adds in order from zero', () => {
    const inputs = [1, 2, 3].map(() => values('float32', 1001).map((v) => (Number.isNaN(v) ? -0 : v * 1e7)));
    const expected = new Float32Array(1001);
    for (const x of inputs) for (let i = 0; i < 1001; i++) expected[i]! += x[i]!;
    expect(Array.from(addN(kernels, inputs))).toEqual(Array.from(expected));
    expect(() => addN(kernels, [new Float32Array(2), new Int32Array(2)])).toThrow(/inputs\[1\]: got int32 values, expected float32 like inputs\[0\]/);
  });
});

// The typed API of the broadcasting binary ops on its own (no tfjs): against direct loops over
// tfjs's formulas (computed in f64, stored as the result type stores them) on random N-d
// broadcasts of float32, int32 and bool values, plus argument errors.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARRAY_TYPES, BINARY_OPS, type BinaryOp, binary, binaryResultType, type FoveaKernels, loadKernels, type ElementType, planBroadcast } from './index.js';
import { expectSame, mathValues } from '../test/math_values.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd', sharedMemory: false });
});


const binaryFormulas: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  maximum: Math.max,
  minimum: Math.min,
  pow: Math.pow,
  squaredDifference: (a, b) => (a - b) * (a - b),
  atan2: Math.atan2,
  mod: (a, b) => {
    const rem = a % b;
    return (a < 0 && b < 0) || (a >= 0 && b >= 0) ? rem : (rem + b) % b;
  },
  floorDiv: (a, b) => Math.floor(a / b),
  equal: (a, b) => (a === b ? 1 : 0),
  notEqual: (a, b) => (a !== b ? 1 : 0),
  greater: (a, b) => (a > b ? 1 : 0),
  greaterEqual: (a, b) => (a >= b ? 1 : 0),
  less: (a, b) => (a < b ? 1 : 0),
  lessEqual: (a, b) => (a <= b ? 1 : 0),
  logicalAnd: (a, b) => (a && b ? 1 : 0),
  logicalOr: (a, b) => (a || b ? 1 : 0),
  logicalXor: (a, b) => (a !== b ? 1 : 0),
  bitwiseAnd: (a, b) => a & b,
};
/** Ops computed by another libm: within one float32 ulp of the f64 formula. */
const INEXACT = new Set<string>(['pow', 'atan2']);


/** Pairs of shapes that broadcast: out dims 1–5 (0 sometimes), leading dims dropped, dims set to 1. */
const pairArb = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 4 }).chain((out) => {
  const side = fc.tuple(fc.nat(out.length), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }))
    .map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
  return fc.tuple(side, side);
});

/** x[broadcast index of flat output index i] for a shape broadcast to outShape. */
function at(x: ArrayLike<number>, shape: number[], outShape: number[], i: number): number {
  let index = 0;
  let stride = 1;
  let rest = i;
  for (let d = outShape.length - 1; d >= 0; d--) {
    const k = rest % outShape[d]!;
    rest = Math.floor(rest / outShape[d]!);
    const size = shape[shape.length - outShape.length + d] ?? 1;
    if (size !== 1) index += k * stride;
    stride *= size;
  }
  return x[index]!;
}

describe('binary', () => {
  for (const op of Object.keys(BINARY_OPS) as BinaryOp[]) {
    it(`${op} matches the formula on broadcasts of every type it takes`, () => {
      fc.assert(
        fc.property(pairArb, fc.constantFrom<ElementType>('float32', 'int32', 'bool'), ([aShape, bShape], type) => {
          const resultType = binaryResultType(op, type);
          fc.pre(resultType !== null);
          const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
          const [a, b] = [mathValues(type, size(aShape)), mathValues(type, size(bShape))];
          const plan = planBroadcast(aShape, bShape)!;
          const out = binary(kernels, op, a, b, plan);
          expect(out).toBeInstanceOf(ARRAY_TYPES[resultType!]);
          const expected = new ARRAY_TYPES[resultType!](size(plan.outShape));
          for (let i = 0; i < expected.length; i++) {
            expected[i] = binaryFormulas[op](at(a, aShape, plan.outShape, i), at(b, bShape, plan.outShape, i));
          }
          expectSame(out, expected, op, INEXACT);
        }),
        { numRuns: 40 },
      );
    });
  }

  it('rejects types an op does not take', () => {
    expect(() => binary(kernels, 'logicalAnd', new Int32Array(1), new Int32Array(1), planBroadcast([1], [1])!)).toThrow(
      /a: got int32 values, which 'logicalAnd' does not take/,
    );
  });
});

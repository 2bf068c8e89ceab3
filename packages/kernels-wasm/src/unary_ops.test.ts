// The typed API of the unary math ops on its own (no tfjs): against direct loops over tfjs's
// formulas (computed in f64, stored as the result type stores them) on float32 values (NaN, ±0,
// ±Infinity and halves mixed in), int32 and bool values, plus argument errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { ARRAY_TYPES, type FoveaKernels, loadKernels, UNARY_OPS, type UnaryOp, unary, unaryResultType } from './index.js';
import { expectSame, mathValues } from '../test/math_values.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd', sharedMemory: false });
});


const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x);
const unaryFormulas: Record<UnaryOp, (x: number) => number> = {
  abs: Math.abs, acos: Math.acos, acosh: Math.acosh, asin: Math.asin, asinh: Math.asinh, atan: Math.atan, atanh: Math.atanh,
  ceil: Math.ceil, cos: Math.cos, cosh: Math.cosh,
  erf: (x) => {
    const v = Math.abs(x);
    const t = 1 / (1 + 0.3275911 * v);
    return sign(x) * (1 - (((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-v * v)));
  },
  exp: Math.exp, expm1: Math.expm1, floor: Math.floor,
  isFinite: (x) => (Number.isFinite(x) ? 1 : 0), isInf: (x) => (Math.abs(x) === Infinity ? 1 : 0), isNaN: (x) => (Number.isNaN(x) ? 1 : 0),
  log: Math.log, log1p: Math.log1p, logicalNot: (x) => (x ? 0 : 1), neg: (x) => -1 * x, reciprocal: (x) => 1 / x,
  round: (x) => {
    const base = Math.floor(x);
    if (x - base < 0.5) return Math.floor(x);
    if (x - base > 0.5) return Math.ceil(x);
    return base % 2 === 0 ? base : base + 1;
  },
  rsqrt: (x) => 1 / Math.sqrt(x),
  selu: (x) => (x >= 0 ? 1.0507009873554805 * x : 1.7580993408473768 * (Math.exp(x) - 1)),
  sign: (x) => (x < 0 ? -1 : x > 0 ? 1 : 0), sin: Math.sin, sinh: Math.sinh,
  softplus: (x) => (x < -13.942385152878742 ? Math.exp(x) : x > 13.942385152878742 ? x : Math.log(1 + Math.exp(x))),
  tan: Math.tan,
};
/** Ops computed by a polynomial or another libm: within one float32 ulp of the f64 formula. */
const INEXACT = new Set<string>(['rsqrt', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'cos', 'cosh', 'erf', 'exp', 'expm1', 'log', 'log1p', 'selu', 'sin', 'sinh', 'softplus', 'tan']);


describe('unary', () => {
  for (const op of Object.keys(UNARY_OPS) as UnaryOp[]) {
    it(`${op} matches the formula on every type it takes`, () => {
      for (const type of ['float32', 'int32', 'bool'] as const) {
        const resultType = unaryResultType(op, type);
        if (resultType === null) continue;
        const x = mathValues(type, 1000);
        if (type === 'float32') for (let i = 0; i < 1000; i += 3) x[i] = (Math.random() - 0.5) * 40;
        const expected = new ARRAY_TYPES[resultType](x.length);
        for (let i = 0; i < x.length; i++) expected[i] = unaryFormulas[op](x[i]!);
        expectSame(unary(kernels, op, x), expected, op, INEXACT);
      }
    });
  }

  it('rejects types an op does not take', () => {
    expect(() => unary(kernels, 'logicalNot', new Float32Array(2))).toThrow(/x: got float32 values, which 'logicalNot' does not take/);
  });
});

// Inputs shared by the typed-API tests of the binary and unary math ops: float32 values on a
// half-integer grid with NaN, ±Infinity, ±0 and ±1 mixed in, int32 values with some beyond the
// float32-exact range, random bools; and their comparison with the f64 formulas.
import { expect } from 'vitest';
import type { ElementType } from '../src/index.js';

const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1, -1, 0.5, -0.5, 2.5];

export function mathValues(type: ElementType, n: number): Float32Array | Int32Array | Uint8Array {
  if (type === 'bool') return Uint8Array.from({ length: n }, () => (Math.random() < 0.5 ? 1 : 0));
  if (type === 'int32') return Int32Array.from({ length: n }, (_, i) => (i % 9 === 4 ? (Math.random() - 0.5) * 2 ** 32 : Math.round((Math.random() - 0.5) * 12)));
  return Float32Array.from({ length: n }, (_, i) => (i % 5 === 2 ? SPECIALS[i % SPECIALS.length]! : Math.round((Math.random() - 0.5) * 16) / 2));
}

/** `ours` equals `expected` element for element (±0 told apart, NaN equal), or for an op in `inexact` within one float32 ulp. */
export function expectSame(ours: ArrayLike<number>, expected: ArrayLike<number>, op: string, inexact: ReadonlySet<string>): void {
  expect(ours.length).toBe(expected.length);
  for (let i = 0; i < ours.length; i++) {
    const [v, e] = [ours[i]!, expected[i]!];
    const ok = Object.is(v, e) || (v === e && v !== 0) || (inexact.has(op) && Math.abs(v - e) <= 1.2e-7 * Math.max(Math.abs(e), 1e-30));
    if (!ok) throw new Error(`${op}, element ${i}: got ${v}, expected ${e}`);
  }
}

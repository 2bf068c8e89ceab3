import type { FoveaKernels } from './loader.js';
import { elementwise } from './unary.js';
import { KernelArgumentError } from './checks.js';

/** tfjs's Step: x > 0 ? 1 : alpha elementwise, NaN stays NaN (the ReLU gradient's mask). */
export function step(kernels: FoveaKernels, x: Float32Array, alpha = 0): Float32Array {
  return elementwise(kernels, x, (xPtr, out, n) => kernels.exports.step(xPtr, out, n, alpha));
}

/** Sqrt or Square elementwise (the optimizer's per-parameter math); codes match the assembly. */
export function unaryMath(kernels: FoveaKernels, x: Float32Array, op: 'sqrt' | 'square'): Float32Array {
  const code = op === 'sqrt' ? 0 : op === 'square' ? 1 : -1;
  if (code < 0) throw new KernelArgumentError(`op: got '${op}', expected 'sqrt' or 'square'`);
  return elementwise(kernels, x, (xPtr, out, n) => kernels.exports.unaryMath(xPtr, out, n, code));
}

/** ELU's gradient from its output y: dy where y ≥ 0, else dy·(y + 1). */
export function eluGrad(kernels: FoveaKernels, dy: Float32Array, y: Float32Array): Float32Array {
  if (dy.length !== y.length) throw new KernelArgumentError(`dy: got ${dy.length} values, expected ${y.length} (one per value of y)`);
  const { arena } = kernels;
  arena.reset();
  const dyPtr = arena.allocFrom(dy);
  const yPtr = arena.allocFrom(y);
  const out = arena.alloc(y.length);
  kernels.exports.eluGrad(dyPtr, yPtr, out, y.length);
  return arena.read(out, y.length);
}

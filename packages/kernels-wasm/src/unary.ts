import type { FoveaKernels } from './loader.js';
import { activationCode } from './activation.js';
import { KernelArgumentError } from './checks.js';

/** Runs the elementwise export `run(x, out, n)` into a new block (x itself is never written). */
export function elementwise(kernels: FoveaKernels, x: Float32Array, run: (x: number, out: number, n: number) => void): Float32Array {
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const out = arena.alloc(x.length);
  run(xPtr, out, x.length);
  return arena.read(out, x.length);
}

/** max(x, 0) elementwise (applyActivationTo's RELU, as the fused epilogues apply it). */
export function relu(kernels: FoveaKernels, x: Float32Array): Float32Array {
  return activation(kernels, x, 'relu');
}

/** min(max(x, lo), hi) elementwise; NaN stays NaN. */
export function clipByValue(kernels: FoveaKernels, x: Float32Array, lo: number, hi: number): Float32Array {
  if (!(lo <= hi)) throw new KernelArgumentError(`clipByValue: got lo ${lo} and hi ${hi}, expected lo <= hi`);
  return elementwise(kernels, x, (xPtr, out, n) => kernels.exports.clip(xPtr, out, n, lo, hi));
}

/** tanh elementwise. */
export function tanh(kernels: FoveaKernels, x: Float32Array): Float32Array {
  return elementwise(kernels, x, kernels.exports.tanh);
}

/**
 * An activation of assembly/activation.ts elementwise: relu6, sigmoid, swish, elu, leakyrelu (slope
 * `alpha`), prelu (slopes `alpha`, one value or one per channel of the last axis).
 */
export function activation(
  kernels: FoveaKernels, x: Float32Array, name: 'relu' | 'relu6' | 'sigmoid' | 'swish' | 'elu' | 'leakyrelu' | 'prelu',
  alpha: number | Float32Array = 0.2,
): Float32Array {
  const code = activationCode(name);
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const out = arena.alloc(x.length);
  let alphaPtr = 0;
  let channels = 1;
  let slope = typeof alpha === 'number' ? alpha : 0;
  if (name === 'prelu') {
    const slopes = typeof alpha === 'number' ? new Float32Array([alpha]) : alpha;
    if (slopes.length === 0 || x.length % slopes.length !== 0) {
      throw new KernelArgumentError(`alpha: got ${slopes.length} slopes, expected 1 or a divisor of x's ${x.length} values (one per channel)`);
    }
    alphaPtr = arena.allocFrom(slopes);
    channels = slopes.length;
    slope = 0;
  } else if (typeof alpha !== 'number') {
    throw new KernelArgumentError(`alpha: got a Float32Array for '${name}', expected a number (only prelu takes per-channel slopes)`);
  }
  kernels.exports.applyActivationTo(xPtr, out, x.length, code, slope, alphaPtr, channels);
  return arena.read(out, x.length);
}

import { expectDims, expectLength, KernelArgumentError } from './checks.js';
import type { FoveaKernels } from './loader.js';

/** LRN's attributes, as tfjs names them. */
export interface LrnParams {
  depthRadius: number;
  bias: number;
  alpha: number;
  beta: number;
}

function checkParams(channels: number, { depthRadius }: LrnParams): void {
  expectDims('channels', [channels], true);
  expectDims('depthRadius', [depthRadius]);
}

/** Local response normalisation of x (NHWC, `channels` last) across channels, as tfjs's cpu. */
export function lrn(kernels: FoveaKernels, x: Float32Array, channels: number, params: LrnParams): Float32Array {
  checkParams(channels, params);
  if (x.length % channels !== 0) throw new KernelArgumentError(`x: got ${x.length} values, expected a multiple of channels (${channels})`);
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(x.length);
  if (x.length > 0) {
    const xPtr = arena.allocFrom(x);
    const pixels = x.length / channels;
    const args = [xPtr, out, channels, params.depthRadius, params.bias, params.alpha, params.beta];
    kernels.parallel('lrnRange', args, pixels, 1, 40 * x.length * (2 * params.depthRadius + 1));
  }
  return arena.read(out, x.length);
}

/** LRN's gradient from its input x, output y and dy (all one NHWC shape). */
export function lrnGrad(kernels: FoveaKernels, x: Float32Array, y: Float32Array, dy: Float32Array, channels: number, params: LrnParams): Float32Array {
  checkParams(channels, params);
  if (x.length % channels !== 0) throw new KernelArgumentError(`x: got ${x.length} values, expected a multiple of channels (${channels})`);
  expectLength('y', y, x.length, "x's length");
  expectLength('dy', dy, x.length, "x's length");
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(x.length);
  if (x.length > 0) {
    const ptrs = [arena.allocFrom(x), arena.allocFrom(y), arena.allocFrom(dy)];
    const args = [...ptrs, out, channels, params.depthRadius, params.bias, params.alpha, params.beta];
    kernels.parallel('lrnGradRange', args, x.length / channels, 1, 40 * x.length * (2 * params.depthRadius + 1));
  }
  return arena.read(out, x.length);
}

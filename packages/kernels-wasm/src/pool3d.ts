import { expectLength, KernelArgumentError } from './checks.js';
import { type Conv3DGeometry, geometryBlock } from './conv3d.js';
import type { FoveaKernels } from './loader.js';

const inputSize = (g: Conv3DGeometry) => g.batchSize * g.inDepth * g.inHeight * g.inWidth * g.inChannels;
const outputSize = (g: Conv3DGeometry) => g.batchSize * g.outDepth * g.outHeight * g.outWidth * g.inChannels;
const windowSize = (g: Conv3DGeometry) => g.filterDepth * g.filterHeight * g.filterWidth;

/** 3-D max or average pooling of x (NDHWC) as tfjs's cpu: max ignores NaN, average counts taps inside x. */
export function pool3d(kernels: FoveaKernels, x: Float32Array, type: 'max' | 'avg', g: Conv3DGeometry): Float32Array {
  if (type !== 'max' && type !== 'avg') throw new KernelArgumentError(`type: got '${type}', expected 'max' or 'avg'`);
  const block = geometryBlock(g, true);
  expectLength('x', x, inputSize(g), 'the geometry’s input size');
  const n = outputSize(g);
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(n);
  if (n > 0) {
    const args = [arena.allocFrom(x), out, type === 'max' ? 1 : 0, arena.int32s(block)];
    kernels.parallel('pool3dRows', args, g.batchSize * g.outDepth * g.outHeight, 1, 2 * n * windowSize(g));
  }
  return arena.read(out, n);
}

/**
 * The gradient of 3-D max pooling (from x, routed through the cpu's window positions) or average
 * pooling (dy over the whole window size) with respect to x.
 */
export function pool3dGrad(kernels: FoveaKernels, dy: Float32Array, x: Float32Array | null, type: 'max' | 'avg', g: Conv3DGeometry): Float32Array {
  if (type !== 'max' && type !== 'avg') throw new KernelArgumentError(`type: got '${type}', expected 'max' or 'avg'`);
  const block = geometryBlock(g, true);
  expectLength('dy', dy, outputSize(g), 'the geometry’s output size');
  if (type === 'max') {
    if (x === null) throw new KernelArgumentError("x: got null, expected the pooled input for type 'max'");
    expectLength('x', x, inputSize(g), 'the geometry’s input size');
  }
  const n = inputSize(g);
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(n);
  if (n > 0) {
    const geometry = arena.int32s(block);
    const rows = g.batchSize * g.outDepth * g.outHeight;
    let positions = 0;
    if (type === 'max' && outputSize(g) > 0) {
      positions = arena.alloc(outputSize(g));
      kernels.parallel('maxPool3dPositionRows', [arena.allocFrom(x!), positions, geometry], rows, 1, 2 * outputSize(g) * windowSize(g));
    }
    const args = [arena.allocFrom(dy), positions, out, 1 / windowSize(g), geometry];
    kernels.parallel('pool3dGradRows', args, g.batchSize * g.inDepth * g.inHeight, 1, 2 * n * windowSize(g));
  }
  return arena.read(out, n);
}

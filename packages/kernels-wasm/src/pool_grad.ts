import { expectLength } from './checks.js';
import type { FoveaKernels } from './loader.js';
import { checkPool2DGeometry, type Pool2DGeometry } from './pool.js';

/** Check the geometry and dy; true when there is no output (so no gradient: dx is zeros). */
function checkGeometry(g: Pool2DGeometry, dy: Float32Array): boolean {
  const empty = checkPool2DGeometry(g);
  expectLength('dy', dy, g.batch * g.outHeight * g.outWidth * g.channels, 'batch·outHeight·outWidth·channels');
  return empty;
}

/** dx's block, zeroed: the kernels add each window's share into it. */
function zeroed(kernels: FoveaKernels, size: number): number {
  const dx = kernels.arena.alloc(size);
  kernels.arena.f32(dx, size).fill(0);
  return dx;
}

/**
 * kernels.parallel's range, grain and work for a pooling gradient: threads take channel groups of
 * 4 (windows of neighbouring outputs overlap in dx, channels never do), 16 channels at a time so
 * that two threads seldom write the same 64-byte cache line.
 */
function channelSplit(g: Pool2DGeometry): [number, number, number] {
  const work = g.batch * g.outHeight * g.outWidth * g.channels * g.filterHeight * g.filterWidth;
  return [Math.ceil(g.channels / 4), 4, 4 * work];
}

/**
 * The gradient of max pooling: each window's dy goes to the first pixel of x holding the
 * window's maximum (tfjs's rule). x is the forward input (NHWC); returns dx shaped like x.
 */
export function maxPoolGrad(kernels: FoveaKernels, dy: Float32Array, x: Float32Array, g: Pool2DGeometry): Float32Array {
  const empty = checkGeometry(g, dy);
  const size = g.batch * g.inHeight * g.inWidth * g.channels;
  expectLength('x', x, size, 'batch·inHeight·inWidth·channels');
  if (empty) return new Float32Array(size);
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const dyPtr = arena.allocFrom(dy);
  const dx = zeroed(kernels, size);
  kernels.parallel(
    'maxPoolGrad',
    [xPtr, dyPtr, dx, g.batch, g.inHeight, g.inWidth, g.channels, g.outHeight, g.outWidth, g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft],
    ...channelSplit(g),
  );
  return arena.read(dx, size);
}

/**
 * The gradient of average pooling: each window's dy·multiplier is added to every input pixel of
 * the window. tfjs's cpu kernel uses multiplier = 1 / (filterHeight·filterWidth), also for
 * windows clipped by padding; that is the default.
 */
export function avgPoolGrad(
  kernels: FoveaKernels,
  dy: Float32Array,
  g: Pool2DGeometry,
  multiplier = 1 / (g.filterHeight * g.filterWidth),
): Float32Array {
  const size = g.batch * g.inHeight * g.inWidth * g.channels;
  if (checkGeometry(g, dy)) return new Float32Array(size);
  const { arena } = kernels;
  arena.reset();
  const dyPtr = arena.allocFrom(dy);
  const dx = zeroed(kernels, size);
  kernels.parallel(
    'avgPoolGrad',
    [dyPtr, dx, g.batch, g.inHeight, g.inWidth, g.channels, g.outHeight, g.outWidth, g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft, multiplier],
    ...channelSplit(g),
  );
  return arena.read(dx, size);
}

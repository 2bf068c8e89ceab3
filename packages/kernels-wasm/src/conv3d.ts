import { expectDims, expectLength } from './checks.js';
import type { FoveaKernels } from './loader.js';

/**
 * A 3-D convolution or pooling over NDHWC data, with tfjs's Conv3DInfo names (pads are the
 * front/top/left amounts). For pooling, the filter sizes are the window's and outChannels equals
 * inChannels.
 */
export interface Conv3DGeometry {
  batchSize: number;
  inDepth: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outDepth: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterDepth: number;
  filterHeight: number;
  filterWidth: number;
  strideDepth: number;
  strideHeight: number;
  strideWidth: number;
  dilationDepth: number;
  dilationHeight: number;
  dilationWidth: number;
  padFront: number;
  padTop: number;
  padLeft: number;
}

/** The i32 geometry block of assembly/conv3d.ts, with the window dilated where `effective`. */
export function geometryBlock(g: Conv3DGeometry, effective = false): number[] {
  const eff = (k: number, d: number) => (effective ? (k - 1) * d + 1 : k);
  const block = [
    g.batchSize, g.inDepth, g.inHeight, g.inWidth, g.inChannels, g.outDepth, g.outHeight, g.outWidth, g.outChannels,
    eff(g.filterDepth, g.dilationDepth), eff(g.filterHeight, g.dilationHeight), eff(g.filterWidth, g.dilationWidth),
    g.strideDepth, g.strideHeight, g.strideWidth, g.dilationDepth, g.dilationHeight, g.dilationWidth, g.padFront, g.padTop, g.padLeft,
  ];
  expectDims('geometry', block.slice(0, 9));
  expectDims('geometry (window, strides, dilations)', block.slice(9, 18), true);
  return block;
}

const inputSize = (g: Conv3DGeometry) => g.batchSize * g.inDepth * g.inHeight * g.inWidth * g.inChannels;
const outputSize = (g: Conv3DGeometry) => g.batchSize * g.outDepth * g.outHeight * g.outWidth * g.outChannels;
const filterSize = (g: Conv3DGeometry) => g.filterDepth * g.filterHeight * g.filterWidth * g.inChannels * g.outChannels;

/** 3-D convolution of x (NDHWC) with filter [fd, fh, fw, Cin, Cout], as tfjs's cpu computes it. */
export function conv3d(kernels: FoveaKernels, x: Float32Array, filter: Float32Array, g: Conv3DGeometry): Float32Array {
  const block = geometryBlock(g);
  expectLength('x', x, inputSize(g), 'the geometry’s input size');
  expectLength('filter', filter, filterSize(g), 'the geometry’s filter size');
  const n = outputSize(g);
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(n);
  if (n > 0) {
    const args = [arena.allocFrom(x), arena.allocFrom(filter), out, arena.int32s(block)];
    kernels.parallel('conv3dRows', args, g.batchSize * g.outDepth * g.outHeight, 1, 4 * n * g.filterDepth * g.filterHeight * g.filterWidth * g.inChannels);
  }
  return arena.read(out, n);
}

/** The gradient of conv3d with respect to x, from dy and the filter (unit dilations). */
export function conv3dBackpropInput(kernels: FoveaKernels, dy: Float32Array, filter: Float32Array, g: Conv3DGeometry): Float32Array {
  const block = geometryBlock(g);
  expectLength('dy', dy, outputSize(g), 'the geometry’s output size');
  expectLength('filter', filter, filterSize(g), 'the geometry’s filter size');
  const n = inputSize(g);
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(n);
  if (n > 0) {
    const args = [arena.allocFrom(dy), arena.allocFrom(filter), out, arena.int32s(block)];
    kernels.parallel('conv3dBackpropInputRows', args, g.batchSize * g.inDepth * g.inHeight, 1, 4 * outputSize(g) * g.filterDepth * g.filterHeight * g.filterWidth * g.inChannels);
  }
  return arena.read(out, n);
}

/** The gradient of conv3d with respect to the filter, from x and dy (unit dilations). */
export function conv3dBackpropFilter(kernels: FoveaKernels, x: Float32Array, dy: Float32Array, g: Conv3DGeometry): Float32Array {
  const block = geometryBlock(g);
  expectLength('x', x, inputSize(g), 'the geometry’s input size');
  expectLength('dy', dy, outputSize(g), 'the geometry’s output size');
  const n = filterSize(g);
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(n);
  if (n > 0) {
    const args = [arena.allocFrom(x), arena.allocFrom(dy), out, arena.int32s(block)];
    kernels.parallel('conv3dBackpropFilterRows', args, n / g.outChannels, 1, 4 * outputSize(g) * g.filterDepth * g.filterHeight * g.filterWidth * g.inChannels);
  }
  return arena.read(out, n);
}

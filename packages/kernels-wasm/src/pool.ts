import { elementsProblem, expectDims, expectLength, KernelArgumentError, MAX_EXTENT, wholeProblem } from './checks.js';
import type { FoveaKernels } from './loader.js';

/** Geometry of a 2-D pooling over an NHWC input; pads are the top/left amounts. */
export interface Pool2DGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
}

export interface Pool2DOptions {
  /** [batch, height, width, channels] */
  inputShape: readonly [number, number, number, number];
  poolSize: number | readonly [number, number];
  /** Defaults to poolSize, as in Keras. */
  strides?: number | readonly [number, number];
  padding?: 'valid' | 'same';
}

function pair(name: string, value: number | readonly [number, number]): [number, number] {
  const p: [number, number] = typeof value === 'number' ? [value, value] : [value[0], value[1]];
  expectDims(name, p, true);
  return p;
}

/**
 * Keras-style arguments to a geometry, with TensorFlow's 'same' rule: out = ceil(in / stride),
 * and when the total pad is odd the extra row/column goes at the bottom/right.
 */
export function pool2dGeometry(options: Pool2DOptions): Pool2DGeometry {
  const [batch, inHeight, inWidth, channels] = options.inputShape;
  expectDims('inputShape', options.inputShape);
  const [filterHeight, filterWidth] = pair('poolSize', options.poolSize);
  const [strideHeight, strideWidth] = pair('strides', options.strides ?? options.poolSize);
  const padding = options.padding ?? 'valid';
  if (padding !== 'valid' && padding !== 'same') {
    throw new KernelArgumentError(`padding: got '${padding}', expected 'valid' or 'same'`);
  }
  let outHeight: number;
  let outWidth: number;
  let padTop = 0;
  let padLeft = 0;
  if (padding === 'same') {
    outHeight = Math.ceil(inHeight / strideHeight);
    outWidth = Math.ceil(inWidth / strideWidth);
    padTop = Math.floor(Math.max(0, (outHeight - 1) * strideHeight + filterHeight - inHeight) / 2);
    padLeft = Math.floor(Math.max(0, (outWidth - 1) * strideWidth + filterWidth - inWidth) / 2);
  } else {
    outHeight = Math.ceil((inHeight - filterHeight + 1) / strideHeight);
    outWidth = Math.ceil((inWidth - filterWidth + 1) / strideWidth);
    if (outHeight < 1 || outWidth < 1) {
      throw new KernelArgumentError(
        `poolSize: got [${filterHeight}, ${filterWidth}], expected at most the input's [${inHeight}, ${inWidth}] with 'valid' padding`,
      );
    }
  }
  return {
    batch, inHeight, inWidth, channels, outHeight, outWidth,
    filterHeight, filterWidth, strideHeight, strideWidth, padTop, padLeft,
  };
}

/**
 * Why the kernels cannot pool with `g`, or undefined when they can: extents whole numbers ≥ 0,
 * windows and strides ≥ 1, pads ≥ 0, windows and arrays inside what 32-bit kernels address.
 */
export function pool2DGeometryProblem(g: Pool2DGeometry): string | undefined {
  if (typeof g !== 'object' || g === null) return `geometry: got ${g}, expected a pooling geometry`;
  for (const field of ['batch', 'inHeight', 'inWidth', 'channels', 'outHeight', 'outWidth', 'padTop', 'padLeft'] as const) {
    const problem = wholeProblem(`geometry.${field}`, g[field], 0);
    if (problem !== undefined) return problem;
  }
  for (const field of ['filterHeight', 'filterWidth', 'strideHeight', 'strideWidth'] as const) {
    const problem = wholeProblem(`geometry.${field}`, g[field], 1);
    if (problem !== undefined) return problem;
  }
  const height = (Math.max(g.outHeight, 1) - 1) * g.strideHeight + g.filterHeight + g.inHeight + g.padTop;
  const width = (Math.max(g.outWidth, 1) - 1) * g.strideWidth + g.filterWidth + g.inWidth + g.padLeft;
  if (height > MAX_EXTENT || width > MAX_EXTENT) return `geometry: windows reach ${height}×${width} pixels, more than the ${MAX_EXTENT} the kernels index`;
  return elementsProblem('geometry (input)', [g.batch, g.inHeight, g.inWidth, g.channels]) ?? elementsProblem('geometry (output)', [g.batch, g.outHeight, g.outWidth, g.channels]);
}

/** Throw pool2DGeometryProblem's reason, if any; true when the output is empty. */
export function checkPool2DGeometry(g: Pool2DGeometry): boolean {
  const problem = pool2DGeometryProblem(g);
  if (problem !== undefined) throw new KernelArgumentError(problem);
  return g.batch * g.outHeight * g.outWidth * g.channels === 0;
}

function pool2d(kernels: FoveaKernels, x: Float32Array, g: Pool2DGeometry, poolType: number): Float32Array {
  const empty = checkPool2DGeometry(g);
  expectLength('x', x, g.batch * g.inHeight * g.inWidth * g.channels, 'batch·inHeight·inWidth·channels');
  if (empty) return new Float32Array(0);
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const outLength = g.batch * g.outHeight * g.outWidth * g.channels;
  const outPtr = arena.alloc(outLength);
  // Output rows (batch·outHeight) split across threads.
  kernels.parallel(
    'pool2d',
    [
      xPtr, outPtr, poolType, g.batch, g.inHeight, g.inWidth, g.channels, g.outHeight, g.outWidth,
      g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft,
    ],
    g.batch * g.outHeight, 1, outLength * g.filterHeight * g.filterWidth,
  );
  return arena.read(outPtr, outLength);
}

/** Max over each window (NaN is skipped, as in TensorFlow.js). NHWC in, NHWC out. */
export function maxPool2d(kernels: FoveaKernels, x: Float32Array, geometry: Pool2DGeometry): Float32Array {
  return pool2d(kernels, x, geometry, 0);
}

/** Mean over each window's in-bounds elements (padding is not counted). NHWC in, NHWC out. */
export function avgPool2d(kernels: FoveaKernels, x: Float32Array, geometry: Pool2DGeometry): Float32Array {
  return pool2d(kernels, x, geometry, 1);
}

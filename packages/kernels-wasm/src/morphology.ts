import { expectDims, expectLength, KernelArgumentError } from './checks.js';
import type { ConvGeometry } from './gemm.js';
import type { FoveaKernels } from './loader.js';

/**
 * A 2-D window over NHWC data (MaxPoolWithArgmax, Dilation2D): a convolution's geometry (tfjs's
 * Conv2DInfo names, so a Conv2DInfo serves as it is) without its output channels.
 */
export type Window2DGeometry = Omit<ConvGeometry, 'outChannels'>;

function block(g: Window2DGeometry): number[] {
  const values = [
    g.batchSize, g.inHeight, g.inWidth, g.inChannels, g.outHeight, g.outWidth, g.filterHeight, g.filterWidth,
    g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padInfo.top, g.padInfo.left,
  ];
  expectDims('geometry', values.slice(0, 6));
  expectDims('geometry (window, strides, dilations)', values.slice(6, 12), true);
  return values;
}

const inputSize = (g: Window2DGeometry) => g.batchSize * g.inHeight * g.inWidth * g.inChannels;
const outputSize = (g: Window2DGeometry) => g.batchSize * g.outHeight * g.outWidth * g.inChannels;

/**
 * Max pooling of x (NHWC) with the flat index of each maximum, as tfjs's cpu MaxPoolWithArgmax:
 * ((b·H + y)·W + x)·C + c with includeBatchInIndex, else (y·W + x)·C + c.
 */
export function maxPoolWithArgmax(
  kernels: FoveaKernels, x: Float32Array, g: Window2DGeometry, includeBatchInIndex: boolean,
): { values: Float32Array; indexes: Int32Array } {
  const geometry = block(g);
  expectLength('x', x, inputSize(g), 'the geometry’s input size');
  const n = outputSize(g);
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(n);
  const indexes = arena.allocOf(n, Int32Array);
  if (n > 0) {
    const args = [arena.allocFrom(x), out, indexes, includeBatchInIndex ? 1 : 0, arena.int32s(geometry)];
    kernels.parallel('maxPoolWithArgmaxRows', args, g.batchSize * g.outHeight, 1, 2 * n * g.filterHeight * g.filterWidth);
  }
  return { values: arena.read(out, n), indexes: arena.read(indexes, n, Int32Array) };
}

const DILATION_MODES = { forward: 0, input: 1, filter: 2 } as const;

/**
 * Grayscale dilation of x (NHWC) by filter [fh, fw, C], or (with dy) its gradient with respect
 * to x or to the filter, as tfjs's cpu computes them.
 */
export function dilation2d(
  kernels: FoveaKernels, x: Float32Array, filter: Float32Array, g: Window2DGeometry, gradient?: { of: 'input' | 'filter'; dy: Float32Array },
): Float32Array {
  const geometry = block(g);
  expectLength('x', x, inputSize(g), 'the geometry’s input size');
  expectLength('filter', filter, g.filterHeight * g.filterWidth * g.inChannels, 'filterHeight·filterWidth·inChannels');
  if (gradient !== undefined) expectLength('dy', gradient.dy, outputSize(g), 'the geometry’s output size');
  const mode = gradient === undefined ? 'forward' : gradient.of;
  if (DILATION_MODES[mode] === undefined) throw new KernelArgumentError(`gradient.of: got '${mode}', expected 'input' or 'filter'`);
  const n = mode === 'forward' ? outputSize(g) : mode === 'input' ? x.length : filter.length;
  const { arena } = kernels;
  arena.reset();
  const out = arena.alloc(n);
  if (n > 0) {
    arena.f32(out, n).fill(0);
    const dy = gradient === undefined ? 0 : arena.allocFrom(gradient.dy);
    const args = [arena.allocFrom(x), arena.allocFrom(filter), dy, out, DILATION_MODES[mode], arena.int32s(geometry)];
    const rows = g.batchSize * g.outHeight;
    // The gradients add into shared taps in the cpu's order: one thread.
    if (mode === 'forward') kernels.parallel('dilation2dRows', args, rows, 1, 2 * outputSize(g) * g.filterHeight * g.filterWidth);
    else kernels.exports.dilation2dRows(args[0]!, args[1]!, args[2]!, args[3]!, args[4]!, args[5]!, 0, rows, 0);
  }
  return arena.read(out, n);
}

import { checkConvGeometry, expectLength, KernelArgumentError } from './checks.js';
import { type ConvGeometry, type PackedWeights, packWeights } from './gemm.js';
import { convGemm } from './conv2d.js';
import type { FoveaKernels } from './loader.js';

/**
 * An HWIO filter [kh, kw, Cin, Cout] flipped in space with in/out channels swapped
 * ([kh, kw, Cout, Cin]): the filter of the convolution of dy that gives dx.
 */
export function flipConv2DFilter(filter: Float32Array, geometry: ConvGeometry): Float32Array {
  checkConvGeometry(geometry);
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = geometry;
  expectLength('filter', filter, kh * kw * cin * cout, 'kh·kw·Cin·Cout');
  const flipped = new Float32Array(filter.length);
  for (let fh = 0; fh < kh; fh++) {
    for (let fw = 0; fw < kw; fw++) {
      const from = ((kh - 1 - fh) * kw + (kw - 1 - fw)) * cin * cout;
      const to = (fh * kw + fw) * cout * cin;
      for (let ci = 0; ci < cin; ci++) {
        for (let co = 0; co < cout; co++) flipped[to + co * cin + ci] = filter[from + ci * cout + co]!;
      }
    }
  }
  return flipped;
}

/** Pack a filter for conv2dBackpropInput (flipConv2DFilter's layout), so dx is a plain convolution of the dilated dy. */
export function packConv2DBackpropInputFilter(
  kernels: FoveaKernels,
  filter: Float32Array,
  geometry: ConvGeometry,
): PackedWeights {
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = geometry;
  return packWeights(kernels, flipConv2DFilter(filter, geometry), kh * kw * cout, cin);
}

/**
 * For a stride-1 forward convolution, the geometry of the convolution of dy with
 * flipConv2DFilter's filter that gives dx (any conv kernel then computes the gradient, Winograd
 * included); undefined for strided ones (their dy needs holes between its pixels) and for paddings
 * beyond the filter (which no convolution of dy reproduces).
 */
export function conv2dBackpropInputAsConv(g: ConvGeometry): ConvGeometry | undefined {
  if (g.strideHeight !== 1 || g.strideWidth !== 1) return undefined;
  const top = (g.filterHeight - 1) * g.dilationHeight - g.padInfo.top;
  const left = (g.filterWidth - 1) * g.dilationWidth - g.padInfo.left;
  if (top < 0 || left < 0) return undefined;
  return {
    batchSize: g.batchSize, inHeight: g.outHeight, inWidth: g.outWidth, inChannels: g.outChannels,
    outHeight: g.inHeight, outWidth: g.inWidth, outChannels: g.inChannels,
    filterHeight: g.filterHeight, filterWidth: g.filterWidth, strideHeight: 1, strideWidth: 1,
    dilationHeight: g.dilationHeight, dilationWidth: g.dilationWidth, padInfo: { top, left },
  };
}

/**
 * The gradient of conv2d with respect to its input (also conv2dTranspose): dy
 * [batch, outH, outW, Cout] → dx [batch, H, W, Cin] for the forward convolution `geometry`.
 */
export function conv2dBackpropInput(
  kernels: FoveaKernels,
  dy: Float32Array,
  filter: PackedWeights,
  geometry: ConvGeometry,
): Float32Array {
  const g = geometry;
  const noOutput = checkConvGeometry(g);
  const { filterHeight: kh, filterWidth: kw } = g;
  expectLength('dy', dy, g.batchSize * g.outHeight * g.outWidth * g.outChannels, 'batch·outH·outW·Cout');
  // No forward output: no gradient reaches the input.
  if (noOutput) return new Float32Array(g.batchSize * g.inHeight * g.inWidth * g.inChannels);
  if (filter.rows !== kh * kw * g.outChannels || filter.columns !== g.inChannels) {
    throw new KernelArgumentError(
      `filter: packed ${filter.rows}×${filter.columns}, expected ${kh * kw * g.outChannels}×${g.inChannels} (use packConv2DBackpropInputFilter)`,
    );
  }
  const { arena, exports } = kernels;
  arena.reset();
  const Hs = g.inHeight + (kh - 1) * g.dilationHeight;
  const Ws = g.inWidth + (kw - 1) * g.dilationWidth;
  const dyPtr = arena.allocFrom(dy);
  const packed = arena.allocFrom(filter.panels);
  const staged = arena.alloc(g.batchSize * Hs * Ws * g.outChannels);
  const pixels = g.batchSize * g.inHeight * g.inWidth;
  const rowOff = arena.alloc(pixels);
  const runOff = arena.alloc(kh * kw);
  const dx = arena.alloc(pixels * g.inChannels);
  // dx is a stride-1 convolution of dy with (stride − 1) holes between its pixels, padded by
  // (effective filter − 1 − forward padding), with the flipped, transposed filter.
  const effKh = (kh - 1) * g.dilationHeight + 1;
  const effKw = (kw - 1) * g.dilationWidth + 1;
  exports.padInput(
    dyPtr, g.batchSize, g.outHeight, g.outWidth, g.outChannels, 1, staged, Hs, Ws, g.outChannels,
    effKh - 1 - g.padInfo.top, effKw - 1 - g.padInfo.left, g.strideHeight, g.strideWidth,
  );
  const transposed = {
    batchSize: g.batchSize, outHeight: g.inHeight, outWidth: g.inWidth, outChannels: g.inChannels,
    filterHeight: kh, filterWidth: kw, strideHeight: 1, strideWidth: 1,
    dilationHeight: g.dilationHeight, dilationWidth: g.dilationWidth,
  };
  const noEpilogue = { bias: 0, activation: 0, alpha: 0, alphaPtr: 0, alphaChannels: 1 };
  convGemm(kernels, staged, Hs, Ws, g.outChannels, transposed, packed, noEpilogue, dx, rowOff, runOff);
  return arena.read(dx, pixels * g.inChannels);
}

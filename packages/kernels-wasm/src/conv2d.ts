import { type ConvGeometry, checkLength, type Epilogue, type PackedWeights, packWeights, stageEpilogue } from './gemm.js';
import type { FoveaKernels } from './loader.js';

/** Pack an HWIO filter [kh, kw, Cin, Cout] once; pass the result to every conv2d call. */
export function packConv2DFilter(kernels: FoveaKernels, filter: Float32Array, geometry: ConvGeometry): PackedWeights {
  const { filterHeight, filterWidth, inChannels, outChannels } = geometry;
  checkLength('filter', filter, filterHeight * filterWidth * inChannels * outChannels, 'kh·kw·Cin·Cout');
  return packWeights(kernels, filter, filterHeight * filterWidth * inChannels, outChannels);
}

/**
 * Height and width of the zero-padded input in which every window of the convolution lies:
 * output pixel (oh, ow) reads from row oh·sh, column ow·sw.
 */
export function stagedSize(g: ConvGeometry): [number, number] {
  return [
    (g.outHeight - 1) * g.strideHeight + (g.filterHeight - 1) * g.dilationHeight + 1,
    (g.outWidth - 1) * g.strideWidth + (g.filterWidth - 1) * g.dilationWidth + 1,
  ];
}

/**
 * Conv2D, NHWC input [batch, H, W, Cin] → [batch, outH, outW, Cout], with the fused epilogue.
 * Padding, strides and dilations come from `geometry` (tfjs's computeConv2DInfo gives one).
 */
export function conv2d(
  kernels: FoveaKernels,
  x: Float32Array,
  filter: PackedWeights,
  geometry: ConvGeometry,
  epilogue: Epilogue = {},
): Float32Array {
  const g = geometry;
  const C = g.inChannels;
  checkLength('x', x, g.batchSize * g.inHeight * g.inWidth * C, 'batch·H·W·Cin');
  if (filter.rows !== g.filterHeight * g.filterWidth * C || filter.columns !== g.outChannels) {
    throw new Error(
      `filter: packed ${filter.rows}×${filter.columns}, expected ${g.filterHeight * g.filterWidth * C}×${g.outChannels} (kh·kw·Cin × Cout)`,
    );
  }
  const { arena, exports } = kernels;
  arena.reset();
  const [Hp, Wp] = stagedSize(g);
  const { top, left } = g.padInfo;
  const needsStaging = top !== 0 || left !== 0 || Hp > g.inHeight || Wp > g.inWidth;
  let xs = arena.allocFrom(x);
  let Hs = g.inHeight;
  let Ws = g.inWidth;
  if (needsStaging) {
    const staged = arena.alloc(g.batchSize * Hp * Wp * C);
    exports.padInput(xs, g.batchSize, g.inHeight, g.inWidth, C, 1, staged, Hp, Wp, C, top, left, 1, 1);
    xs = staged;
    Hs = Hp;
    Ws = Wp;
  }
  const packed = arena.allocFrom(filter.panels);
  const e = stageEpilogue(arena, epilogue, g.outChannels);
  const pixels = g.batchSize * g.outHeight * g.outWidth;
  const rowOff = arena.alloc(pixels);
  const runOff = arena.alloc(g.filterHeight * g.filterWidth);
  const scratch = arena.alloc(8);
  const out = arena.alloc(pixels * g.outChannels);
  exports.conv2d(
    xs, g.batchSize, Hs, Ws, C, packed, e.bias, out,
    g.outHeight, g.outWidth, g.outChannels, g.filterHeight, g.filterWidth,
    g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth,
    rowOff, runOff, scratch, e.activation, e.alpha, e.alphaPtr, e.alphaChannels,
  );
  return arena.read(out, pixels * g.outChannels);
}

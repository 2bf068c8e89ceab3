import { checkConvGeometry, expectLength, KernelArgumentError } from './checks.js';
import {
  type ConvGeometry,
  type Epilogue,
  type PackedWeights,
  packWeights,
  type StagedEpilogue,
  stageEpilogue,
} from './gemm.js';
import type { Arena } from './arena.js';
import type { FoveaKernels } from './loader.js';

/** Pack an HWIO filter [kh, kw, Cin, Cout] once; pass the result to every conv2d call. */
export function packConv2DFilter(kernels: FoveaKernels, filter: Float32Array, geometry: ConvGeometry): PackedWeights {
  checkConvGeometry(geometry);
  const { filterHeight, filterWidth, inChannels, outChannels } = geometry;
  expectLength('filter', filter, filterHeight * filterWidth * inChannels * outChannels, 'kh·kw·Cin·Cout');
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
 * Whether a convolution's windows reach past the input (padding at any side): then a GEMM
 * convolution (and the filter gradients) stage x with zeros around it, which every filter (or dy)
 * value meets.
 */
export function stagedConvPadding(g: ConvGeometry): boolean {
  const [Hp, Wp] = stagedSize(g);
  return g.padInfo.top > 0 || g.padInfo.left > 0 || Hp > g.inHeight || Wp > g.inWidth;
}

/**
 * Copy NHWC `x` (batch×H×W×C) into a new zero-padded batch×Hp×Wp×C arena block with its
 * origin at (top, left), cropping what falls outside. One pass from JS: cheaper than copying
 * into the arena and padding there. Returns the block's pointer.
 *
 * The stager for spatial zero padding (Conv2D, grouped and Winograd convolution). Repeated or
 * tile-padded channels and holes between pixels are assembly/conv2d.ts's padInput's job.
 */
export function stageInput(
  arena: Arena,
  x: Float32Array,
  [batch, H, W, C]: readonly [number, number, number, number],
  Hp: number,
  Wp: number,
  top: number,
  left: number,
): number {
  const ptr = arena.alloc(batch * Hp * Wp * C);
  const view = arena.f32(ptr, batch * Hp * Wp * C);
  const rowFloats = Wp * C;
  // Input columns [j0, j1) land inside the block.
  const j0 = Math.max(0, -left);
  const j1 = Math.min(W, Wp - left);
  for (let b = 0; b < batch; b++) {
    for (let y = 0; y < Hp; y++) {
      const row = (b * Hp + y) * rowFloats;
      const i = y - top;
      if (i < 0 || i >= H || j1 <= j0) {
        view.fill(0, row, row + rowFloats);
        continue;
      }
      const from = ((b * H + i) * W + j0) * C;
      const at = row + (j0 + left) * C;
      view.fill(0, row, at);
      view.set(x.subarray(from, from + (j1 - j0) * C), at);
      view.fill(0, at + (j1 - j0) * C, row + rowFloats);
    }
  }
  return ptr;
}

/**
 * A GEMM convolution's input in the arena, every window inside it: `x` itself where the
 * convolution reads no padding, else a zero-padded staged copy (stageInput). Its pointer and size.
 */
export function convInput(arena: Arena, x: Float32Array, g: ConvGeometry): { xs: number; Hs: number; Ws: number } {
  const [Hp, Wp] = stagedSize(g);
  const { top, left } = g.padInfo;
  if (top === 0 && left === 0 && Hp <= g.inHeight && Wp <= g.inWidth) {
    return { xs: arena.allocFrom(x), Hs: g.inHeight, Ws: g.inWidth };
  }
  return { xs: stageInput(arena, x, [g.batchSize, g.inHeight, g.inWidth, g.inChannels], Hp, Wp, top, left), Hs: Hp, Ws: Wp };
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
  const empty = checkConvGeometry(g);
  const C = g.inChannels;
  expectLength('x', x, g.batchSize * g.inHeight * g.inWidth * C, 'batch·H·W·Cin');
  if (empty) return new Float32Array(0);
  if (filter.rows !== g.filterHeight * g.filterWidth * C || filter.columns !== g.outChannels) {
    throw new KernelArgumentError(
      `filter: packed ${filter.rows}×${filter.columns}, expected ${g.filterHeight * g.filterWidth * C}×${g.outChannels} (kh·kw·Cin × Cout)`,
    );
  }
  const { arena } = kernels;
  arena.reset();
  const { xs, Hs, Ws } = convInput(arena, x, g);
  const packed = arena.allocFrom(filter.panels);
  const e = stageEpilogue(arena, epilogue, g.outChannels);
  const pixels = g.batchSize * g.outHeight * g.outWidth;
  const rowOff = arena.alloc(pixels);
  const runOff = arena.alloc(g.filterHeight * g.filterWidth);
  const out = arena.alloc(pixels * g.outChannels);
  convGemm(kernels, xs, Hs, Ws, C, g, packed, e, out, rowOff, runOff);
  return arena.read(out, pixels * g.outChannels);
}

/**
 * The GEMM of a convolution over a staged input xs (batch×Hs×Ws×C, every window inside it):
 * output pixels split across threads in tiles of 4 rows (the micro-kernel's height).
 */
export function convGemm(
  kernels: FoveaKernels,
  xs: number,
  Hs: number,
  Ws: number,
  C: number,
  g: Omit<ConvGeometry, 'inChannels' | 'inHeight' | 'inWidth' | 'padInfo'>,
  packed: number,
  e: StagedEpilogue,
  out: number,
  rowOff: number,
  runOff: number,
): void {
  const { arena, exports } = kernels;
  const pixels = g.batchSize * g.outHeight * g.outWidth;
  const runs = exports.conv2dOffsets(
    g.batchSize, Hs, Ws, C, g.outHeight, g.outWidth, g.filterHeight, g.filterWidth,
    g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, rowOff, runOff,
  );
  const K = g.filterHeight * g.filterWidth * C;
  const scratch = arena.alloc(8 * kernels.threads);
  kernels.parallel(
    'gemmRows',
    [xs, rowOff, runOff, runs, K / runs, packed, e.bias, out, g.outChannels, scratch, e.activation, e.alpha, e.alphaPtr, e.alphaChannels],
    pixels, 4, pixels * K * g.outChannels,
  );
}

import { checkConvGeometry, expectLength, KernelArgumentError } from './checks.js';
import { stageInput } from './conv2d.js';
import { type ConvGeometry, type Epilogue, type PackedWeights, panelFloats, stageEpilogue } from './gemm.js';
import type { FoveaKernels } from './loader.js';

/** Elements of the transformed 4×4 tile: one GEMM each. */
const TRANSFORMED = 16;
/**
 * Fewest input channels worth the transforms: with fewer, each of the 16 GEMMs is too short
 * (K = Cin) to beat the direct GEMM's K = 9·Cin, and the transforms dominate.
 */
const MIN_IN_CHANNELS = 16;
/** Bytes of one GEMM operand block (tiles × Cin) to aim for: about an L1 data cache. */
const BLOCK_OPERAND_BYTES = 32 * 1024;

/**
 * Whether winogradConv2d computes this convolution: a 3×3 filter at stride 1 without dilation,
 * input and output channels multiples of 4 (the transforms' vector width), at least
 * MIN_IN_CHANNELS input channels.
 */
export function winogradApplies(g: ConvGeometry): boolean {
  return (
    g.filterHeight === 3 &&
    g.filterWidth === 3 &&
    g.strideHeight === 1 &&
    g.strideWidth === 1 &&
    g.dilationHeight === 1 &&
    g.dilationWidth === 1 &&
    g.inChannels % 4 === 0 &&
    g.outChannels % 4 === 0 &&
    g.inChannels >= MIN_IN_CHANNELS &&
    g.outHeight * g.outWidth * g.batchSize > 0
  );
}

function checkApplies(g: ConvGeometry): void {
  checkConvGeometry(g);
  if (!winogradApplies(g)) {
    throw new KernelArgumentError(
      `winogradConv2d: needs a 3×3 filter, stride 1, dilation 1, channels multiples of 4 and at least ${MIN_IN_CHANNELS} input channels; ` +
        `got ${g.filterHeight}×${g.filterWidth}, strides ${g.strideHeight}×${g.strideWidth}, dilations ${g.dilationHeight}×${g.dilationWidth}, ` +
        `${g.inChannels} → ${g.outChannels} channels (use conv2d)`,
    );
  }
}

/**
 * Transform and pack an HWIO filter [3, 3, Cin, Cout] once for winogradConv2d: 16 panel sets of
 * Cin×Cout (rows = 16·Cin, to tell it from conv2d's 9·Cin packing).
 */
export function packWinogradFilter(kernels: FoveaKernels, filter: Float32Array, geometry: ConvGeometry): PackedWeights {
  checkApplies(geometry);
  const C = geometry.inChannels;
  const N = geometry.outChannels;
  expectLength('filter', filter, 9 * C * N, '3·3·Cin·Cout');
  const { arena, exports } = kernels;
  arena.reset();
  const src = arena.allocFrom(filter);
  const transformed = arena.alloc(TRANSFORMED * C * N);
  exports.winogradFilterTransform(src, transformed, C, N);
  const matrixFloats = panelFloats(C, N);
  const panels = arena.alloc(TRANSFORMED * matrixFloats);
  for (let e = 0; e < TRANSFORMED; e++) {
    exports.packPanels(transformed + e * C * N * 4, panels + e * matrixFloats * 4, C, N, false);
  }
  return { rows: TRANSFORMED * C, columns: N, panels: arena.read(panels, TRANSFORMED * matrixFloats) };
}

/**
 * Conv2D by Winograd F(2×2, 3×3) where winogradApplies(geometry): NHWC [batch, H, W, Cin] →
 * [batch, outH, outW, Cout] with the fused epilogue, 'same', 'valid' or explicit padding. Each 2×2
 * output tile costs 16 multiply-adds per channel pair instead of 36; results match conv2d's to
 * float32 rounding (a few ulps of the larger terms), not bit for bit.
 *
 * Where that cannot hold — an Inf or NaN in the input, filter or bias, or values near float32's
 * range, where the transforms compute Inf − Inf or overflow and the direct sum does not — some
 * output before the activation is non-finite or beyond 2^100, and the kernel says so: the result
 * is then `direct()`'s, the same convolution computed directly (conv2d with packConv2DFilter's
 * packing), so IEEE results (NaN, ±Inf) are the direct convolution's. Without `direct` such a call
 * throws. The check costs a compare per output; the direct call only happens for such inputs.
 */
export function winogradConv2d(
  kernels: FoveaKernels,
  x: Float32Array,
  packed: PackedWeights,
  geometry: ConvGeometry,
  epilogue: Epilogue = {},
  direct?: () => Float32Array,
): Float32Array {
  const g = geometry;
  checkApplies(g);
  const C = g.inChannels;
  const N = g.outChannels;
  expectLength('x', x, g.batchSize * g.inHeight * g.inWidth * C, 'batch·H·W·Cin');
  if (packed.rows !== TRANSFORMED * C || packed.columns !== N) {
    throw new KernelArgumentError(
      `filter: packed ${packed.rows}×${packed.columns}, expected ${TRANSFORMED * C}×${N} (packWinogradFilter's 16·Cin × Cout)`,
    );
  }
  const { arena, exports } = kernels;
  arena.reset();
  const tilesH = Math.ceil(g.outHeight / 2);
  const tilesW = Math.ceil(g.outWidth / 2);
  // Every tile's 4×4 patch lies inside the staged input, the last ones partly in its zero border.
  const Hs = 2 * tilesH + 2;
  const Ws = 2 * tilesW + 2;
  const xs = stageInput(arena, x, [g.batchSize, g.inHeight, g.inWidth, C], Hs, Ws, g.padInfo.top, g.padInfo.left);
  const panels = arena.allocFrom(packed.panels);
  const e = stageEpilogue(arena, epilogue, N);
  const blockRows = Math.max(1, Math.min(tilesH, Math.floor(BLOCK_OPERAND_BYTES / (4 * C * tilesW))));
  const capacity = blockRows * tilesW;
  const rowOff = arena.alloc(capacity);
  exports.denseRowOffsets(rowOff, capacity, C);
  const runOff = arena.alloc(1);
  arena.f32(runOff, 1)[0] = 0;
  // 16 V and 16 M matrices, each followed by assembly/winograd.ts's 16-float gap, and the GEMM's 8 floats.
  const partFloats = TRANSFORMED * (capacity * (C + N) + 32) + 8;
  const scratch = arena.alloc(partFloats * kernels.threads);
  const out = arena.alloc(g.batchSize * g.outHeight * g.outWidth * N);
  const untrusted = arena.alloc(1);
  const flag = () => new Int32Array(kernels.memory.buffer, untrusted, 1);
  flag()[0] = 0;
  const tileRows = g.batchSize * tilesH;
  kernels.parallel(
    'winogradConv2dRows',
    [
      xs, Hs, Ws, C, tilesH, tilesW, blockRows, panels, panelFloats(C, N) * 4, e.bias, out, g.outHeight, g.outWidth, N,
      rowOff, runOff, scratch, partFloats * 4, untrusted, e.activation, e.alpha, e.alphaPtr, e.alphaChannels,
    ],
    tileRows, 1, TRANSFORMED * tileRows * tilesW * C * N,
  );
  if (flag()[0] !== 0) {
    if (direct === undefined) {
      throw new KernelArgumentError(
        'winogradConv2d: the input, filter or bias holds Inf, NaN or values near float32\'s range, where Winograd\'s transforms ' +
          'would differ from the direct convolution: pass `direct` (e.g. () => conv2d(kernels, x, packConv2DFilter(kernels, filter, geometry), geometry, epilogue))',
      );
    }
    return direct();
  }
  return arena.read(out, g.batchSize * g.outHeight * g.outWidth * N);
}

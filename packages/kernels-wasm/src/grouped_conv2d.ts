import { checkConvGeometry, expectLength, KernelArgumentError } from './checks.js';
import { convInput } from './conv2d.js';
import { type ConvGeometry, type Epilogue, PANEL_WIDTH, panelFloats, stageEpilogue } from './gemm.js';
import type { FoveaKernels } from './loader.js';

/** A grouped filter packed for groupedConv2d: one panel set of (kh·kw·Cin/groups)×(Cout/groups) per group. */
export interface PackedGroupedWeights {
  readonly groups: number;
  /** Rows of each group's matrix: kh·kw·Cin/groups. */
  readonly rows: number;
  /** All output channels, Cout. */
  readonly columns: number;
  readonly panels: Float32Array;
}

/** Cin/groups and Cout/groups; throws unless groups divides both. */
function groupSizes(g: ConvGeometry, groups: number): [number, number] {
  if (!Number.isInteger(groups) || groups < 1 || g.inChannels % groups !== 0 || g.outChannels % groups !== 0) {
    throw new KernelArgumentError(
      `groups: got ${groups}, expected a positive divisor of both inChannels (${g.inChannels}) and outChannels (${g.outChannels})`,
    );
  }
  return [g.inChannels / groups, g.outChannels / groups];
}

/**
 * Pack a grouped Conv2D filter (Keras's layout [kh, kw, Cin/groups, Cout]; group g's filters are
 * output channels [g·Cout/groups, (g+1)·Cout/groups)) once, for groupedConv2d.
 */
export function packGroupedConv2DFilter(
  kernels: FoveaKernels,
  filter: Float32Array,
  geometry: ConvGeometry,
  groups: number,
): PackedGroupedWeights {
  const g = geometry;
  checkConvGeometry(g);
  const [Cg, Ng] = groupSizes(g, groups);
  const Cout = g.outChannels;
  const K = g.filterHeight * g.filterWidth * Cg;
  expectLength('filter', filter, K * Cout, 'kh·kw·(Cin/groups)·Cout');
  const groupFloats = panelFloats(K, Ng);
  const { arena, exports } = kernels;
  arena.reset();
  const panels = arena.alloc(groups * groupFloats);
  const slice = arena.alloc(K * Ng);
  const sliceView = arena.f32(slice, K * Ng);
  for (let group = 0; group < groups; group++) {
    // Group g's K×Ng matrix: columns [g·Ng, (g+1)·Ng) of the K×Cout filter.
    for (let k = 0; k < K; k++) sliceView.set(filter.subarray(k * Cout + group * Ng, k * Cout + (group + 1) * Ng), k * Ng);
    exports.packPanels(slice, panels + group * groupFloats * 4, K, Ng, false);
  }
  return { groups, rows: K, columns: Cout, panels: arena.read(panels, groups * groupFloats) };
}

/**
 * Grouped Conv2D, NHWC input [batch, H, W, Cin] → [batch, outH, outW, Cout]: input channels split
 * into `packed.groups` groups, each convolved with its own Cout/groups filters (ResNeXt), with the
 * fused epilogue. One pass per block of output pixels over every group: no split or concat copies.
 */
export function groupedConv2d(
  kernels: FoveaKernels,
  x: Float32Array,
  packed: PackedGroupedWeights,
  geometry: ConvGeometry,
  epilogue: Epilogue = {},
): Float32Array {
  const g = geometry;
  const { groups } = packed;
  const empty = checkConvGeometry(g);
  const [Cg, Ng] = groupSizes(g, groups);
  const C = g.inChannels;
  const Cout = g.outChannels;
  const taps = g.filterHeight * g.filterWidth;
  expectLength('x', x, g.batchSize * g.inHeight * g.inWidth * C, 'batch·H·W·Cin');
  if (empty) return new Float32Array(0);
  if (packed.rows !== taps * Cg || packed.columns !== Cout) {
    throw new KernelArgumentError(`filter: packed ${packed.rows}×${packed.columns} per group, expected ${taps * Cg}×${Cout} (kh·kw·Cin/groups × Cout)`);
  }
  const { arena, exports } = kernels;
  arena.reset();
  const { xs, Hs, Ws } = convInput(arena, x, g);
  const panels = arena.allocFrom(packed.panels);
  // A group's bias slice starts at g·Ng and the kernel reads whole 8-float panels from there:
  // one spare panel past Cout keeps the last group's read inside the block.
  const e = stageEpilogue(arena, epilogue, Cout, Math.ceil(Cout / PANEL_WIDTH) * PANEL_WIDTH + PANEL_WIDTH);
  const pixels = g.batchSize * g.outHeight * g.outWidth;
  const rowOff = arena.alloc(pixels);
  const runOff = arena.alloc(taps);
  exports.pixelOffsets(g.batchSize, Hs, Ws, C, g.outHeight, g.outWidth, g.strideHeight, g.strideWidth, rowOff);
  // One run per tap: a group reads Cg channels of each window pixel, not the whole kw·C row.
  exports.tapOffsets(g.filterHeight, g.filterWidth, g.dilationHeight, g.dilationWidth, Ws, C, runOff);
  const scratch = arena.alloc(8 * kernels.threads);
  const out = arena.alloc(pixels * Cout);
  kernels.parallel(
    'groupedConv2dRows',
    [
      xs, rowOff, runOff, taps, Cg, groups, panels, panelFloats(taps * Cg, Ng) * 4, e.bias, Ng * 4, out, Ng, scratch,
      e.activation, e.alpha, e.alphaPtr, e.alphaChannels,
    ],
    pixels, 4, pixels * taps * Cg * Cout,
  );
  return arena.read(out, pixels * Cout);
}

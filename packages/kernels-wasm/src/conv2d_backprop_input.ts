import { checkConvGeometry, expectLength, KernelArgumentError } from './checks.js';
import { type ConvGeometry, type PackedWeights, packWeights, panelFloats } from './gemm.js';
import { convGemm, stageInput } from './conv2d.js';
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

/** One sub-pixel phase of a strided transposed convolution: its taps and its panels' place in PackedPhases.panels. */
export interface TransposePhase {
  /** dx rows y with (y + padTop) mod strideHeight = rowPhase read this phase's taps (columns alike). */
  rowPhase: number;
  colPhase: number;
  /** Taps of the phase's sub-filter: ⌈(kh − rowPhase) / sh⌉ × ⌈(kw − colPhase) / sw⌉ (0 when the phase has none). */
  tapsHeight: number;
  tapsWidth: number;
  /** Its packed panels: panels[offset, offset + length). */
  offset: number;
  length: number;
}

/** The filter of conv2dBackpropInputByPhases: every phase's flipped, channel-swapped sub-filter, packed. */
export interface PackedPhases extends PackedWeights {
  phases: TransposePhase[];
}

/**
 * Whether conv2dBackpropInputByPhases applies: a strided forward conv (transposed conv with
 * stride > 1) without dilation. Its cost is then the direct count of multiply-adds, where the
 * convolution of dy with holes between its pixels (conv2dBackpropInput) multiplies stride² times more.
 */
export function transposeByPhases(g: ConvGeometry): boolean {
  return (g.strideHeight > 1 || g.strideWidth > 1) && g.dilationHeight === 1 && g.dilationWidth === 1;
}

function phaseTaps(size: number, stride: number, phase: number): number {
  return phase >= size ? 0 : Math.ceil((size - phase) / stride);
}

/**
 * Pack a filter [kh, kw, Cin, Cout] for conv2dBackpropInputByPhases: for each of the
 * strideHeight × strideWidth phases (rh, rw), the taps (rh + sh·t, rw + sw·u) flipped in space
 * with in/out channels swapped, so that the phase's dx pixels are a stride-1 convolution of dy.
 */
export function packConv2DBackpropInputPhases(kernels: FoveaKernels, filter: Float32Array, geometry: ConvGeometry): PackedPhases {
  checkConvGeometry(geometry);
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout, strideHeight: sh, strideWidth: sw } = geometry;
  expectLength('filter', filter, kh * kw * cin * cout, 'kh·kw·Cin·Cout');
  const phases: TransposePhase[] = [];
  let total = 0;
  for (let rowPhase = 0; rowPhase < sh; rowPhase++) {
    for (let colPhase = 0; colPhase < sw; colPhase++) {
      const tapsHeight = phaseTaps(kh, sh, rowPhase);
      const tapsWidth = phaseTaps(kw, sw, colPhase);
      const length = tapsHeight * tapsWidth === 0 ? 0 : panelFloats(tapsHeight * tapsWidth * cout, cin);
      phases.push({ rowPhase, colPhase, tapsHeight, tapsWidth, offset: total, length });
      total += length;
    }
  }
  const { arena, exports } = kernels;
  arena.reset();
  const dst = arena.alloc(Math.max(total, 1));
  for (const p of phases) {
    if (p.length === 0) continue;
    const sub = new Float32Array(p.tapsHeight * p.tapsWidth * cout * cin);
    for (let jh = 0; jh < p.tapsHeight; jh++) {
      for (let jw = 0; jw < p.tapsWidth; jw++) {
        const fh = p.rowPhase + sh * (p.tapsHeight - 1 - jh);
        const fw = p.colPhase + sw * (p.tapsWidth - 1 - jw);
        const from = (fh * kw + fw) * cin * cout;
        const to = (jh * p.tapsWidth + jw) * cout * cin;
        for (let ci = 0; ci < cin; ci++) {
          for (let co = 0; co < cout; co++) sub[to + co * cin + ci] = filter[from + ci * cout + co]!;
        }
      }
    }
    exports.packPanels(arena.allocFrom(sub), dst + 4 * p.offset, p.tapsHeight * p.tapsWidth * cout, cin, false);
  }
  return { rows: kh * kw * cout, columns: cin, panels: arena.read(dst, Math.max(total, 1)), phases };
}

/**
 * conv2dBackpropInput of a strided convolution (a strided transposed convolution) by sub-pixel
 * phases: dx pixel y receives dy[q − t]·W[r + s·t] where r = (y + padTop) mod s and q = ⌊(y + padTop) / s⌋,
 * so each phase (r_h, r_w) is a stride-1 convolution of dy with that phase's taps (packed by
 * packConv2DBackpropInputPhases), written to every s-th pixel of dx. The multiply-adds are the
 * transposed conv's own: none on the zeros that a convolution of dy with holes would read.
 */
export function conv2dBackpropInputByPhases(kernels: FoveaKernels, dy: Float32Array, filter: PackedPhases, geometry: ConvGeometry): Float32Array {
  const g = geometry;
  const { batchSize: batch, inHeight: H, inWidth: W, inChannels: cin, outChannels: cout, strideHeight: sh, strideWidth: sw } = g;
  const noOutput = checkConvGeometry(g);
  expectLength('dy', dy, batch * g.outHeight * g.outWidth * cout, 'batch·outH·outW·Cout');
  if (!transposeByPhases(g)) throw new KernelArgumentError(`conv2dBackpropInputByPhases: needs strides > 1 and no dilation, got strides ${sh}×${sw}, dilations ${g.dilationHeight}×${g.dilationWidth}`);
  if (filter.rows !== g.filterHeight * g.filterWidth * cout || filter.columns !== cin || filter.phases.length !== sh * sw) {
    throw new KernelArgumentError(
      `filter: packed ${filter.rows}×${filter.columns} in ${filter.phases.length} phases, expected ${g.filterHeight * g.filterWidth * cout}×${cin} in ${sh * sw} (use packConv2DBackpropInputPhases)`,
    );
  }
  // No forward output: no gradient reaches the input.
  if (noOutput) return new Float32Array(batch * H * W * cin);
  const { arena } = kernels;
  arena.reset();
  const pixels = batch * H * W;
  const dx = arena.alloc(pixels * cin);
  arena.f32(dx, pixels * cin).fill(0);
  const { top, left } = g.padInfo;
  const noEpilogue = { bias: 0, activation: 0, alpha: 0, alphaPtr: 0, alphaChannels: 1 };
  for (const p of filter.phases) {
    if (p.length === 0) continue;
    // The phase's dx rows are y = q·sh + rh − top for q in [q0, q1] (inside 0..H−1); columns alike.
    const q0h = Math.ceil((top - p.rowPhase) / sh);
    const q1h = Math.floor((H - 1 + top - p.rowPhase) / sh);
    const q0w = Math.ceil((left - p.colPhase) / sw);
    const q1w = Math.floor((W - 1 + left - p.colPhase) / sw);
    const rows = q1h - q0h + 1;
    const cols = q1w - q0w + 1;
    if (rows <= 0 || cols <= 0) continue;
    // Staged row u holds dy row u + q0 − (taps − 1): output row m reads dy rows q0 + m − taps + 1 .. q0 + m.
    const Hs = rows + p.tapsHeight - 1;
    const Ws = cols + p.tapsWidth - 1;
    const staged = stageInput(arena, dy, [batch, g.outHeight, g.outWidth, cout], Hs, Ws, p.tapsHeight - 1 - q0h, p.tapsWidth - 1 - q0w);
    const packed = arena.allocFrom(filter.panels.subarray(p.offset, p.offset + p.length));
    const phasePixels = batch * rows * cols;
    const rowOff = arena.alloc(phasePixels);
    const runOff = arena.alloc(p.tapsHeight * p.tapsWidth);
    const out = arena.alloc(phasePixels * cin);
    const phaseGeometry = {
      batchSize: batch, outHeight: rows, outWidth: cols, outChannels: cin,
      filterHeight: p.tapsHeight, filterWidth: p.tapsWidth, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
    };
    convGemm(kernels, staged, Hs, Ws, cout, phaseGeometry, packed, noEpilogue, out, rowOff, runOff);
    // Views after the allocations (a growing memory detaches older ones).
    const source = arena.f32(out, phasePixels * cin);
    const target = arena.f32(dx, pixels * cin);
    for (let b = 0; b < batch; b++) {
      for (let m = 0; m < rows; m++) {
        const y = (q0h + m) * sh + p.rowPhase - top;
        for (let n = 0; n < cols; n++) {
          const x = (q0w + n) * sw + p.colPhase - left;
          const from = ((b * rows + m) * cols + n) * cin;
          target.set(source.subarray(from, from + cin), ((b * H + y) * W + x) * cin);
        }
      }
    }
  }
  return arena.read(dx, pixels * cin);
}

// Grouped Conv2D (ResNeXt's cardinality, AlexNet's two towers), NHWC: output channels
// [g·Ng, (g+1)·Ng) see only input channels [g·Cg, (g+1)·Cg). Each group is the packed GEMM of
// gemm.ts over its own channel slice of every window (runs of Cg floats, one per filter tap),
// written into its own column slice of the output rows; no split or concat copies.
import { applyActivation } from './activation';
import { gemm } from './gemm_microkernel';

/** Output pixels per block: the block's windows stay in cache while every group reads them. */
const BLOCK_PIXELS: i32 = 64;

/**
 * Output pixels [start, end) of a grouped convolution over a staged input xs (every window
 * inside it). rowOff: one i32 byte offset per output pixel (its window corner); runOff: kh·kw
 * i32 byte offsets of the taps; packed: `groups` panel sets of (kh·kw·Cg)×Ng, `groupPanelBytes`
 * apart; bias: `groups` slices of Ng floats padded to whole panels (`groupBiasBytes` apart) or 0;
 * out: rows of Cout = groups·Ng floats; the activation runs on each finished block.
 */
export function groupedConv2dRows(
  xs: usize,
  rowOff: usize,
  runOff: usize,
  taps: i32,
  Cg: i32,
  groups: i32,
  packed: usize,
  groupPanelBytes: i32,
  bias: usize,
  groupBiasBytes: i32,
  out: usize,
  Ng: i32,
  scratch: usize,
  activation: i32,
  alpha: f32,
  alphaPtr: usize,
  alphaChannels: i32,
  start: i32,
  end: i32,
  part: i32,
): void {
  const Cout = groups * Ng;
  const tileScratch = scratch + (<usize>part << 5);
  for (let p0 = start; p0 < end; p0 += BLOCK_PIXELS) {
    const pixels = min(BLOCK_PIXELS, end - p0);
    const first = out + ((<usize>p0 * <usize>Cout) << 2);
    for (let g = 0; g < groups; g++) {
      gemm(
        xs + ((<usize>g * <usize>Cg) << 2), rowOff + (<usize>p0 << 2), pixels, runOff, taps, Cg,
        packed + <usize>g * <usize>groupPanelBytes,
        bias != 0 ? bias + <usize>g * <usize>groupBiasBytes : 0,
        first + ((<usize>g * <usize>Ng) << 2), Ng, tileScratch, Cout,
      );
    }
    applyActivation(first, pixels * Cout, activation, alpha, alphaPtr, alphaChannels);
  }
}

import { checkConvGeometry, expectLength } from './checks.js';
import { type ConvGeometry, PANEL_WIDTH } from './gemm.js';
import { stagedSize } from './conv2d.js';
import { channelMultiplier } from './depthwise_conv2d.js';
import type { FoveaKernels } from './loader.js';
import { ACTIVATION } from './activation.js';
import { REDUCE_OP_CODES } from './reduce.js';

/** Channel multiplier, channels C, output channels C·mult and window of a depthwise geometry. */
function depthwiseDims(g: ConvGeometry): { mult: number; C: number; CM: number; kh: number; kw: number } {
  return { mult: channelMultiplier(g), C: g.inChannels, CM: g.outChannels, kh: g.filterHeight, kw: g.filterWidth };
}

/**
 * The gradient of depthwiseConv2d with respect to its input: dy [batch, outH, outW, C·mult] and
 * filter [kh, kw, C, mult] → dx [batch, H, W, C]. `geometry` is the forward one (outChannels C·mult).
 */
export function depthwiseConv2dBackpropInput(
  kernels: FoveaKernels,
  dy: Float32Array,
  filter: Float32Array,
  geometry: ConvGeometry,
): Float32Array {
  const g = geometry;
  if (checkConvGeometry(g)) return new Float32Array(g.batchSize * g.inHeight * g.inWidth * g.inChannels);
  const { mult, C, CM, kh, kw } = depthwiseDims(g);
  const taps = kh * kw;
  expectLength('dy', dy, g.batchSize * g.outHeight * g.outWidth * CM, 'batch·outH·outW·C·mult');
  expectLength('filter', filter, taps * CM, 'kh·kw·C·mult');
  const { arena, exports } = kernels;
  arena.reset();
  // The depthwise kernel reads whole 8-float channel tiles: channels padded to Cp.
  const Cp = Math.ceil(CM / PANEL_WIDTH) * PANEL_WIDTH;
  const Hs = g.inHeight + (kh - 1) * g.dilationHeight;
  const Ws = g.inWidth + (kw - 1) * g.dilationWidth;
  const dyPtr = arena.allocFrom(dy);
  const flipped = arena.alloc(taps * Cp);
  const view = arena.f32(flipped, taps * Cp);
  view.fill(0);
  for (let t = 0; t < taps; t++) view.set(filter.subarray((taps - 1 - t) * CM, (taps - t) * CM), t * Cp);
  const staged = arena.alloc(g.batchSize * Hs * Ws * Cp);
  const pixels = g.batchSize * g.inHeight * g.inWidth;
  const summed = mult > 1 ? arena.alloc(pixels * CM) : 0;
  const scratch = arena.alloc(8 * kernels.threads);
  const dx = arena.alloc(pixels * C);
  // dy with holes (the forward stride) and the padding that makes dx a 'valid' stride-1
  // depthwise convolution of it with the flipped filter: the forward kernel, rows split across
  // threads as in the forward pass.
  const effKh = (kh - 1) * g.dilationHeight + 1;
  const effKw = (kw - 1) * g.dilationWidth + 1;
  exports.padInput(
    dyPtr, g.batchSize, g.outHeight, g.outWidth, CM, 1, staged, Hs, Ws, Cp,
    effKh - 1 - g.padInfo.top, effKw - 1 - g.padInfo.left, g.strideHeight, g.strideWidth,
  );
  const out = mult > 1 ? summed : dx;
  kernels.parallel(
    'depthwiseConv2d',
    [staged, g.batchSize, Hs, Ws, Cp, flipped, 0, out, g.inHeight, g.inWidth, CM, kh, kw, 1, 1, g.dilationHeight, g.dilationWidth, 0, 0, scratch, ACTIVATION.linear, 0, 0, 1],
    g.batchSize * g.inHeight, 1, 4 * pixels * CM * taps,
  );
  // Each input channel sums the gradients of its `mult` output channels.
  // reduceRange's float32 sum along runs of `mult`: rows o at stride mult, one reduced position.
  if (mult > 1) exports.reduceRange(summed, dx, REDUCE_OP_CODES.sum, 0, 0, 0, mult, 0, 0, 1, mult, 1, 0, pixels * C, 0);
  return arena.read(dx, pixels * C);
}

/**
 * The gradient of depthwiseConv2d with respect to its filter: x [batch, H, W, C] and dy
 * [batch, outH, outW, C·mult] → dF [kh, kw, C, mult].
 */
export function depthwiseConv2dBackpropFilter(
  kernels: FoveaKernels,
  x: Float32Array,
  dy: Float32Array,
  geometry: ConvGeometry,
): Float32Array {
  const g = geometry;
  if (checkConvGeometry(g)) return new Float32Array(g.filterHeight * g.filterWidth * g.outChannels);
  const { mult, C, CM, kh, kw } = depthwiseDims(g);
  expectLength('x', x, g.batchSize * g.inHeight * g.inWidth * C, 'batch·H·W·C');
  expectLength('dy', dy, g.batchSize * g.outHeight * g.outWidth * CM, 'batch·outH·outW·C·mult');
  const { arena, exports } = kernels;
  arena.reset();
  const [Hs, Ws] = stagedSize(g);
  const xPtr = arena.allocFrom(x);
  const dyPtr = arena.allocFrom(dy);
  const staged = arena.alloc(g.batchSize * Hs * Ws * CM);
  // Output rows split across threads, each summing into its own block; then the blocks are added.
  const rows = g.batchSize * g.outHeight;
  // At least one block: with no output rows (an empty dy) the kernel still runs once, on an empty
  // range, and leaves its block zero.
  const parts = Math.max(1, Math.min(kernels.threads, rows));
  const blockFloats = kh * kw * CM;
  const dF = arena.alloc(parts * blockFloats);
  exports.padInput(xPtr, g.batchSize, g.inHeight, g.inWidth, C, mult, staged, Hs, Ws, CM, g.padInfo.top, g.padInfo.left, 1, 1);
  const used = kernels.parallel(
    'depthwiseConv2dBackpropFilterRows',
    [staged, Hs, Ws, CM, dyPtr, g.outHeight, g.outWidth, dF, kh, kw, g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth],
    rows, Math.ceil(rows / parts), 4 * rows * g.outWidth * blockFloats, 'static',
  );
  for (let p = 1; p < used; p++) exports.accumulate(dF, dF + p * blockFloats * 4, blockFloats);
  return arena.read(dF, blockFloats);
}

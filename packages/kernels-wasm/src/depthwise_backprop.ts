import { type ConvGeometry, checkLength, PANEL_WIDTH } from './gemm.js';
import { stagedSize } from './conv2d.js';
import { channelMultiplier } from './depthwise_conv2d.js';
import type { FoveaKernels } from './loader.js';

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
  const { mult, C, CM, kh, kw } = depthwiseDims(g);
  const taps = kh * kw;
  checkLength('dy', dy, g.batchSize * g.outHeight * g.outWidth * CM, 'batch·outH·outW·C·mult');
  checkLength('filter', filter, taps * CM, 'kh·kw·C·mult');
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
  const scratch = arena.alloc(8);
  const dx = arena.alloc(pixels * C);
  exports.depthwiseConv2dBackpropInput(
    dyPtr, g.batchSize, g.outHeight, g.outWidth, C, mult, flipped, Cp,
    dx, g.inHeight, g.inWidth, kh, kw, g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth,
    g.padInfo.top, g.padInfo.left, staged, summed, scratch,
  );
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
  const { mult, C, CM, kh, kw } = depthwiseDims(g);
  checkLength('x', x, g.batchSize * g.inHeight * g.inWidth * C, 'batch·H·W·C');
  checkLength('dy', dy, g.batchSize * g.outHeight * g.outWidth * CM, 'batch·outH·outW·C·mult');
  const { arena, exports } = kernels;
  arena.reset();
  const [Hs, Ws] = stagedSize(g);
  const xPtr = arena.allocFrom(x);
  const dyPtr = arena.allocFrom(dy);
  const staged = arena.alloc(g.batchSize * Hs * Ws * CM);
  const dF = arena.alloc(kh * kw * CM);
  exports.depthwiseConv2dBackpropFilter(
    xPtr, g.batchSize, g.inHeight, g.inWidth, C, mult, dyPtr, g.outHeight, g.outWidth,
    dF, kh, kw, g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padInfo.top, g.padInfo.left,
    staged,
  );
  return arena.read(dF, kh * kw * CM);
}

import { checkConvGeometry, expectLength, KernelArgumentError } from './checks.js';
import { type ConvGeometry, type Epilogue, stageEpilogue } from './gemm.js';
import type { FoveaKernels } from './loader.js';

/** outChannels / inChannels of a depthwise geometry; throws unless it is a whole multiplier ≥ 1. */
export function channelMultiplier(g: ConvGeometry): number {
  const multiplier = g.outChannels / g.inChannels;
  if (!Number.isInteger(multiplier) || multiplier < 1) {
    throw new KernelArgumentError(`geometry.outChannels: got ${g.outChannels}, expected a multiple of inChannels ${g.inChannels}`);
  }
  return multiplier;
}

/**
 * DepthwiseConv2dNative, NHWC input [batch, H, W, Cin] and filter [kh, kw, Cin, multiplier] →
 * [batch, outH, outW, Cin·multiplier], with the fused epilogue. `geometry.outChannels` is
 * Cin·multiplier (as tfjs's computeConv2DInfo gives with depthwise = true).
 */
export function depthwiseConv2d(
  kernels: FoveaKernels,
  x: Float32Array,
  filter: Float32Array,
  geometry: ConvGeometry,
  epilogue: Epilogue = {},
): Float32Array {
  const g = geometry;
  if (checkConvGeometry(g)) {
    expectLength('x', x, g.batchSize * g.inHeight * g.inWidth * g.inChannels, 'batch·H·W·Cin');
    return new Float32Array(0);
  }
  const C = g.outChannels;
  const taps = g.filterHeight * g.filterWidth;
  const multiplier = channelMultiplier(g);
  expectLength('x', x, g.batchSize * g.inHeight * g.inWidth * g.inChannels, 'batch·H·W·Cin');
  expectLength('filter', filter, taps * C, 'kh·kw·Cin·multiplier');
  const { arena, exports } = kernels;
  arena.reset();
  // Channels padded to whole 8-float tiles so the kernel never reads past a pixel. The kernel
  // skips the taps that fall in padding, so a tensor with whole tiles is read in place; repeated
  // or padded channels are staged first (padInput, without spatial padding).
  const Cp = Math.ceil(C / 8) * 8;
  const direct = multiplier === 1 && Cp === C;
  const input = arena.allocFrom(x);
  const staged = direct ? input : arena.alloc(g.batchSize * g.inHeight * g.inWidth * Cp);
  const weights = arena.alloc(taps * Cp);
  const weightView = arena.f32(weights, taps * Cp);
  if (Cp === C) {
    weightView.set(filter);
  } else {
    weightView.fill(0);
    for (let t = 0; t < taps; t++) weightView.set(filter.subarray(t * C, (t + 1) * C), t * Cp);
  }
  const e = stageEpilogue(arena, epilogue, C, Cp);
  const scratch = arena.alloc(8 * kernels.threads);
  const pixels = g.batchSize * g.outHeight * g.outWidth;
  const out = arena.alloc(pixels * C);
  if (!direct) {
    exports.padInput(input, g.batchSize, g.inHeight, g.inWidth, g.inChannels, multiplier, staged, g.inHeight, g.inWidth, Cp, 0, 0, 1, 1);
  }
  // Output rows (batch·outH) split across threads. A depthwise multiply-add needs its own input and
  // weight loads and runs at a fifth to a half of the GEMM's rate, so it counts four times against
  // the threshold below which one thread runs alone, so MobileNetV2's 14×14 and 7×7 layers split.
  kernels.parallel(
    'depthwiseConv2d',
    [
      staged, g.batchSize, g.inHeight, g.inWidth, Cp, weights, e.bias, out, g.outHeight, g.outWidth, C, g.filterHeight, g.filterWidth,
      g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padInfo.top, g.padInfo.left, scratch, e.activation, e.alpha, e.alphaPtr, e.alphaChannels,
    ],
    g.batchSize * g.outHeight, 1, 4 * pixels * C * taps,
  );
  return arena.read(out, pixels * C);
}

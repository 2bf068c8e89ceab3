import { checkConvGeometry, expectLength } from './checks.js';
import { stagedSize } from './conv2d.js';
import type { ConvGeometry } from './gemm.js';
import type { FoveaKernels } from './loader.js';

/**
 * Output pixels per GEMM chunk: the kh·kw·Cin × chunk block of transposed im2col columns stays
 * about 1 MiB (cache-sized), and never drops below 256 pixels so the GEMM's reduction stays long.
 */
function pixelChunk(K: number, pixels: number): number {
  const chunk = Math.max(256, Math.floor(262144 / K / 4) * 4);
  return Math.min(chunk, pixels);
}

/**
 * The gradient of conv2d with respect to its filter: x [batch, H, W, Cin] and dy
 * [batch, outH, outW, Cout] → dW [kh, kw, Cin, Cout] (HWIO) for the forward convolution `geometry`.
 */
export function conv2dBackpropFilter(
  kernels: FoveaKernels,
  x: Float32Array,
  dy: Float32Array,
  geometry: ConvGeometry,
): Float32Array {
  const g = geometry;
  const noOutput = checkConvGeometry(g);
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = g;
  expectLength('x', x, g.batchSize * g.inHeight * g.inWidth * cin, 'batch·H·W·Cin');
  expectLength('dy', dy, g.batchSize * g.outHeight * g.outWidth * cout, 'batch·outH·outW·Cout');
  // No forward output: every filter value's gradient is an empty sum.
  if (noOutput) return new Float32Array(kh * kw * cin * cout);
  const pixels = g.batchSize * g.outHeight * g.outWidth;
  const K = kh * kw * cin;
  const { arena, exports } = kernels;
  arena.reset();
  const [Hs, Ws] = stagedSize(g);
  const chunk = pixelChunk(K, pixels);
  const xPtr = arena.allocFrom(x);
  const dyPtr = arena.allocFrom(dy);
  const staged = arena.alloc(g.batchSize * Hs * Ws * cin);
  const rowOff = arena.alloc(pixels);
  const tapOff = arena.alloc(kh * kw);
  const dW = arena.alloc(K * cout);
  // Each thread sums the products of its own pixel range into its own K×Cout block.
  const chunks = Math.ceil(pixels / chunk);
  const parts = Math.min(kernels.threads, chunks);
  const workspaceBytes = exports.conv2dBackpropFilterWorkspace(K, chunk, cout);
  const workspace = arena.alloc((parts * workspaceBytes) / 4);
  exports.conv2dBackpropFilterOffsets(
    xPtr, g.batchSize, g.inHeight, g.inWidth, cin, g.outHeight, g.outWidth,
    kh, kw, g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padInfo.top, g.padInfo.left,
    staged, rowOff, tapOff,
  );
  const args = [staged, rowOff, tapOff, kh * kw, cin, dyPtr, cout, chunk, dW, workspace, workspaceBytes];
  // Whole chunks per part, and never more parts than workspaces.
  const grain = Math.ceil(chunks / parts) * chunk;
  // Static: each part sums its one range into its own block.
  const used = kernels.parallel('conv2dBackpropFilterRange', args, pixels, grain, pixels * K * cout, 'static');
  for (let p = 1; p < used; p++) exports.accumulate(dW, workspace + p * workspaceBytes, K * cout);
  return arena.read(dW, K * cout);
}

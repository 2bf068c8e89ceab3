import { type ConvGeometry, checkLength, PANEL_WIDTH } from './gemm.js';
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
 * Height and width of the input region the strided, dilated windows of all output pixels cover:
 * the staged (padded, cropped) input of the filter gradients.
 */
export function windowedExtent(g: ConvGeometry): [number, number] {
  return [
    (g.outHeight - 1) * g.strideHeight + (g.filterHeight - 1) * g.dilationHeight + 1,
    (g.outWidth - 1) * g.strideWidth + (g.filterWidth - 1) * g.dilationWidth + 1,
  ];
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
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = g;
  checkLength('x', x, g.batchSize * g.inHeight * g.inWidth * cin, 'batch·H·W·Cin');
  checkLength('dy', dy, g.batchSize * g.outHeight * g.outWidth * cout, 'batch·outH·outW·Cout');
  const pixels = g.batchSize * g.outHeight * g.outWidth;
  const K = kh * kw * cin;
  const { arena, exports } = kernels;
  arena.reset();
  const [Hs, Ws] = windowedExtent(g);
  const chunk = pixelChunk(K, pixels);
  const xPtr = arena.allocFrom(x);
  const dyPtr = arena.allocFrom(dy);
  const staged = arena.alloc(g.batchSize * Hs * Ws * cin);
  const rowOff = arena.alloc(pixels);
  const tapOff = arena.alloc(kh * kw);
  const rowOffA = arena.alloc(K);
  const cols = arena.alloc(K * chunk);
  const packed = arena.alloc(chunk * Math.ceil(cout / PANEL_WIDTH) * PANEL_WIDTH);
  const partial = arena.alloc(K * cout);
  const scratch = arena.alloc(16);
  const dW = arena.alloc(K * cout);
  exports.conv2dBackpropFilter(
    xPtr, g.batchSize, g.inHeight, g.inWidth, cin, dyPtr, g.outHeight, g.outWidth, cout, dW,
    kh, kw, g.strideHeight, g.strideWidth, g.dilationHeight, g.dilationWidth, g.padInfo.top, g.padInfo.left,
    staged, rowOff, tapOff, rowOffA, cols, packed, partial, chunk, scratch,
  );
  return arena.read(dW, K * cout);
}

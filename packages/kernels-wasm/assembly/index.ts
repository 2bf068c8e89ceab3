// Entry point of the kernel module: re-exports every kernel file so that one .wasm holds them all.
// Each kernel takes raw byte pointers into linear memory that the JS side (src/arena.ts) manages;
// kernels keep no global state, so the threaded build runs them on several workers over one
// shared memory (kernels that threads split take a trailing `start, end` range and a `part` index).
// Each export has its row in src/exports.ts's KERNEL_EXPORTS (see the README's "Adding a kernel").
export { heapBase } from './memory';
export { applyActivationTo } from './activation';
export { gemmRows, gemmColumns } from './gemm';
export { packPanels, denseRowOffsets, transpose } from './gemm_pack';
export { conv2dOffsets, padInput, pixelOffsets, tapOffsets } from './conv2d';
export { depthwiseConv2d } from './depthwise';
export { groupedConv2dRows } from './grouped_conv2d';
export { winogradConv2dRows, winogradFilterTransform } from './winograd';
export { clip, tanh } from './unary';
export { pool2d } from './pool';
export { reduce } from './reduce';
export { batchNorm } from './batchnorm';
export { resizeBilinear, resizeNearestNeighbor } from './resize';
export { softmax } from './softmax';
export { concat, split } from './concat';
export { pad } from './pad';
export { binary, binaryRange } from './binary';
// Training (gradient) kernels.
export {
  accumulate,
  conv2dBackpropFilterOffsets,
  conv2dBackpropFilterRange,
  conv2dBackpropFilterWorkspace,
} from './conv2d_backprop_filter';
export { depthwiseConv2dBackpropFilterRows } from './depthwise_backprop';
export { maxPoolGrad, avgPoolGrad } from './pool_grad';
export { resizeBilinearGrad } from './resize_grad';
export { eluGrad, step, unaryMath } from './elementwise_grad';
export { tile } from './tile';
// Layout and indexing (data movement for any 32-bit or 8-bit dtype), top-k, crops, NMS.
export { copyStrided, transposeStrided } from './strided_copy';
export { flatIndices, gather } from './gather';
export { scatter } from './scatter';
export { mirrorPad } from './mirror_pad';
export { fill, oneHot, range } from './fill';
export { cast } from './cast';
export { select } from './select';
export { topK } from './top_k';
export { cropAndResize } from './crop_and_resize';
export { batchedNonMaxSuppression, nonMaxSuppression } from './nms';

// The public API: loading the kernel module, and one typed function per kernel over Float32Arrays.
// The heap, arena, thread pool and raw exports stay internal (reach them through a FoveaKernels).

// Loading and feature detection.
export { detectWasmFeatures, isNode, type WasmFeatures } from './features.js';
export { type FoveaKernels, type KernelVariant, type LoadKernelsOptions, loadKernels, loadKernelsSync } from './loader.js';
export { MAX_WORKERS } from './threads.js';
export type { ElementArray, ElementArrayType } from './heap.js';
// Convolution and matmul, with the fused epilogue (bias, activation).
export { ACTIVATION, type ActivationName } from './activation.js';
export { type ConvGeometry, type Epilogue, type PackedWeights, packWeights } from './gemm.js';
export { checkConvGeometry, convGeometryProblem, KernelArgumentError, MAX_ELEMENTS, MAX_EXTENT } from './checks.js';
export { conv2d, packConv2DFilter, stagedConvPadding } from './conv2d.js';
export { packWinogradFilter, winogradApplies, winogradConv2d } from './winograd_conv2d.js';
export { depthwiseConv2d } from './depthwise_conv2d.js';
export { groupedConv2d, type PackedGroupedWeights, packGroupedConv2DFilter } from './grouped_conv2d.js';
export {
  conv2dBackpropInput,
  conv2dBackpropInputAsConv,
  conv2dBackpropInputByPhases,
  flipConv2DFilter,
  type PackedPhases,
  packConv2DBackpropInputFilter,
  packConv2DBackpropInputPhases,
  type TransposePhase,
  transposeByPhases,
} from './conv2d_backprop_input.js';
export { batchMatMul, type MatMulOptions, type MatMulResult } from './matmul.js';
// Pooling, reductions, normalisation, resize, softmax, layout, elementwise.
export { avgPool2d, maxPool2d, type Pool2DGeometry, type Pool2DOptions, pool2DGeometryProblem, pool2dGeometry } from './pool.js';
export {
  addN, argReduce, cumulative, type ReduceOp, type ReductionPlan, reduce, reduceResultType, reductionPlan,
} from './reduce.js';
export { type BatchNormParams, batchNorm } from './batchnorm.js';
export { type ResizeOptions, resizeBilinear, resizeNearestNeighbor } from './resize.js';
export { softmax } from './softmax.js';
export { concat, split } from './concat.js';
export { pad } from './pad.js';
export { tile } from './tile.js';
export {
  BINARY_OPS, type BinaryOp, type BroadcastPlan, binary, binaryResultType, broadcastShape, planBroadcast,
} from './binary.js';
export { activation, clipByValue, relu, tanh } from './unary.js';
export { UNARY_OPS, type UnaryOp, unary, unaryResultType } from './unary_ops.js';
// Rarer kernels: local response normalisation, 3-D convolution and pooling, morphology, counting,
// sampling, search, image warps.
export { type LrnParams, lrn, lrnGrad } from './lrn.js';
export { type Conv3DGeometry, conv3d, conv3dBackpropFilter, conv3dBackpropInput } from './conv3d.js';
export { pool3d, pool3dGrad } from './pool3d.js';
export { dilation2d, maxPoolWithArgmax, type Window2DGeometry } from './morphology.js';
export { type AleaState, bincount, diag, multinomial, searchSorted, unique } from './counting.js';
export { rotateWithOffset, transform } from './warp.js';
// Gradients (training).
export { conv2dBackpropFilter } from './conv2d_backprop_filter.js';
export { depthwiseConv2dBackpropFilter, depthwiseConv2dBackpropInput } from './depthwise_backprop.js';
export { avgPoolGrad, maxPoolGrad } from './pool_grad.js';
export { resizeBilinearGrad, resizeNearestNeighborGrad } from './resize_grad.js';
export { eluGrad, step, unaryMath } from './elementwise_grad.js';
// Layout, indexing and selection, over float32, int32 and bool (Float32Array, Int32Array, Uint8Array).
export { ARRAY_TYPES, type ArrayOf, type ElementType, elementNameOf } from './elements.js';
export {
  batchToSpaceND, type CopyAxis, depthToSpace, reverse, slice, spaceToBatchND, stridedSlice, transpose,
} from './strided_copy.js';
export { mirrorPad } from './mirror_pad.js';
export { gather, gatherNd } from './gather.js';
export { scatterNd, tensorScatterUpdate } from './scatter.js';
export { fill, linspace, oneHot, range } from './fill.js';
export { cast } from './cast.js';
export { select } from './select.js';
export { topK, type TopKResult } from './top_k.js';
export { type CropAndResizeOptions, cropAndResize } from './crop_and_resize.js';
export {
  type BatchedNonMaxSuppressionOptions, batchedNonMaxSuppression, type NonMaxSuppressionOptions, type NonMaxSuppressionResult,
  nonMaxSuppression,
} from './nms.js';

// Entry point of the kernel module: re-exports every kernel file so that one .wasm holds them all.
// Each kernel takes raw byte pointers into linear memory that the JS side (src/arena.ts) manages;
// kernels keep no global state, so a future threaded build can run them on several workers.
export { heapBase } from './memory';
export { relu } from './unary';
export { applyActivation } from './activation';
export { gemm, packPanels } from './gemm';
export { conv2d, padInput } from './conv2d';
export { depthwiseConv2d } from './depthwise';
export { conv2dBackpropInput } from './conv2d_backprop_input';
export { matmul } from './matmul';
export { tanh } from './unary';
export { pool2d } from './pool';
export { reduce } from './reduce';
export { batchNorm } from './batchnorm';
export { resizeBilinear, resizeNearestNeighbor } from './resize';
export { softmax } from './softmax';
export { concat } from './concat';
export { pad } from './pad';
export { binary } from './binary';
// Training (gradient) kernels.
export { conv2dBackpropFilter } from './conv2d_backprop_filter';
export { depthwiseConv2dBackpropInput, depthwiseConv2dBackpropFilter } from './depthwise_backprop';
export { maxPoolGrad, avgPoolGrad } from './pool_grad';
export { resizeBilinearGrad } from './resize_grad';
export { eluGrad, step, unaryMath } from './elementwise_grad';
export { tile } from './tile';

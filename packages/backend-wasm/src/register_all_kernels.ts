// Every kernel fovea-wasm implements in WASM; everything else runs tfjs's CPU kernel (guarded so
// its outputs never alias WASM memory they do not own: see FoveaWasmBackend.detachAliases).
// Adding a kernel: its assembly/ file, its src/kernels/ file, this list, a test, and the
// benchmark shape table if it is hot.
import '@tensorflow/tfjs-backend-cpu';
import { getKernel, getKernelsForBackend, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from './backend.js';
import { withAliasGuard } from './kernel_utils.js';
import { batchMatMulConfig } from './kernels/BatchMatMul.js';
import { conv2DConfig } from './kernels/Conv2D.js';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput.js';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './kernels/DepthwiseConv2dNativeBackpropFilter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './kernels/DepthwiseConv2dNativeBackpropInput.js';
import { avgPoolGradConfig } from './kernels/AvgPoolGrad.js';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad.js';
import { resizeBilinearGradConfig } from './kernels/ResizeBilinearGrad.js';
import { stepConfig } from './kernels/Step.js';
import { eluGradConfig } from './kernels/EluGrad.js';
import { realDivConfig } from './kernels/RealDiv.js';
import { sqrtConfig } from './kernels/Sqrt.js';
import { squareConfig } from './kernels/Square.js';
import { tileConfig } from './kernels/Tile.js';
import { depthwiseConv2dNativeConfig } from './kernels/DepthwiseConv2dNative.js';
import { fusedConv2DConfig } from './kernels/FusedConv2D.js';
import { fusedDepthwiseConv2DConfig } from './kernels/FusedDepthwiseConv2D.js';
import { foveaGroupedConv2DConfig } from './kernels/FoveaGroupedConv2D.js';
import { _fusedMatMulConfig } from './kernels/_FusedMatMul.js';
import { reluConfig } from './kernels/Relu.js';
import { addConfig } from './kernels/Add.js';
import { avgPoolConfig } from './kernels/AvgPool.js';
import { concatConfig } from './kernels/Concat.js';
import { eluConfig } from './kernels/Elu.js';
import { fusedBatchNormConfig } from './kernels/FusedBatchNorm.js';
import { leakyReluConfig } from './kernels/LeakyRelu.js';
import { maxConfig } from './kernels/Max.js';
import { maxPoolConfig } from './kernels/MaxPool.js';
import { meanConfig } from './kernels/Mean.js';
import { multiplyConfig } from './kernels/Multiply.js';
import { padV2Config } from './kernels/PadV2.js';
import { preluConfig } from './kernels/Prelu.js';
import { clipByValueConfig } from './kernels/ClipByValue.js';
import { relu6Config } from './kernels/Relu6.js';
import { resizeBilinearConfig } from './kernels/ResizeBilinear.js';
import { resizeNearestNeighborConfig } from './kernels/ResizeNearestNeighbor.js';
import { sigmoidConfig } from './kernels/Sigmoid.js';
import { softmaxConfig } from './kernels/Softmax.js';
import { subConfig } from './kernels/Sub.js';
import { sumConfig } from './kernels/Sum.js';
import { tanhConfig } from './kernels/Tanh.js';

export const foveaKernelConfigs: KernelConfig[] = [
  // Convolution and matmul (GEMM-based).
  conv2DConfig,
  fusedConv2DConfig,
  depthwiseConv2dNativeConfig,
  fusedDepthwiseConv2DConfig,
  // Not a tfjs kernel: grouped convolution (see kernels/FoveaGroupedConv2D.ts).
  foveaGroupedConv2DConfig,
  conv2DBackpropInputConfig,
  batchMatMulConfig,
  _fusedMatMulConfig,
  reluConfig,
  // Pooling, reductions (global and depth-wise pooling), normalisation, resize, softmax, layout.
  maxPoolConfig,
  avgPoolConfig,
  meanConfig,
  maxConfig,
  sumConfig,
  fusedBatchNormConfig,
  resizeBilinearConfig,
  resizeNearestNeighborConfig,
  softmaxConfig,
  concatConfig,
  padV2Config,
  // Elementwise, with the broadcasting fast paths CNN graphs use.
  addConfig,
  multiplyConfig,
  subConfig,
  relu6Config,
  sigmoidConfig,
  tanhConfig,
  eluConfig,
  leakyReluConfig,
  preluConfig,
  clipByValueConfig,
  // Training: the gradient kernels tfjs's backward pass calls (conv, pooling, resize, ReLU mask).
  conv2DBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  maxPoolGradConfig,
  avgPoolGradConfig,
  resizeBilinearGradConfig,
  stepConfig,
  eluGradConfig,
  // The optimizer's update (Adam divides every parameter tensor each step).
  realDivConfig,
  sqrtConfig,
  squareConfig,
  // FusedBatchNorm's gradient tiles 1/sqrt(variance + ε) over the activation.
  tileConfig,
];

let registered = false;

/** Register tfjs's CPU kernels under fovea-wasm, then replace the ones we implement. */
export function registerAllKernels(): void {
  if (registered) return;
  registered = true;
  for (const config of getKernelsForBackend('cpu')) {
    registerKernel({ ...config, backendName: BACKEND_NAME, kernelFunc: withAliasGuard(config.kernelFunc) });
  }
  for (const config of foveaKernelConfigs) {
    if (getKernel(config.kernelName, BACKEND_NAME) !== undefined) unregisterKernel(config.kernelName, BACKEND_NAME);
    registerKernel(config);
  }
}

// Every kernel fovea-wasm implements in WASM, sorted by kernel name; everything else runs tfjs's
// CPU kernel (guarded so its outputs never alias WASM memory they do not own: see
// FoveaWasmBackend.detachAliases). The training kernels are here because tfjs's backward pass
// calls them (Adam's update divides, square-roots and squares every parameter tensor each step;
// FusedBatchNorm's gradient tiles 1/sqrt(variance + ε) over the activation).
import '@tensorflow/tfjs-backend-cpu';
import { getKernel, getKernelsForBackend, type KernelConfig, registerKernel, unregisterKernel } from '@tensorflow/tfjs-core';
import { BACKEND_NAME } from './backend.js';
import { cpuWhereRefused, releasingScratchOnFailure, withAliasGuard } from './kernel_support.js';
import { _fusedMatMulConfig } from './kernels/_FusedMatMul.js';
import { addConfig } from './kernels/Add.js';
import { avgPoolConfig } from './kernels/AvgPool.js';
import { avgPoolGradConfig } from './kernels/AvgPoolGrad.js';
import { batchMatMulConfig } from './kernels/BatchMatMul.js';
import { batchToSpaceNDConfig } from './kernels/BatchToSpaceND.js';
import { castConfig } from './kernels/Cast.js';
import { clipByValueConfig } from './kernels/ClipByValue.js';
import { concatConfig } from './kernels/Concat.js';
import { conv2DConfig } from './kernels/Conv2D.js';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput.js';
import { cropAndResizeConfig } from './kernels/CropAndResize.js';
import { depthToSpaceConfig } from './kernels/DepthToSpace.js';
import { depthwiseConv2dNativeConfig } from './kernels/DepthwiseConv2dNative.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './kernels/DepthwiseConv2dNativeBackpropFilter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './kernels/DepthwiseConv2dNativeBackpropInput.js';
import { eluConfig } from './kernels/Elu.js';
import { eluGradConfig } from './kernels/EluGrad.js';
import { expandDimsConfig } from './kernels/ExpandDims.js';
import { fillConfig } from './kernels/Fill.js';
import { flipLeftRightConfig } from './kernels/FlipLeftRight.js';
import { foveaGroupedConv2DConfig } from './kernels/FoveaGroupedConv2D.js';
import { fusedBatchNormConfig } from './kernels/FusedBatchNorm.js';
import { fusedConv2DConfig } from './kernels/FusedConv2D.js';
import { fusedDepthwiseConv2DConfig } from './kernels/FusedDepthwiseConv2D.js';
import { gatherNdConfig } from './kernels/GatherNd.js';
import { gatherV2Config } from './kernels/GatherV2.js';
import { identityConfig } from './kernels/Identity.js';
import { leakyReluConfig } from './kernels/LeakyRelu.js';
import { linSpaceConfig } from './kernels/LinSpace.js';
import { maxConfig } from './kernels/Max.js';
import { maxPoolConfig } from './kernels/MaxPool.js';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad.js';
import { meanConfig } from './kernels/Mean.js';
import { mirrorPadConfig } from './kernels/MirrorPad.js';
import { multiplyConfig } from './kernels/Multiply.js';
import { nonMaxSuppressionV3Config } from './kernels/NonMaxSuppressionV3.js';
import { nonMaxSuppressionV4Config } from './kernels/NonMaxSuppressionV4.js';
import { nonMaxSuppressionV5Config } from './kernels/NonMaxSuppressionV5.js';
import { oneHotConfig } from './kernels/OneHot.js';
import { onesLikeConfig } from './kernels/OnesLike.js';
import { packConfig } from './kernels/Pack.js';
import { padV2Config } from './kernels/PadV2.js';
import { preluConfig } from './kernels/Prelu.js';
import { rangeConfig } from './kernels/Range.js';
import { realDivConfig } from './kernels/RealDiv.js';
import { reluConfig } from './kernels/Relu.js';
import { relu6Config } from './kernels/Relu6.js';
import { reshapeConfig } from './kernels/Reshape.js';
import { resizeBilinearConfig } from './kernels/ResizeBilinear.js';
import { resizeBilinearGradConfig } from './kernels/ResizeBilinearGrad.js';
import { resizeNearestNeighborConfig } from './kernels/ResizeNearestNeighbor.js';
import { reverseConfig } from './kernels/Reverse.js';
import { scatterNdConfig } from './kernels/ScatterNd.js';
import { selectConfig } from './kernels/Select.js';
import { sigmoidConfig } from './kernels/Sigmoid.js';
import { sliceConfig } from './kernels/Slice.js';
import { softmaxConfig } from './kernels/Softmax.js';
import { spaceToBatchNDConfig } from './kernels/SpaceToBatchND.js';
import { splitVConfig } from './kernels/SplitV.js';
import { sqrtConfig } from './kernels/Sqrt.js';
import { squareConfig } from './kernels/Square.js';
import { stepConfig } from './kernels/Step.js';
import { stridedSliceConfig } from './kernels/StridedSlice.js';
import { subConfig } from './kernels/Sub.js';
import { sumConfig } from './kernels/Sum.js';
import { tanhConfig } from './kernels/Tanh.js';
import { tensorScatterUpdateConfig } from './kernels/TensorScatterUpdate.js';
import { tileConfig } from './kernels/Tile.js';
import { topKConfig } from './kernels/TopK.js';
import { transposeConfig } from './kernels/Transpose.js';
import { unpackConfig } from './kernels/Unpack.js';
import { zerosLikeConfig } from './kernels/ZerosLike.js';

export const foveaKernelConfigs: KernelConfig[] = [
  _fusedMatMulConfig,
  addConfig,
  avgPoolConfig,
  avgPoolGradConfig,
  batchMatMulConfig,
  batchToSpaceNDConfig,
  castConfig,
  clipByValueConfig,
  concatConfig,
  conv2DConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  cropAndResizeConfig,
  depthToSpaceConfig,
  depthwiseConv2dNativeConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  eluConfig,
  eluGradConfig,
  expandDimsConfig,
  fillConfig,
  flipLeftRightConfig,
  // Not a tfjs kernel: grouped convolution (see kernels/FoveaGroupedConv2D.ts).
  foveaGroupedConv2DConfig,
  fusedBatchNormConfig,
  fusedConv2DConfig,
  fusedDepthwiseConv2DConfig,
  gatherNdConfig,
  gatherV2Config,
  identityConfig,
  leakyReluConfig,
  linSpaceConfig,
  maxConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  meanConfig,
  mirrorPadConfig,
  multiplyConfig,
  nonMaxSuppressionV3Config,
  nonMaxSuppressionV4Config,
  nonMaxSuppressionV5Config,
  oneHotConfig,
  onesLikeConfig,
  packConfig,
  padV2Config,
  preluConfig,
  rangeConfig,
  realDivConfig,
  reluConfig,
  relu6Config,
  reshapeConfig,
  resizeBilinearConfig,
  resizeBilinearGradConfig,
  resizeNearestNeighborConfig,
  reverseConfig,
  scatterNdConfig,
  selectConfig,
  sigmoidConfig,
  sliceConfig,
  softmaxConfig,
  spaceToBatchNDConfig,
  splitVConfig,
  sqrtConfig,
  squareConfig,
  stepConfig,
  stridedSliceConfig,
  subConfig,
  sumConfig,
  tanhConfig,
  tensorScatterUpdateConfig,
  tileConfig,
  topKConfig,
  transposeConfig,
  unpackConfig,
  zerosLikeConfig,
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
    // In place, so a config and the registry hold the same (exception-safe) function.
    config.kernelFunc = releasingScratchOnFailure(cpuWhereRefused(config.kernelName, config.kernelFunc));
    registerKernel(config);
  }
}

// Shared by the 3-D convolution and pooling kernel files: tfjs's Conv3DInfo as
// @foveajs/kernels-wasm's geometry.
import type { Conv3DGeometry } from '@foveajs/kernels-wasm';
import type { backend_util } from '@tensorflow/tfjs-core';

export function conv3dGeometry(info: backend_util.Conv3DInfo): Conv3DGeometry {
  return {
    batchSize: info.batchSize,
    inDepth: info.inDepth,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outDepth: info.outDepth,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterDepth: info.filterDepth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideDepth: info.strideDepth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationDepth: info.dilationDepth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padFront: info.padInfo.front,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

// Shared by MaxPoolWithArgmax and the Dilation2D kernel files: tfjs's Conv2DInfo as
// @foveajs/kernels-wasm's 2-D window geometry.
import type { Window2DGeometry } from '@foveajs/kernels-wasm';
import type { backend_util } from '@tensorflow/tfjs-core';

export function window2dGeometry(info: backend_util.Conv2DInfo): Window2DGeometry {
  return {
    batchSize: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

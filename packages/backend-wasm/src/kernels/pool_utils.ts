import type { backend_util } from '@tensorflow/tfjs-core';
import type { Pool2DGeometry } from '@fovea/kernels-wasm';

/** tfjs's pooling geometry in our kernels' terms; null for the cases the cpu kernel handles. */
export function pool2dGeometryFromInfo(info: backend_util.Conv2DInfo): Pool2DGeometry | null {
  const dims = [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth];
  if (dims.some((d) => d <= 0) || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  // tfjs's cpu kernels return x itself for a 1×1 window whose output shape equals the input's,
  // whatever the stride; leave that case to them so results agree.
  const sameShape = info.inShape.every((d, i) => d === info.outShape[i]);
  if (info.filterHeight === 1 && info.filterWidth === 1 && sameShape) return null;
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    channels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
}

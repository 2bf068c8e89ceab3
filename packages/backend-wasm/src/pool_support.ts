import { backend_util, type KernelConfig, type KernelFunc, type MaxPoolAttrs, type ShapeMap } from '@tensorflow/tfjs-core';
import { type FoveaKernels, type Pool2DGeometry, pool2DGeometryProblem } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from './backend.js';
import { cpuKernel, input, refuseZeroSteps } from './kernel_support.js';

/** tfjs's pooling geometry in our kernels' terms; null for the cases the cpu kernel handles. */
export function pool2dGeometryFromInfo(info: backend_util.Conv2DInfo): Pool2DGeometry | null {
  const dims = [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth];
  if (dims.some((d) => d <= 0) || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  // tfjs's cpu kernels return x itself for a 1×1 window whose output shape equals the input's,
  // whatever the stride; leave that case to them so results agree.
  const sameShape = info.inShape.every((d, i) => d === info.outShape[i]);
  if (info.filterHeight === 1 && info.filterWidth === 1 && sameShape) return null;
  const geometry: Pool2DGeometry = {
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
  // Zero or non-integer strides, negative pads, sizes beyond 32-bit indexing: the cpu's (and its errors).
  return pool2DGeometryProblem(geometry) === undefined ? geometry : null;
}

/**
 * Shared by AvgPool and MaxPool: float32 NHWC x (tfjs's op has already made it 4-D) runs `pool`
 * in WASM; other dtypes and the geometries pool2dGeometryFromInfo declines run on the cpu.
 */
export function pool2dConfig(
  kernelName: string,
  pool: (kernels: FoveaKernels, x: Float32Array, geometry: Pool2DGeometry) => Float32Array,
): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    if (x.dtype !== 'float32' || x.shape.length !== 4) return fallback(args);
    // AvgPoolAttrs has the same fields.
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolAttrs;
    refuseZeroSteps(kernelName, { strides });
    const info = backend_util.computePool2DInfo(
      x.shape as ShapeMap['R4'], filterSize, strides, 1, pad, dimRoundingMode,
    );
    const geometry = pool2dGeometryFromInfo(info);
    if (geometry === null) return fallback(args);
    const backend = args.backend as FoveaWasmBackend;
    return backend.float32Result(info.outShape, pool(backend.kernels, backend.float32Values(x), geometry));
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

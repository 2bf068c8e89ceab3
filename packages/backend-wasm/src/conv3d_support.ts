// Shared by the 3-D convolution and pooling kernel files: tfjs's Conv3DInfo as
// @foveajs/kernels-wasm's geometry, and the 3-D pooling kernels and their gradients.
import { type Conv3DGeometry, pool3d, pool3dGrad } from '@foveajs/kernels-wasm';
import { backend_util, type KernelConfig, type KernelFunc, type MaxPool3DAttrs, type MaxPool3DGradAttrs } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from './backend.js';
import { allFloat32, cpuKernel, float32Array, input } from './kernel_support.js';

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

/**
 * MaxPool3D or AvgPool3D over NDHWC float32 x: f32x4 across channels (max: NaN never wins;
 * average: f64 sums over the taps inside x), output rows split across threads.
 */
export function pool3DKernelConfig(kernelName: string, op: 'max' | 'avg'): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    // AvgPool3DAttrs has the same fields.
    const { filterSize, strides, pad, dimRoundingMode, dataFormat } = args.attrs as unknown as MaxPool3DAttrs;
    if (x.dtype !== 'float32' || dataFormat !== 'NDHWC') return fallback(args);
    const info = backend_util.computePool3DInfo(x.shape as never, filterSize, strides, 1, pad, dimRoundingMode, dataFormat);
    const backend = args.backend as FoveaWasmBackend;
    return backend.float32Result(info.outShape, pool3d(backend.kernels, float32Array(backend, x), op, conv3dGeometry(info)));
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

/**
 * MaxPool3DGrad (dy routed to the cpu's max positions, recomputed from the input) or
 * AvgPool3DGrad (dy over the whole window size, as the cpu), gathered per dx element in f64.
 */
export function pool3DGradKernelConfig(kernelName: string, op: 'max' | 'avg'): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const dy = input(args.inputs, 'dy');
    const x = input(args.inputs, 'input');
    if (!allFloat32(dy, op === 'max' ? x : undefined)) return fallback(args);
    // AvgPool3DGradAttrs has the same fields.
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPool3DGradAttrs;
    const info = backend_util.computePool3DInfo(x.shape as never, filterSize, strides, 1, pad, dimRoundingMode);
    const backend = args.backend as FoveaWasmBackend;
    const xValues = op === 'max' ? float32Array(backend, x) : null;
    return backend.float32Result(x.shape, pool3dGrad(backend.kernels, float32Array(backend, dy), xValues, op, conv3dGeometry(info)));
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

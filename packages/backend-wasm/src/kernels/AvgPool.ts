import { backend_util, type KernelConfig, type KernelFunc, AvgPool, type AvgPoolAttrs } from '@tensorflow/tfjs-core';
import { avgPool2d } from '@fovea/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_utils.js';
import { pool2dGeometryFromInfo } from './pool_utils.js';

const fallback = cpuKernel(AvgPool);

// Average pooling (padding not counted) over NHWC; tfjs's op has already made x 4-D.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype !== 'float32' || x.shape.length !== 4) return fallback(args);
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as AvgPoolAttrs;
  const info = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode,
  );
  const geometry = pool2dGeometryFromInfo(info);
  if (geometry === null) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(info.outShape, avgPool2d(backend.kernels, backend.float32Values(x), geometry));
};

export const avgPoolConfig: KernelConfig = { kernelName: AvgPool, backendName: BACKEND_NAME, kernelFunc };

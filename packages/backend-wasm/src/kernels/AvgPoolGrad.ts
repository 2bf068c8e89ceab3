import { AvgPoolGrad, type AvgPoolGradAttrs, backend_util, type KernelConfig, type KernelFunc, type ShapeMap } from '@tensorflow/tfjs-core';
import { avgPoolGrad } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { allFloat32, cpuKernel, float32Array, input, refuseZeroSteps } from '../kernel_support.js';
import { pool2dGeometryFromInfo } from '../pool_support.js';

const fallback = cpuKernel(AvgPoolGrad);

const kernelFunc: KernelFunc = (args) => {
  const dy = input(args.inputs, 'dy');
  const x = input(args.inputs, 'input');
  if (!allFloat32(dy, x) || x.shape.length !== 4) return fallback(args);
  const { filterSize, strides, pad } = args.attrs as unknown as AvgPoolGradAttrs;
  refuseZeroSteps(AvgPoolGrad, { strides });
  // Sized without dimRoundingMode, as the cpu kernel does (AvgPoolGrad has no such attribute).
  const info = backend_util.computePool2DInfo(x.shape as ShapeMap['R4'], filterSize, strides, 1, pad);
  const geometry = pool2dGeometryFromInfo(info);
  if (geometry === null || dy.shape.join() !== info.outShape.join()) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  // The cpu divides by the whole window (filterHeight·filterWidth) even where padding clips it.
  const dx = avgPoolGrad(backend.kernels, float32Array(backend, dy), geometry, 1 / (info.filterHeight * info.filterWidth));
  return backend.float32Result(x.shape, dx);
};

export const avgPoolGradConfig: KernelConfig = { kernelName: AvgPoolGrad, backendName: BACKEND_NAME, kernelFunc };

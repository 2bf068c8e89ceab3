import { AvgPool3DGrad, type AvgPool3DGradAttrs, backend_util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { pool3dGrad } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { conv3dGeometry } from '../conv3d_support.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(AvgPool3DGrad);

// dy gathered per dx element in f64, over the whole window size as the cpu.
const kernelFunc: KernelFunc = (args) => {
  const dy = input(args.inputs, 'dy');
  const x = input(args.inputs, 'input');
  if (!allFloat32(dy)) return fallback(args);
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as AvgPool3DGradAttrs;
  const info = backend_util.computePool3DInfo(x.shape as never, filterSize, strides, 1, pad, dimRoundingMode);
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(x.shape, pool3dGrad(backend.kernels, float32Array(backend, dy), null, 'avg', conv3dGeometry(info)));
};

export const avgPool3DGradConfig: KernelConfig = { kernelName: AvgPool3DGrad, backendName: BACKEND_NAME, kernelFunc };

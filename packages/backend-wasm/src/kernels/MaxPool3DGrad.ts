import { backend_util, type KernelConfig, type KernelFunc, MaxPool3DGrad, type MaxPool3DGradAttrs } from '@tensorflow/tfjs-core';
import { pool3dGrad } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { conv3dGeometry } from '../conv3d_support.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(MaxPool3DGrad);

// dy routed to the cpu's max positions (recomputed from the input), gathered per dx element.
const kernelFunc: KernelFunc = (args) => {
  const dy = input(args.inputs, 'dy');
  const x = input(args.inputs, 'input');
  if (!allFloat32(dy, x)) return fallback(args);
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPool3DGradAttrs;
  const info = backend_util.computePool3DInfo(x.shape as never, filterSize, strides, 1, pad, dimRoundingMode);
  const backend = args.backend as FoveaWasmBackend;
  const out = pool3dGrad(backend.kernels, float32Array(backend, dy), float32Array(backend, x), 'max', conv3dGeometry(info));
  return backend.float32Result(x.shape, out);
};

export const maxPool3DGradConfig: KernelConfig = { kernelName: MaxPool3DGrad, backendName: BACKEND_NAME, kernelFunc };

import { backend_util, Conv3DBackpropInputV2, type Conv3DBackpropInputV2Attrs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { conv3dBackpropInput } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { conv3dGeometry } from '../conv3d_support.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(Conv3DBackpropInputV2);

// f64 sums per dx element in the cpu's order (unit dilations, as tfjs's gradient passes).
const kernelFunc: KernelFunc = (args) => {
  const dy = input(args.inputs, 'dy');
  const filter = input(args.inputs, 'filter');
  if (!allFloat32(dy, filter)) return fallback(args);
  const { strides, pad, inputShape } = args.attrs as unknown as Conv3DBackpropInputV2Attrs;
  const info = backend_util.computeConv3DInfo(inputShape, filter.shape as never, strides, 1, pad);
  const backend = args.backend as FoveaWasmBackend;
  const out = conv3dBackpropInput(backend.kernels, float32Array(backend, dy), float32Array(backend, filter), conv3dGeometry(info));
  return backend.float32Result(info.inShape, out);
};

export const conv3DBackpropInputV2Config: KernelConfig = { kernelName: Conv3DBackpropInputV2, backendName: BACKEND_NAME, kernelFunc };

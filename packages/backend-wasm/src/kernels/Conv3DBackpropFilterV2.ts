import { backend_util, Conv3DBackpropFilterV2, type Conv3DBackpropFilterV2Attrs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { conv3dBackpropFilter } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { conv3dGeometry } from '../conv3d_support.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(Conv3DBackpropFilterV2);

// f64 sums per filter element in the cpu's order, filter rows split across threads.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const dy = input(args.inputs, 'dy');
  if (!allFloat32(x, dy)) return fallback(args);
  const { strides, pad, filterShape } = args.attrs as unknown as Conv3DBackpropFilterV2Attrs;
  const info = backend_util.computeConv3DInfo(x.shape as never, filterShape, strides, 1, pad);
  const backend = args.backend as FoveaWasmBackend;
  const out = conv3dBackpropFilter(backend.kernels, float32Array(backend, x), float32Array(backend, dy), conv3dGeometry(info));
  return backend.float32Result(info.filterShape, out);
};

export const conv3DBackpropFilterV2Config: KernelConfig = { kernelName: Conv3DBackpropFilterV2, backendName: BACKEND_NAME, kernelFunc };

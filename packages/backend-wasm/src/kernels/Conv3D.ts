import { backend_util, Conv3D, type Conv3DAttrs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { conv3d } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { conv3dGeometry } from '../conv3d_support.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(Conv3D);

// Direct loops in the cpu's float32 arithmetic (video and volumetric models; rarely hot), output
// rows split across threads.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const filter = input(args.inputs, 'filter');
  if (!allFloat32(x, filter)) return fallback(args);
  const { strides, pad, dilations } = args.attrs as unknown as Conv3DAttrs;
  const info = backend_util.computeConv3DInfo(x.shape as never, filter.shape as never, strides, dilations, pad);
  const backend = args.backend as FoveaWasmBackend;
  const out = conv3d(backend.kernels, float32Array(backend, x), float32Array(backend, filter), conv3dGeometry(info));
  return backend.float32Result(info.outShape, out);
};

export const conv3DConfig: KernelConfig = { kernelName: Conv3D, backendName: BACKEND_NAME, kernelFunc };

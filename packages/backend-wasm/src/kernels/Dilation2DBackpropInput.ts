import { backend_util, Dilation2DBackpropInput, type Dilation2DAttrs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { dilation2d } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';
import { window2dGeometry } from '../window_support.js';

const fallback = cpuKernel(Dilation2DBackpropInput);

// dy added at each output's winning tap, in the cpu's order (one thread: taps are shared).
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const filter = input(args.inputs, 'filter');
  const dy = input(args.inputs, 'dy');
  if (!(allFloat32(x, filter, dy))) return fallback(args);
  const { strides, pad, dilations } = args.attrs as unknown as Dilation2DAttrs;
  const info = backend_util.computeDilation2DInfo(x.shape as never, filter.shape as never, strides, pad, 'NHWC', dilations);
  const backend = args.backend as FoveaWasmBackend;
  const geometry = window2dGeometry(info);
  return backend.float32Result(x.shape, dilation2d(backend.kernels, float32Array(backend, x), float32Array(backend, filter), geometry, { of: 'input', dy: float32Array(backend, dy) }));
};

export const dilation2DBackpropInputConfig: KernelConfig = { kernelName: Dilation2DBackpropInput, backendName: BACKEND_NAME, kernelFunc };

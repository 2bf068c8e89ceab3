// Shared by the Dilation2D kernel files: the kernel and its two gradients. (tfjs's Conv2DInfo is
// @foveajs/kernels-wasm's Window2DGeometry as it is.)
import { dilation2d } from '@foveajs/kernels-wasm';
import { backend_util, type Dilation2DAttrs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from './backend.js';
import { allFloat32, cpuKernel, float32Array, input } from './kernel_support.js';

/**
 * Shared by Dilation2D and its two gradients: float32 x and filter (and dy for a gradient, `of`
 * naming what it is the gradient of) run in WASM, anything else on the cpu. Forward: the largest
 * x + filter per output, compared in f64 as the cpu, output rows split across threads. Gradients:
 * dy added at each output's winning tap in the cpu's order (one thread for the filter's, whose
 * taps are shared).
 */
export function dilation2DKernelConfig(kernelName: string, of?: 'input' | 'filter'): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    const filter = input(args.inputs, 'filter');
    const dy = of === undefined ? undefined : input(args.inputs, 'dy');
    if (!allFloat32(x, filter, dy)) return fallback(args);
    const { strides, pad, dilations } = args.attrs as unknown as Dilation2DAttrs;
    const info = backend_util.computeDilation2DInfo(x.shape as never, filter.shape as never, strides, pad, 'NHWC', dilations);
    const backend = args.backend as FoveaWasmBackend;
    const gradient = dy === undefined || of === undefined ? undefined : { of, dy: float32Array(backend, dy) };
    const out = dilation2d(backend.kernels, float32Array(backend, x), float32Array(backend, filter), info, gradient);
    return backend.float32Result(of === undefined ? info.outShape : of === 'input' ? x.shape : filter.shape, out);
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

import { EluGrad, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { eluGrad } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { allFloat32, cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(EluGrad);

// Elu's backward pass runs this kernel directly (from the saved forward output).
const kernelFunc: KernelFunc = (args) => {
  const dy = input(args.inputs, 'dy');
  const y = input(args.inputs, 'y');
  if (!allFloat32(dy, y) || dy.shape.join() !== y.shape.join()) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(y.shape, eluGrad(backend.kernels, float32Array(backend, dy), float32Array(backend, y)));
};

export const eluGradConfig: KernelConfig = { kernelName: EluGrad, backendName: BACKEND_NAME, kernelFunc };

import { Diag, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { diag } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, isNumericDtype } from '../backend.js';
import { cpuKernel, input } from '../kernel_support.js';

const fallback = cpuKernel(Diag);

// x's values on the diagonal of a [...shape, ...shape] block of zeros.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (!isNumericDtype(x.dtype)) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.result([...x.shape, ...x.shape], x.dtype, diag(backend.kernels, backend.values(x)));
};

export const diagConfig: KernelConfig = { kernelName: Diag, backendName: BACKEND_NAME, kernelFunc };

import { type KernelConfig, type KernelFunc, Step, type StepAttrs } from '@tensorflow/tfjs-core';
import { step } from '@fovea/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { float32Array } from '../conv_support.js';
import { cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(Step);

// The mask of every ReLU gradient: tfjs computes relu'(x)·dy as mul(dy, step(x)).
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  if (x.dtype !== 'float32') return fallback(args);
  const { alpha } = args.attrs as unknown as StepAttrs;
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(x.shape, step(backend.kernels, float32Array(backend, x), alpha ?? 0));
};

export const stepConfig: KernelConfig = { kernelName: Step, backendName: BACKEND_NAME, kernelFunc };

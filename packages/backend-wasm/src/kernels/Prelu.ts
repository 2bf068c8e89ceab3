import { type KernelConfig, type KernelFunc, Prelu, util } from '@tensorflow/tfjs-core';
import { activation, planBroadcast } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_support.js';

const fallback = cpuKernel(Prelu);

// Slopes that are a scalar, one per channel of the last axis, or one per element; other
// broadcasts (and a slope larger than x) run on the cpu.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const alpha = input(args.inputs, 'alpha');
  if (x.dtype !== 'float32' || alpha.dtype !== 'float32') return fallback(args);
  const plan = planBroadcast(x.shape, alpha.shape);
  // Slopes that repeat along x's inner run (one value, one per channel, one per element of a
  // trailing block); per-batch slopes and slopes larger than x go to the cpu.
  const repeating = plan !== null && plan.aSize === util.sizeFromShape(plan.outShape) && plan.outShape.length === x.shape.length &&
    (plan.bSize === 1 || (plan.mode === 'same' && plan.bStrides.every((s) => s === 0)));
  if (!repeating) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  const out = activation(backend.kernels, backend.float32Values(x), 'prelu', backend.float32Values(alpha));
  return backend.float32Result(plan.outShape, out);
};

export const preluConfig: KernelConfig = { kernelName: Prelu, backendName: BACKEND_NAME, kernelFunc };

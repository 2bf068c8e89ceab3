import type { KernelFunc } from '@tensorflow/tfjs-core';
import { type BinaryOp, binary, planBroadcast } from '@foveajs/kernels-wasm';
import type { FoveaWasmBackend } from './backend.js';
import { cpuKernel, input } from './kernel_support.js';

/**
 * Add/Sub/Mul on float32 with the broadcasts CNNs use (same shape, scalar, [C] against [..., C]);
 * other dtypes and broadcasts run tfjs's cpu kernel.
 */
export function binaryKernel(kernelName: string, op: BinaryOp): KernelFunc {
  const fallback = cpuKernel(kernelName);
  return (args) => {
    const a = input(args.inputs, 'a');
    const b = input(args.inputs, 'b');
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return fallback(args);
    const plan = planBroadcast(a.shape, b.shape);
    if (plan === null) return fallback(args);
    const backend = args.backend as FoveaWasmBackend;
    const out = binary(backend.kernels, op, backend.float32Values(a), backend.float32Values(b), plan);
    return backend.float32Result(plan.outShape, out);
  };
}

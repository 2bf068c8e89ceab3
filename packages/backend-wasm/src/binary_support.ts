import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { type BinaryOp, binary, binaryResultType, planBroadcast } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, isNumericDtype } from './backend.js';
import { cpuKernel, input } from './kernel_support.js';

/**
 * An elementwise binary kernel with tfjs's broadcasting, on float32, int32 and bool operands of one
 * dtype (the result's dtype is the cpu kernel's: bool for comparisons and logical ops, int32 for
 * FloorDiv, else the operands'). Mixed or other dtypes (complex, string), and shapes that do not
 * broadcast (the cpu kernel's error), run tfjs's cpu kernel; `fallback` replaces it where the cpu
 * has none.
 */
export function binaryKernel(kernelName: string, op: BinaryOp, fallback: KernelFunc = cpuKernel(kernelName)): KernelFunc {
  return (args) => {
    const a = input(args.inputs, 'a');
    const b = input(args.inputs, 'b');
    if (a.dtype !== b.dtype || !isNumericDtype(a.dtype)) return fallback(args);
    const resultType = binaryResultType(op, a.dtype);
    const plan = planBroadcast(a.shape, b.shape);
    if (resultType === null || plan === null) return fallback(args);
    const backend = args.backend as FoveaWasmBackend;
    const out = binary(backend.kernels, op, backend.values(a), backend.values(b), plan);
    return backend.result(plan.outShape, resultType, out);
  };
}

/** The config of the binary kernel `kernelName` computing `op` (see binaryKernel). */
export function binaryConfig(kernelName: string, op: BinaryOp, fallback?: KernelFunc): KernelConfig {
  return { kernelName, backendName: BACKEND_NAME, kernelFunc: binaryKernel(kernelName, op, fallback) };
}

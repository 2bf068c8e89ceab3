// Shared by the elementwise kernel files of one input x (activations, Sqrt, Square, Step, and the
// math ops Abs … Tan): numeric dtypes run in WASM, others (complex, string) on the cpu.
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';
import { type UnaryOp, unary, unaryResultType } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, isNumericDtype } from './backend.js';
import { cpuKernel, input } from './kernel_support.js';

/**
 * The config of the elementwise kernel `kernelName`; `compute` gives its float32 output for x.
 * Attributes `accepts` declines (ones tfjs's op would refuse, which the kernel API still takes) run
 * on the cpu, so results are tfjs's own.
 */
export function elementwiseConfig(
  kernelName: string,
  compute: (backend: FoveaWasmBackend, x: TensorInfo, attrs: NamedAttrMap) => Float32Array,
  accepts: (attrs: NamedAttrMap) => boolean = () => true,
): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    if (x.dtype !== 'float32' || !accepts(args.attrs ?? {})) return fallback(args);
    const backend = args.backend as FoveaWasmBackend;
    return backend.float32Result(x.shape, compute(backend, x, args.attrs ?? {}));
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

/**
 * The config of the elementwise kernel `kernelName` computing @foveajs/kernels-wasm's unary `op` on
 * float32, int32 or bool x, with the cpu kernel's result dtype; other dtypes run on the cpu.
 */
export function unaryOpConfig(kernelName: string, op: UnaryOp): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    const resultType = isNumericDtype(x.dtype) ? unaryResultType(op, x.dtype) : null;
    if (resultType === null) return fallback(args);
    const backend = args.backend as FoveaWasmBackend;
    return backend.result(x.shape, resultType, unary(backend.kernels, op, backend.values(x)));
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

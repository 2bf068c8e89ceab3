// Shared by every kernel file (and the registry): the cpu fallback, input checks, float32 operands.
import { getKernel, type KernelFunc, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { FoveaWasmBackend } from './backend.js';

/**
 * A CPU kernel whose outputs never alias WASM memory they do not own: with zero-copy, tfjs's
 * slice returns a subarray of its input's block, which disposing the input would free.
 */
export function withAliasGuard(run: KernelFunc): KernelFunc {
  return (args) => {
    const outputs = run(args);
    (args.backend as FoveaWasmBackend).detachAliases(outputs, args.inputs);
    return outputs;
  };
}

/**
 * tfjs's CPU implementation of a kernel, for the cases our WASM kernel does not cover
 * (other dtypes, exotic attributes). Called with our backend, which is a CPU backend.
 */
export function cpuKernel(kernelName: string): KernelFunc {
  const config = getKernel(kernelName, 'cpu');
  if (config === undefined) {
    throw new Error(`fovea-wasm: tfjs's cpu backend has no '${kernelName}' kernel to fall back to`);
  }
  return withAliasGuard(config.kernelFunc);
}

/** True when every listed input is a float32 tensor. */
export function allFloat32(...tensors: Array<TensorInfo | undefined>): boolean {
  return tensors.every((t) => t === undefined || t.dtype === 'float32');
}

/**
 * A float32 tensor's values as a Float32Array. The cpu backend's int32→float32 cast keeps the
 * Int32Array (no encoding loss), so a float32 tensor's storage is not always a Float32Array.
 */
export function float32Array(backend: FoveaWasmBackend, t: TensorInfo): Float32Array {
  const values = backend.float32Values(t) as Float32Array | Int32Array | Uint8Array;
  // The constructor copies a typed array in one pass; Float32Array.from goes through its iterator.
  return values instanceof Float32Array ? values : new Float32Array(values);
}

/** A named kernel input; tfjs guarantees required inputs, this just narrows the type. */
export function input(inputs: NamedTensorInfoMap, name: string): TensorInfo {
  const tensor = inputs[name];
  if (tensor === undefined) throw new Error(`fovea-wasm: kernel input '${name}' is missing`);
  return tensor;
}

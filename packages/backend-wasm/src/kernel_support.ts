// Shared by every kernel file (and the registry): the cpu fallback, input checks, float32 operands.
import { getKernel, type KernelFunc, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { type ElementArray, KernelArgumentError } from '@foveajs/kernels-wasm';
import { type FoveaWasmBackend, isNumericDtype } from './backend.js';

/**
 * A CPU kernel whose outputs never alias WASM memory they do not own: with zero-copy, tfjs's
 * slice returns a subarray of its input's block, which disposing the input would free.
 */
export function withAliasGuard(run: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as FoveaWasmBackend;
    // A failed cpu kernel leaves no intermediate behind (see undoingOnFailure).
    const outputs = backend.undoingOnFailure(() => run(args));
    backend.detachAliases(outputs, args.inputs);
    return outputs;
  };
}

/**
 * One of our kernels, made exception-safe: when it throws (bad attributes, a kernel error, memory
 * exhausted), the scratch blocks and the tensors of the failed call are freed at once, so the heap holds exactly the
 * blocks it held before the call and the backend keeps working.
 */
export function releasingScratchOnFailure(run: KernelFunc): KernelFunc {
  return (args) => {
    const backend = args.backend as FoveaWasmBackend;
    try {
      return backend.undoingOnFailure(() => run(args));
    } catch (error) {
      backend.kernels.arena.reset();
      throw error;
    }
  };
}

/**
 * A kernel whose WASM path refuses its arguments (kernels-wasm's KernelArgumentError, thrown before
 * anything is allocated) gives tfjs's cpu outcome for them instead, its result or its error: what
 * the cpu computes from attributes its ops would refuse is tfjs's to define, not ours. Kernels with
 * no cpu twin keep their own error.
 */
export function cpuWhereRefused(kernelName: string, run: KernelFunc): KernelFunc {
  const cpu = getKernel(kernelName, 'cpu');
  if (cpu === undefined) return run;
  const fallback = withAliasGuard(cpu.kernelFunc);
  return (args) => {
    try {
      return run(args);
    } catch (error) {
      if (!(error instanceof KernelArgumentError)) throw error;
      (args.backend as FoveaWasmBackend).kernels.arena.reset();
      return fallback(args);
    }
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

/**
 * Throw when a stride or dilation is 0: tfjs sizes the output as infinite, and its cpu kernels
 * either fail to allocate it or, with another extent empty, loop for ever. Other odd steps
 * (negative, fractional) are left to the cpu kernels, which answer them.
 */
export function refuseZeroSteps(kernelName: string, steps: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(steps)) {
    const list = Array.isArray(value) ? value : [value];
    if (list.some((v) => v === 0)) throw new Error(`${kernelName}: ${name} must not be 0, got ${JSON.stringify(value)} (tfjs would size the output as infinite)`);
  }
}

/** True when `axis` is a whole number naming one of `rank` axes, counted from either end. */
export function isAxis(axis: number, rank: number): boolean {
  return Number.isInteger(axis) && axis >= -rank && axis < rank;
}

/** True when every listed input is a float32 tensor. */
export function allFloat32(...tensors: Array<TensorInfo | undefined>): boolean {
  return tensors.every((t) => t === undefined || t.dtype === 'float32');
}

/**
 * A float32 tensor's values as a Float32Array (FoveaWasmBackend.float32Values: the cpu backend's
 * int32→float32 cast keeps the Int32Array, which comes back converted).
 */
export function float32Array(backend: FoveaWasmBackend, t: TensorInfo): Float32Array {
  return backend.float32Values(t);
}

/** A named kernel input; tfjs guarantees required inputs, this just narrows the type. */
export function input(inputs: NamedTensorInfoMap, name: string): TensorInfo {
  const tensor = inputs[name];
  if (tensor === undefined) throw new Error(`fovea-wasm: kernel input '${name}' is missing`);
  return tensor;
}

/** True when every listed tensor is float32, int32 or bool (the dtypes our layout and indexing kernels move). */
export function allNumeric(...tensors: TensorInfo[]): boolean {
  return tensors.every((t) => isNumericDtype(t.dtype));
}

/** A float32, int32 or bool tensor's values as its dtype's typed array (see FoveaWasmBackend.values). */
export function typedArray(backend: FoveaWasmBackend, t: TensorInfo): ElementArray {
  return backend.values(t);
}

/** An index tensor's values as an Int32Array. */
export function int32Array(backend: FoveaWasmBackend, t: TensorInfo): Int32Array {
  return backend.values({ ...t, dtype: 'int32' }) as Int32Array;
}

/**
 * A view of x: the same data under another shape (and dtype), no copy. tfjs counts the extra
 * reference (incRef) and frees the data when the last tensor on it is disposed, as its cpu and
 * wasm backends do for Reshape.
 */
export function shareData(backend: FoveaWasmBackend, x: TensorInfo, shape: number[], dtype = x.dtype): TensorInfo {
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape, dtype };
}

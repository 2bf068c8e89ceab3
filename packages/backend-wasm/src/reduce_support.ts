// Shared by the reduction kernel files (Sum, Mean, Max, Min, Prod, All, Any, ArgMax, ArgMin) and the
// scans (Cumsum, Cumprod): one WASM reduction
// over any set of axes on float32, int32 and bool tensors, with the cpu kernel's result dtype;
// other dtypes run on the cpu.
import { argReduce, cumulative, type ReduceOp, reduce, reduceResultType, reductionPlan } from '@foveajs/kernels-wasm';
import { backend_util, type KernelConfig, type KernelFunc, type NamedAttrMap, util } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend, isNumericDtype } from './backend.js';
import { cpuKernel, input } from './kernel_support.js';

/**
 * The config of the reduction kernel `kernelName`, computing `op`; `axes` reads the reduced axes
 * from the kernel's attributes (tfjs names them `axis` or `reductionIndices`).
 */
export function reductionConfig(kernelName: string, op: ReduceOp, axes: (attrs: NamedAttrMap) => number | number[]): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    const resultType = isNumericDtype(x.dtype) ? reduceResultType(op, x.dtype) : null;
    if (resultType === null) return fallback(args);
    const attrs = args.attrs ?? {};
    const reduced = util.parseAxisParam(axes(attrs), x.shape);
    const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, reduced);
    const shape = attrs.keepDims ? backend_util.expandShapeToKeepDim(outShape, reduced) : outShape;
    const backend = args.backend as FoveaWasmBackend;
    return backend.result(shape, resultType, reduce(backend.kernels, backend.values(x), op, reductionPlan(x.shape, reduced)));
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

/** [outer, size, inner] of `shape` around `axis`. */
function aroundAxis(shape: readonly number[], axis: number): [number, number, number] {
  return [util.sizeFromShape(shape.slice(0, axis)), shape[axis]!, util.sizeFromShape(shape.slice(axis + 1))];
}

/** The config of ArgMax / ArgMin (int32 indices along one axis, the first of ties as the cpu's loop). */
export function argReductionConfig(kernelName: string, op: 'max' | 'min', axisOf: (attrs: NamedAttrMap) => number | number[]): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    if (!isNumericDtype(x.dtype)) return fallback(args);
    // The cpu takes the first axis given (tfjs's op passes one).
    const axis = util.parseAxisParam(axisOf(args.attrs ?? {}), x.shape)[0]!;
    const [outer, size, inner] = aroundAxis(x.shape, axis);
    const shape = x.shape.filter((_, i) => i !== axis);
    const backend = args.backend as FoveaWasmBackend;
    // An empty axis: the cpu's loop never runs and leaves index 0.
    if (size === 0) return backend.result(shape, 'int32', new Int32Array(outer * inner));
    return backend.result(shape, 'int32', argReduce(backend.kernels, backend.values(x), op, outer, size, inner));
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

/** The config of Cumsum / Cumprod (float32 stays float32; int32 and bool give int32, as the cpu's). */
export function scanConfig(
  kernelName: string, op: 'sum' | 'prod', attrsOf: (attrs: NamedAttrMap) => { axis: number; exclusive: boolean; reverse: boolean },
): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    if (!isNumericDtype(x.dtype) || x.shape.length === 0) return fallback(args);
    const { axis, exclusive, reverse } = attrsOf(args.attrs ?? {});
    const [outer, size, inner] = aroundAxis(x.shape, util.parseAxisParam(axis, x.shape)[0]!);
    const backend = args.backend as FoveaWasmBackend;
    const out = cumulative(backend.kernels, backend.values(x), op, outer, size, inner, exclusive, reverse);
    return backend.result(x.shape, x.dtype === 'float32' ? 'float32' : 'int32', out);
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

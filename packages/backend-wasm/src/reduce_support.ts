// Shared by the reduction kernel files (Sum, Mean, Max): one WASM reduction over a contiguous run
// of axes (H,W of NHWC for global pooling, the last axis or channel groups); other axis patterns
// and dtypes run on the cpu.
import { type ReduceOp, reduce, reductionBlock } from '@foveajs/kernels-wasm';
import { backend_util, type KernelConfig, type KernelFunc, type NamedAttrMap, util } from '@tensorflow/tfjs-core';
import { BACKEND_NAME, type FoveaWasmBackend } from './backend.js';
import { cpuKernel, input } from './kernel_support.js';

/**
 * The config of the reduction kernel `kernelName`, computing `op`; `axes` reads the reduced axes
 * from the kernel's attributes (tfjs names them `axis` or `reductionIndices`).
 */
export function reductionConfig(kernelName: string, op: ReduceOp, axes: (attrs: NamedAttrMap) => number | number[]): KernelConfig {
  const fallback = cpuKernel(kernelName);
  const kernelFunc: KernelFunc = (args) => {
    const x = input(args.inputs, 'x');
    if (x.dtype !== 'float32') return fallback(args);
    const attrs = args.attrs ?? {};
    const reduced = util.parseAxisParam(axes(attrs), x.shape);
    const block = reductionBlock(x.shape, reduced);
    if (block === null) return fallback(args);
    const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, reduced);
    const shape = attrs.keepDims ? backend_util.expandShapeToKeepDim(outShape, reduced) : outShape;
    const backend = args.backend as FoveaWasmBackend;
    return backend.float32Result(shape, reduce(backend.kernels, backend.float32Values(x), op, block));
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

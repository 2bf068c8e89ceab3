import { backend_util, type KernelConfig, type KernelFunc, Max, type MaxAttrs, util } from '@tensorflow/tfjs-core';
import { reduce, reductionBlock } from '@fovea/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, input } from '../kernel_utils.js';

const fallback = cpuKernel(Max);

// Max over one contiguous run of axes (H,W of NHWC for global pooling, the last axis or channel
// groups); other axis patterns and dtypes run on the cpu.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const { reductionIndices, keepDims } = args.attrs as unknown as MaxAttrs;
  if (x.dtype !== 'float32') return fallback(args);
  const axes = util.parseAxisParam(reductionIndices, x.shape);
  const block = reductionBlock(x.shape, axes);
  if (block === null) return fallback(args);
  const [outShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  const shape = keepDims ? backend_util.expandShapeToKeepDim(outShape, axes) : outShape;
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(shape, reduce(backend.kernels, backend.float32Values(x), 'max', block));
};

export const maxConfig: KernelConfig = { kernelName: Max, backendName: BACKEND_NAME, kernelFunc };

import { backend_util, GatherV2, type GatherV2Attrs, type KernelConfig, type KernelFunc, util } from '@tensorflow/tfjs-core';
import { gather } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, int32Array, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(GatherV2);

// Rows of x picked by index (a word at a time when gathering along the last axis); out-of-range
// indices throw tfjs's error.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const indices = input(args.inputs, 'indices');
  // float32 indices (runKernel only: tf.gather casts to int32) read fractional positions as NaN on the cpu.
  if (!allNumeric(x) || indices.dtype !== 'int32') return fallback(args);
  const { axis, batchDims = 0 } = args.attrs as unknown as GatherV2Attrs;
  // Empty x or indices: the cpu's shapes (or its error for a batchDims it cannot place).
  if (util.sizeFromShape(x.shape) === 0 || util.sizeFromShape(indices.shape) === 0) return fallback(args);
  const $axis = util.parseAxisParam(axis, x.shape)[0]!;
  const backend = args.backend as FoveaWasmBackend;
  const indexValues = int32Array(backend, indices);
  const axisSize = x.shape[$axis]!;
  for (let i = 0; i < indexValues.length; i++) {
    const index = indexValues[i]!;
    util.assert(index <= axisSize - 1 && index >= 0, () => `GatherV2: the index value ${index} is not in [0, ${axisSize - 1}]`);
  }
  const info = backend_util.segment_util.collectGatherOpShapeInfo(x as never, indices as never, $axis, batchDims);
  const $batchDims = batchDims < 0 ? batchDims + indices.shape.length : batchDims;
  const values = gather(backend.kernels, typedArray(backend, x), x.shape, indexValues, indices.shape, $axis, $batchDims);
  return backend.result(info.outputShape, x.dtype as NumericDtype, values);
};

export const gatherV2Config: KernelConfig = { kernelName: GatherV2, backendName: BACKEND_NAME, kernelFunc };

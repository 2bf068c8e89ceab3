import { type KernelConfig, type KernelFunc, Tile, type TileAttrs, util } from '@tensorflow/tfjs-core';
import { tile } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend, type NumericDtype } from '../backend.js';
import { allNumeric, cpuKernel, input, typedArray } from '../kernel_support.js';

const fallback = cpuKernel(Tile);

// Block copies, doubling: the batch-norm gradient's 1/sqrt(variance + ε) tiled to the activation's
// shape, and tf.broadcastTo (tf.where's operands among others) of any numeric dtype.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const { reps } = args.attrs as unknown as TileAttrs;
  // Negative or fractional reps too: the cpu's error.
  if (!allNumeric(x) || x.shape.length === 0 || reps.length !== x.shape.length || !reps.every((r) => Number.isInteger(r) && r >= 0)) return fallback(args);
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  const backend = args.backend as FoveaWasmBackend;
  const dtype = x.dtype as NumericDtype;
  if (util.sizeFromShape(outShape) === 0) return backend.result(outShape, dtype, util.getTypedArrayFromDType(dtype, 0) as Float32Array);
  return backend.result(outShape, dtype, tile(backend.kernels, typedArray(backend, x), x.shape, reps));
};

export const tileConfig: KernelConfig = { kernelName: Tile, backendName: BACKEND_NAME, kernelFunc };

import { backend_util, Concat, type ConcatAttrs, type KernelConfig, type KernelFunc, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { concat } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel } from '../kernel_support.js';

const fallback = cpuKernel(Concat);

// Two or more non-empty float32 tensors; the cpu handles other dtypes (incl. complex), empty
// inputs and the single-input identity.
const kernelFunc: KernelFunc = (args) => {
  // tfjs passes Concat's inputs as an array of tensors.
  const tensors = args.inputs as unknown as TensorInfo[];
  const first = tensors[0];
  if (first === undefined || tensors.length < 2) return fallback(args);
  if (tensors.some((t) => t.dtype !== 'float32' || util.sizeFromShape(t.shape) === 0)) return fallback(args);
  const { axis } = args.attrs as unknown as ConcatAttrs;
  const $axis = util.parseAxisParam(axis, first.shape)[0]!;
  const shapes = tensors.map((t) => t.shape);
  backend_util.assertParamsConsistent(shapes, $axis);
  const outShape = backend_util.computeOutShape(shapes, $axis);
  const outer = util.sizeFromShape(first.shape.slice(0, $axis));
  const backend = args.backend as FoveaWasmBackend;
  const out = concat(
    backend.kernels,
    tensors.map((t) => backend.float32Values(t)),
    outer,
  );
  return backend.float32Result(outShape, out);
};

export const concatConfig: KernelConfig = { kernelName: Concat, backendName: BACKEND_NAME, kernelFunc };

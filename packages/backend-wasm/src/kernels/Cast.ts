import { Cast, type CastAttrs, type KernelConfig, type KernelFunc, util } from '@tensorflow/tfjs-core';
import { cast } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { allNumeric, cpuKernel, input, shareData } from '../kernel_support.js';

const fallback = cpuKernel(Cast);

/** The typed array kind a tensor's storage really is (tfjs's cpu keeps an int32's Int32Array under a cast to float32). */
function storageOf(backend: FoveaWasmBackend, dataId: object): 'float32' | 'int32' | 'bool' | undefined {
  const values = backend.data.get(dataId)?.values;
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Uint8Array) return 'bool';
  return undefined;
}

// As tfjs's cpu: a cast that loses nothing (int32 → float32, bool → int32 / float32) shares x's data
// under the new dtype. float32 → int32 truncates (ToInt32), → bool tests ≠ 0, in WASM. The cast
// follows the storage: an int32 cast to float32 and back keeps its exact values.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const { dtype } = args.attrs as unknown as CastAttrs;
  const backend = args.backend as FoveaWasmBackend;
  if (!allNumeric(x) || (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'bool')) return fallback(args);
  if (!util.hasEncodingLoss(x.dtype, dtype)) return shareData(backend, x, x.shape, dtype);
  const storage = storageOf(backend, x.dataId);
  if (storage === undefined) return fallback(args);
  // Values already of the target kind (0 / 1 from a bool, whole numbers from an int32): share them.
  if (storage === 'bool' || (storage === 'int32' && dtype === 'int32')) return shareData(backend, x, x.shape, dtype);
  const values = backend.values({ ...x, dtype: storage });
  const to = dtype as 'int32' | 'bool'; // a cast to float32 loses nothing, so it shared above
  return backend.result(x.shape, to, cast(backend.kernels, values as Float32Array | Int32Array, to));
};

export const castConfig: KernelConfig = { kernelName: Cast, backendName: BACKEND_NAME, kernelFunc };

import { type KernelConfig, type KernelFunc, Tile, type TileAttrs } from '@tensorflow/tfjs-core';
import { tile } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { cpuKernel, float32Array, input } from '../kernel_support.js';

const fallback = cpuKernel(Tile);

// On the batch-norm gradient path: 1/sqrt(variance + ε) tiled to the activation's shape.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const { reps } = args.attrs as unknown as TileAttrs;
  if (x.dtype !== 'float32' || x.shape.length === 0 || reps.length !== x.shape.length) return fallback(args);
  const outShape = x.shape.map((d, i) => d * reps[i]!);
  if (outShape.some((d) => d === 0)) return fallback(args);
  const backend = args.backend as FoveaWasmBackend;
  return backend.float32Result(outShape, tile(backend.kernels, float32Array(backend, x), x.shape, reps));
};

export const tileConfig: KernelConfig = { kernelName: Tile, backendName: BACKEND_NAME, kernelFunc };

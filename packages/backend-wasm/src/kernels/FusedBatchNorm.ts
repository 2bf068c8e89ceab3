import { FusedBatchNorm, type FusedBatchNormAttrs, type KernelConfig, type KernelFunc, util } from '@tensorflow/tfjs-core';
import { batchNorm } from '@foveajs/kernels-wasm';
import { BACKEND_NAME, type FoveaWasmBackend } from '../backend.js';
import { allFloat32, cpuKernel, input } from '../kernel_support.js';

const fallback = cpuKernel(FusedBatchNorm);

// Inference batch norm over the last (channel) axis. tfjs's cpu kernel cycles each parameter
// along the flat input; for parameters of length 1 or C that is exactly per-channel broadcasting,
// the only layout we take. Others run on the cpu.
const kernelFunc: KernelFunc = (args) => {
  const x = input(args.inputs, 'x');
  const mean = input(args.inputs, 'mean');
  const variance = input(args.inputs, 'variance');
  const { offset, scale } = args.inputs;
  const { varianceEpsilon } = args.attrs as unknown as FusedBatchNormAttrs;
  const channels = x.shape[x.shape.length - 1] ?? 1;
  const params = [mean, variance, offset, scale];
  const perChannel = params.every((p) => {
    if (p === undefined) return true;
    const size = util.sizeFromShape(p.shape);
    return size === 1 || size === channels;
  });
  if (!allFloat32(x, ...params) || !perChannel || util.sizeFromShape(x.shape) === 0 || channels === 0) {
    return fallback(args);
  }
  const backend = args.backend as FoveaWasmBackend;
  const values = (t: typeof offset) => (t === undefined ? undefined : backend.float32Values(t));
  const out = batchNorm(backend.kernels, backend.float32Values(x), channels, {
    mean: backend.float32Values(mean),
    variance: backend.float32Values(variance),
    offset: values(offset),
    scale: values(scale),
    varianceEpsilon,
  });
  return backend.float32Result(x.shape, out);
};

export const fusedBatchNormConfig: KernelConfig = { kernelName: FusedBatchNorm, backendName: BACKEND_NAME, kernelFunc };

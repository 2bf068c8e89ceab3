// Shared by the fused kernels (FusedConv2D, FusedDepthwiseConv2D, _FusedMatMul, FoveaGroupedConv2D):
// a fused op's bias / PReLU inputs as the WASM epilogue, and the cpu fallback for what it declines.
import { ACTIVATION, activation as elementwiseActivation, type Epilogue } from '@foveajs/kernels-wasm';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { FoveaWasmBackend } from './backend.js';
import { cpuKernel, float32Array } from './kernel_support.js';

/** True when `t` broadcasts over an output whose last axis has `channels` entries as one value per channel (or one value). */
function perChannel(t: TensorInfo, channels: number, outRank: number): boolean {
  const size = t.shape.reduce((p, d) => p * d, 1);
  if (t.shape.length > outRank) return false;
  if (size === 1) return true;
  return size === channels && t.shape[t.shape.length - 1] === channels;
}

/**
 * The epilogue for a fused op, or undefined when bias / PReLU weights broadcast in a way the
 * kernels do not handle (then the caller falls back to the cpu kernel).
 */
export function fusedEpilogue(
  backend: FoveaWasmBackend,
  channels: number,
  outRank: number,
  activation: string | undefined,
  leakyreluAlpha: number | undefined,
  bias: TensorInfo | undefined,
  preluWeights: TensorInfo | undefined,
): Epilogue | undefined {
  if (bias !== undefined && (bias.dtype !== 'float32' || !perChannel(bias, channels, outRank))) return undefined;
  const prelu = activation === 'prelu';
  if (prelu && (preluWeights === undefined || preluWeights.dtype !== 'float32' || !perChannel(preluWeights, channels, outRank))) {
    return undefined;
  }
  if (activation !== undefined && !Object.hasOwn(ACTIVATION, activation)) return undefined;
  return {
    bias: bias === undefined ? undefined : float32Array(backend, bias),
    activation: (activation ?? 'linear') as Epilogue['activation'],
    leakyreluAlpha,
    preluAlpha: prelu && preluWeights !== undefined ? float32Array(backend, preluWeights) : undefined,
  };
}

/**
 * The cpu kernel of a fused op, for the cases our kernels decline. The cpu knows no 'swish' (see
 * EXTRA_FUSED_ACTIVATIONS): it runs linear, then our swish kernel applies x · sigmoid(x).
 */
export function fusedFallback(kernelName: string): KernelFunc {
  const fallback = cpuKernel(kernelName);
  return (args) => {
    if ((args.attrs as { activation?: string } | undefined)?.activation !== 'swish') return fallback(args);
    const linear = fallback({ ...args, attrs: { ...args.attrs, activation: 'linear' } }) as TensorInfo;
    const backend = args.backend as FoveaWasmBackend;
    if (linear.dtype !== 'float32') return linear;
    const result = backend.float32Result(linear.shape, elementwiseActivation(backend.kernels, backend.float32Values(linear), 'swish'));
    backend.disposeIntermediateTensorInfo(linear);
    return result;
  };
}

import { expectDims, KernelArgumentError } from './checks.js';
import type { FoveaKernels } from './loader.js';

export interface BatchNormParams {
  mean: Float32Array;
  variance: Float32Array;
  /** β; omitted means 0. */
  offset?: Float32Array;
  /** γ; omitted means 1. */
  scale?: Float32Array;
  varianceEpsilon: number;
}

/**
 * (x - mean) · scale / sqrt(variance + ε) + offset over x = [..., channels]; each parameter holds
 * one value or one per channel.
 */
export function batchNorm(kernels: FoveaKernels, x: Float32Array, channels: number, params: BatchNormParams): Float32Array {
  expectDims('channels', [channels], true);
  if (x.length % channels !== 0) {
    throw new KernelArgumentError(`x: got ${x.length} values, expected a multiple of channels (${channels})`);
  }
  const named: Array<[string, Float32Array | undefined]> = [
    ['mean', params.mean], ['variance', params.variance], ['offset', params.offset], ['scale', params.scale],
  ];
  for (const [name, p] of named) {
    if (p !== undefined && p.length !== 1 && p.length !== channels) {
      throw new KernelArgumentError(`${name}: got ${p.length} values, expected 1 or ${channels} (one per channel)`);
    }
  }
  const { arena } = kernels;
  arena.reset();
  const xPtr = arena.allocFrom(x);
  const outPtr = arena.alloc(x.length);
  const ptrs = named.map(([, p]) => (p === undefined ? 0 : arena.allocFrom(p)));
  const scratch = arena.alloc(3 * channels);
  const len = (p: Float32Array | undefined) => p?.length ?? 0;
  kernels.exports.batchNorm(
    xPtr, outPtr, x.length / channels, channels, ptrs[0]!, len(params.mean), ptrs[1]!, len(params.variance),
    ptrs[2]!, len(params.offset), ptrs[3]!, len(params.scale), params.varianceEpsilon, scratch,
  );
  return arena.read(outPtr, x.length);
}

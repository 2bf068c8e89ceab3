// Coverage: every kernel tfjs-backend-wasm runs natively, fovea-wasm runs natively too, or it is on
// the short list below with its reason (strings, sparse index bookkeeping and BroadcastArgs' shape
// arithmetic stay on the cpu). The list of kernels comes from @tensorflow/tfjs-backend-wasm's
// registry at run time, so this fails when a tfjs release adds one.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { BACKEND_NAME } from './backend.js';
import { foveaKernelConfigs } from './register_all_kernels.js';
import './index.js';

/** Kernels tfjs-backend-wasm registers that fovea-wasm leaves to tfjs's cpu kernel, with the reason. */
const NOT_NATIVE: Record<string, string> = {
  BroadcastArgs: 'shape arithmetic on two short int32 vectors: no tensor data to speed up',
  SparseFillEmptyRows: 'sparse index bookkeeping, left to the cpu',
  SparseReshape: 'sparse index bookkeeping, left to the cpu',
  SparseSegmentMean: 'sparse index bookkeeping, left to the cpu',
  SparseSegmentSum: 'sparse index bookkeeping, left to the cpu',
  SparseToDense: 'sparse index bookkeeping, left to the cpu',
  StringNGrams: 'string kernel, left to the cpu',
  StringSplit: 'string kernel, left to the cpu',
  StringToHashBucketFast: 'string kernel, left to the cpu',
};

describe('kernel coverage against tfjs-backend-wasm', () => {
  const reference = tf.getKernelsForBackend('wasm').map((config) => config.kernelName);
  const native = new Set(foveaKernelConfigs.map((config) => config.kernelName));

  it('reads tfjs-backend-wasm’s registry', () => {
    // tfjs-wasm 4.22 registers 157 kernels; far fewer means the import registered nothing.
    expect(reference.length).toBeGreaterThan(150);
  });

  it('runs every kernel tfjs-backend-wasm runs natively, or lists it with a reason', () => {
    const missing = reference.filter((name) => !native.has(name) && NOT_NATIVE[name] === undefined);
    expect(missing, 'native in tfjs-backend-wasm, neither native in fovea-wasm nor in NOT_NATIVE').toEqual([]);
  });

  it('lists no kernel that is native here or that tfjs-backend-wasm does not register', () => {
    const stale = Object.keys(NOT_NATIVE).filter((name) => native.has(name) || !reference.includes(name));
    expect(stale, 'entries of NOT_NATIVE to remove').toEqual([]);
  });

  it('registers each native kernel under fovea-wasm (not the cpu fallback)', () => {
    const replaced = foveaKernelConfigs.filter((config) => tf.getKernel(config.kernelName, BACKEND_NAME)?.kernelFunc !== config.kernelFunc);
    expect(replaced.map((config) => config.kernelName)).toEqual([]);
  });
});

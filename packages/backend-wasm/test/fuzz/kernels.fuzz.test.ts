// The kernel fuzzer (issue #22): every kernel fovea-wasm registers, by its registered name, driven
// with hostile attributes and values (kernel_fuzzers.ts) on fovea-wasm and on tfjs's cpu backend.
// Each case must give the cpu's outcome — the same error, or the same result with NaN where the cpu
// has NaN — and leave fovea-wasm as it found it: the heap consistent and holding the same blocks,
// no tensor left, the backend computing what it computed before. `npm test` runs a fixed-seed
// slice; FOVEA_FUZZ_SECONDS=1800 runs random seeds for half an hour (see the README).
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { foveaKernelConfigs } from '../../src/register_all_kernels.js';
import { FOVEA } from '../kernels/compare.js';
import { checkCase, FUZZ, fuzzParameters } from './fuzz_support.js';
import { KERNEL_FUZZERS } from './kernel_fuzzers.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
  await tf.setBackend('cpu');
  await tf.setBackend(FOVEA);
});

const registered = foveaKernelConfigs.map((config) => config.kernelName);
const fuzzed = registered.filter((name) => KERNEL_FUZZERS[name] !== undefined);
const missing = registered.filter((name) => KERNEL_FUZZERS[name] === undefined);

describe('kernel fuzzer: fovea-wasm against the cpu on hostile attributes and values', () => {
  it('has a generator for every registered kernel, or lists those it lacks', () => {
    // A generator for a kernel that is no longer registered is a stale entry.
    expect(Object.keys(KERNEL_FUZZERS).filter((name) => !registered.includes(name))).toEqual([]);
    if (missing.length > 0) console.warn(`kernel fuzzer: no attribute generator yet for ${missing.join(', ')} (see test/fuzz/kernel_fuzzers.ts)`);
  });

  // Listed in the output as todo: a kernel without a generator is never silently skipped.
  for (const name of missing) it.todo(`${name}: no attribute generator yet (add one to test/fuzz/kernel_fuzzers.ts)`);

  fuzzed.forEach((name, index) => {
    it(`${name}${FUZZ.seconds === undefined ? '' : ` (${Math.round(FUZZ.seconds / fuzzed.length)} s of random seeds)`}`, () => {
      fc.assert(fc.property(KERNEL_FUZZERS[name]!, checkCase), fuzzParameters(fuzzed.length, 22_000 + index));
      // A timed run's share, plus the usual allowance for a hung case.
    }, FUZZ.seconds === undefined ? undefined : (FUZZ.seconds * 1000) / fuzzed.length + 600_000);
  });
});

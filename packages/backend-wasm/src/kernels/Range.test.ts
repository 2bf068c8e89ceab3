import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA } from '../../test/kernels/compare.js';
import { expectSameTensors } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const numberArb = fc.oneof(fc.integer({ min: -40, max: 40 }), fc.double({ min: -40, max: 40, noNaN: true }));
const stepArb = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.double({ min: -3, max: 3, noNaN: true })).filter((s) => Math.abs(s) > 0.01);

describe('Range', () => {
  it('matches the cpu backend value for value (the running sum rounded as the cpu rounds it)', () => {
    fc.assert(
      fc.property(numberArb, numberArb, stepArb, fc.constantFrom<'float32' | 'int32'>('float32', 'int32'), (start, stop, step, dtype) =>
        expectSameTensors(() => tf.range(start, stop, step, dtype)),
      ),
      { numRuns: 200 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    await expectNoLeaks(() => tf.range(0, 1000, 0.5));
  });
});

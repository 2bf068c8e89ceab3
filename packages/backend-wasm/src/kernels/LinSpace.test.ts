import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA } from '../../test/kernels/compare.js';
import { expectSameTensors } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('LinSpace', () => {
  it('matches the cpu backend value for value', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), fc.integer({ min: 1, max: 300 }), (start, stop, num) =>
        expectSameTensors(() => tf.linspace(start, stop, num), { wasm: true }),
      ),
      { numRuns: 150 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    await expectNoLeaks(() => tf.linspace(0, 1, 1000));
  });
});

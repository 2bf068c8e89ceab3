import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { expectSameTensors, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('OneHot', () => {
  it('matches the cpu backend on random index shapes, depths (indices outside them give a row of off), values and dtypes', () => {
    fc.assert(
      fc.property(
        shapeArb(0, 3, { min: 0, max: 6 }), fc.integer({ min: 2, max: 9 }), fc.integer({ min: -5, max: 5 }), fc.integer({ min: -5, max: 5 }),
        fc.constantFrom<'float32' | 'int32'>('float32', 'int32'), seedArb,
        (shape, depth, on, off, dtype, seed) => {
          const size = shape.reduce((a, b) => a * b, 1);
          const indices = () => tf.tensor(Int32Array.from({ length: size }, (_, i) => ((seed + i * 3) % (depth + 4)) - 2), shape, 'int32');
          expectSameTensors(() => tf.oneHot(indices(), depth, on, off, dtype));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const i = tf.tensor1d([0, 3, 9, 2], 'int32');
    await expectNoLeaks(() => tf.oneHot(i, 80));
    i.dispose();
  });
});

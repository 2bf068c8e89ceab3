import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('Reshape', () => {
  it('matches the cpu backend (with -1 and squeezes) and copies nothing', () => {
    fc.assert(
      fc.property(shapeArb(0, 4, { min: 0, max: 4 }), dtypeArb, seedArb, (shape, dtype, seed) => {
        const size = shape.reduce((a, b) => a * b, 1);
        expectSameTensors(() => tf.reshape(layoutTensor(shape, dtype, seed), [size]), { wasm: false });
        if (size > 0) expectSameTensors(() => tf.reshape(layoutTensor(shape, dtype, seed), [-1, 1]), { wasm: false });
        expectSameTensors(() => tf.squeeze(layoutTensor([1, ...shape, 1], dtype, seed)), { wasm: false });
      }),
      { numRuns: 60 },
    );
  });

  it('shares the data: a reshape of a WASM result reads the same block, freed with the last tensor on it', () => {
    const x = tf.transpose(layoutTensor([3, 4], 'float32', 1));
    const backend = tf.backend() as unknown as { data: { get(id: object): { values: Float32Array; refCount: number } } };
    const y = tf.reshape(x, [12]);
    expect(backend.data.get(y.dataId).values).toBe(backend.data.get(x.dataId).values);
    expect(backend.data.get(x.dataId).refCount).toBe(2);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(Array.from(tf.tidy(() => tf.transpose(layoutTensor([3, 4], 'float32', 1)).reshape([12]).dataSync())));
    y.dispose();
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([4, 6], 'float32', 1);
    await expectNoLeaks(() => tf.reshape(x, [2, 12]));
    x.dispose();
  });
});

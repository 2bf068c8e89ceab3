import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA } from '../../test/kernels/compare.js';
import { expectSameTensors, layoutTensor } from '../../test/kernels/layout_cases.js';
import { scatterIndices, scatterProblemArb, scatterUpdates } from '../../test/kernels/scatter_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('TensorScatterUpdate', () => {
  it('matches the cpu backend on random shapes, slice ranks, duplicate indices (the last wins) and dtypes', () => {
    fc.assert(
      fc.property(scatterProblemArb, (p) =>
        expectSameTensors(() => tf.tensorScatterUpdate(layoutTensor(p.shape, p.dtype, p.seed + 2), scatterIndices(p), scatterUpdates(p)), { wasm: true }),
      ),
      { numRuns: 150 },
    );
  });

  it('leaves its input tensor unchanged', () => {
    const t = tf.transpose(layoutTensor([4, 3], 'float32', 1));
    const before = Array.from(t.dataSync());
    tf.dispose(tf.tensorScatterUpdate(t, tf.tensor2d([0, 2], [2, 1], 'int32'), tf.zeros([2, 4])));
    expect(Array.from(t.dataSync())).toEqual(before);
    t.dispose();
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const t = layoutTensor([4, 16], 'int32', 1);
    const i = tf.tensor2d([1, 3], [2, 1], 'int32');
    const u = layoutTensor([2, 16], 'int32', 2);
    await expectNoLeaks(() => tf.tensorScatterUpdate(t, i, u));
    tf.dispose([t, i, u]);
  });
});

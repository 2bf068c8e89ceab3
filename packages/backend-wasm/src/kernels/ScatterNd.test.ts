import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA } from '../../test/kernels/compare.js';
import { expectBothThrow, expectSameTensors, layoutTensor } from '../../test/kernels/layout_cases.js';
import { scatterIndices, scatterProblemArb, scatterUpdates } from '../../test/kernels/scatter_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('ScatterNd', () => {
  it('matches the cpu backend on random shapes, slice ranks, duplicate indices and dtypes', () => {
    fc.assert(
      fc.property(scatterProblemArb, (p) => expectSameTensors(() => tf.scatterND(scatterIndices(p), scatterUpdates(p), p.shape), { wasm: true })),
      { numRuns: 150 },
    );
  });

  it('reads rank-1 indices as one coordinate each, as tfjs does', () => {
    expectSameTensors(() => tf.scatterND(tf.tensor1d([0, 4, 2, 4], 'int32'), tf.tensor1d([100, 101, 102, 7]), [5]), { wasm: true });
  });

  it('throws for an index outside the output, as the cpu does', () => {
    expectBothThrow(() => tf.scatterND(tf.tensor2d([5], [1, 1], 'int32'), tf.tensor1d([1]), [5]));
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const i = tf.tensor2d([1, 3, 1], [3, 1], 'int32');
    const u = layoutTensor([3, 16], 'float32', 2);
    await expectNoLeaks(() => tf.scatterND(i, u, [4, 16]));
    tf.dispose([i, u]);
  });
});

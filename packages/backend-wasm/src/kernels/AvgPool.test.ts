import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FOVEA, runOn } from '../../test/kernels/compare.js';
import { itBehavesLikePool } from '../../test/kernels/pool_cases.js';

describe('AvgPool', () => {
  itBehavesLikePool({
    op: tf.avgPool,
    tolerance: 1e-6,
    // tfjs's avgPool gradient throws on some shapes on every backend, the cpu included.
    skipWhereCpuThrows: true,
    nanTitle: 'propagates NaN through the windows that hold it, as the cpu does',
  });

  it('averages only in-bounds elements under same padding (TF semantics)', () => {
    const [ours] = runOn(FOVEA, () => tf.avgPool(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 2, 1, 'same'));
    const [reference] = runOn('cpu', () => tf.avgPool(tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 2, 1, 'same'));
    expect(Array.from(ours!)).toEqual(Array.from(reference!));
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FOVEA, runOn } from '../../test/kernels/compare.js';
import { itBehavesLikePool } from '../../test/kernels/pool_cases.js';

describe('MaxPool', () => {
  itBehavesLikePool({
    op: tf.maxPool,
    tolerance: 0,
    // tfjs's own gradient fails on the 1×1 identity pool (cpu included), so windows are > 1×1.
    gradientProblem: (p) => p.filter[0] * p.filter[1] > 1,
    nanTitle: 'skips NaN inside a window, as the cpu does',
  });

  it('falls back to the cpu kernel for int32', () => {
    const [ours] = runOn(FOVEA, () => tf.maxPool(tf.tensor4d([1, 5, 3, 2], [1, 2, 2, 1], 'int32'), 2, 1, 'valid'));
    expect(Array.from(ours!)).toEqual([5]);
  });
});

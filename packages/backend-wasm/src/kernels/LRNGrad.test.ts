import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { FOVEA, randomValues } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';
import { lrnProblemArb } from '../../test/kernels/window_cases.js';

describe('LRNGrad', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('matches the cpu kernel on random x, y and dy (called by name), accumulated in the cpu’s order', () => {
    fc.assert(
      fc.property(lrnProblemArb, ({ shape, depthRadius, bias, alpha, beta, seed }) => {
        const size = shape.reduce((a, b) => a * b);
        expectNativeMatch(() => {
          const [x, y, dy] = [0, 1, 2].map((k) => tf.tensor4d(randomValues(size, seed + k), shape));
          return tf.engine().runKernel('LRNGrad', { x: x!, y: y!, dy: dy! }, { depthRadius, bias, alpha, beta }) as tf.Tensor;
        }, 1e-6);
      }),
      { numRuns: 60 },
    );
  });
});

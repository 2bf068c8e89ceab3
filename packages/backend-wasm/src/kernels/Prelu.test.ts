import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { shapePairArb } from '../../test/kernels/broadcast_cases.js';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { cpuCanRun, expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

describe('Prelu', () => {
  it('matches the cpu backend for scalar, per-channel, per-element and general slopes', () => {
    fc.assert(
      fc.property(shapePairArb, seedArb, ([xShape, alphaShape], seed) => {
        expectMatchesCpu(() => {
          const x = tf.tensor(randomValues(size(xShape), seed).map((v) => v * 5), xShape);
          const alpha = tf.tensor(randomValues(size(alphaShape), seed + 1), alphaShape);
          return tf.prelu(x, alpha);
        }, 1e-7);
      }),
      { numRuns: 150 },
    );
  });

  it('has the same gradients as the cpu backend', () => {
    fc.assert(
      fc.property(shapePairArb, seedArb, ([xShape, alphaShape], seed) => {
        const gradients = () => {
          const x = tf.tensor(randomValues(size(xShape), seed).map((v) => v * 5), xShape);
          const alpha = tf.tensor(randomValues(size(alphaShape), seed + 1), alphaShape);
          const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.square(tf.prelu(a, b)));
          return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([x, alpha]);
        };
        // tfjs's prelu gradient throws when alpha has more dims than x, on every backend.
        fc.pre(cpuCanRun(gradients));
        expectMatchesCpu(gradients, 1e-5);
      }),
      { numRuns: 60 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor(randomValues(2 * 6 * 6 * 9, 1), [2, 6, 6, 9]);
    const alpha = tf.tensor(randomValues(9, 2), [9]);
    await expectNoLeaks(() => tf.prelu(x, alpha));
    tf.dispose([x, alpha]);
  });
});

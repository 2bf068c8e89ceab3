import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectNativeMatch } from '../../test/kernels/matches.js';

describe('Multinomial', () => {
  beforeAll(async () => {
    await tf.setBackend(FOVEA);
  });

  it('draws the cpu backend’s samples for a seed, from logits and from normalised probabilities', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 12 }), fc.integer({ min: 1, max: 50 }), fc.boolean(), seedArb, (batch, events, samples, normalized, seed) => {
        expectNativeMatch(() => {
          const logits = tf.tensor2d(randomValues(batch * events, seed).map((v) => v * 4), [batch, events]);
          // A seed of 0 is none to tf.multinomial (it draws Math.random() instead): keep it ≥ 1.
          return tf.multinomial(normalized ? tf.softmax(logits) : logits, samples, (seed % 1000) + 1, normalized);
        }, 0);
      }),
      { numRuns: 60 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const logits = tf.tensor2d(randomValues(4 * 10, 1), [4, 10]);
    await expectNoLeaks(() => tf.multinomial(logits, 100, 7));
    logits.dispose();
  });
});

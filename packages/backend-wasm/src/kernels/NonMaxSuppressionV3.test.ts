import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA } from '../../test/kernels/compare.js';
import { expectSameTensors } from '../../test/kernels/layout_cases.js';
import { nmsInputs, nmsProblemArb } from '../../test/kernels/nms_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('NonMaxSuppressionV3', () => {
  it('selects what the cpu backend selects on random overlapping boxes, tied scores and thresholds', () => {
    fc.assert(
      fc.property(nmsProblemArb, (p) =>
        expectSameTensors(() => {
          const { boxes, scores } = nmsInputs(p);
          return tf.image.nonMaxSuppression(boxes, scores, p.maxOutput, p.iouThreshold, p.scoreThreshold);
        }),
      ),
      { numRuns: 200 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const { boxes, scores } = nmsInputs({ count: 200, maxOutput: 50, iouThreshold: 0.5, scoreThreshold: 0, softNmsSigma: 0, ties: false, seed: 3 });
    await expectNoLeaks(() => tf.image.nonMaxSuppression(boxes, scores, 50));
    tf.dispose([boxes, scores]);
  });
});

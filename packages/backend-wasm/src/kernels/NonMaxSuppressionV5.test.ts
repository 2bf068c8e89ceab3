import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { FOVEA } from '../../test/kernels/compare.js';
import { expectSameTensors } from '../../test/kernels/layout_cases.js';
import { nmsInputs, nmsProblemArb } from '../../test/kernels/nms_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('NonMaxSuppressionV5', () => {
  it('selects and decays scores as the cpu backend does (Gaussian soft-NMS for sigma > 0)', () => {
    fc.assert(
      fc.property(nmsProblemArb, (p) =>
        expectSameTensors(
          () => {
            const { boxes, scores } = nmsInputs(p);
            const { selectedIndices, selectedScores } = tf.image.nonMaxSuppressionWithScore(
              boxes, scores, p.maxOutput, p.iouThreshold, p.scoreThreshold, p.softNmsSigma,
            );
            return [selectedIndices!, selectedScores!];
          },
          // The decayed scores pass through exp, whose last bit may differ between engines.
          { tolerance: 1e-6 },
        ),
      ),
      { numRuns: 200 },
    );
  });
});

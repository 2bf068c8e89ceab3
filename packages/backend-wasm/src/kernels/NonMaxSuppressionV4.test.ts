import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { FOVEA } from '../../test/kernels/compare.js';
import { expectSameTensors } from '../../test/kernels/layout_cases.js';
import { nmsInputs, nmsProblemArb } from '../../test/kernels/nms_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('NonMaxSuppressionV4', () => {
  it('selects, pads and counts as the cpu backend does', () => {
    fc.assert(
      fc.property(nmsProblemArb, fc.boolean(), (p, pad) =>
        expectSameTensors(() => {
          const { boxes, scores } = nmsInputs(p);
          const { selectedIndices, validOutputs } = tf.image.nonMaxSuppressionPadded(boxes, scores, p.maxOutput, p.iouThreshold, p.scoreThreshold, pad);
          return [selectedIndices!, validOutputs!];
        }),
      ),
      { numRuns: 150 },
    );
  });
});

// Random NMS problems for the NonMaxSuppressionV3 / V4 / V5 tests: boxes clustered so that many
// overlap, given with either corner first, some empty; scores with ties (few distinct values) or
// without; thresholds across their ranges.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { randomValues, seedArb } from './compare.js';

export const nmsProblemArb = fc.record({
  count: fc.integer({ min: 0, max: 60 }),
  maxOutput: fc.integer({ min: 0, max: 70 }),
  iouThreshold: fc.constantFrom(0, 0.3, 0.5, 0.7, 1),
  scoreThreshold: fc.constantFrom(Number.NEGATIVE_INFINITY, -0.5, 0, 0.3),
  softNmsSigma: fc.constantFrom(0, 0.1, 0.5, 1),
  ties: fc.boolean(),
  seed: seedArb,
});

export type NmsProblem = typeof nmsProblemArb extends fc.Arbitrary<infer T> ? T : never;

/** boxes [count, 4] and scores [count] of a problem. */
export function nmsInputs(p: NmsProblem): { boxes: tf.Tensor2D; scores: tf.Tensor1D } {
  const r = randomValues(6 * p.count + 1, p.seed);
  const boxes = new Float32Array(4 * p.count);
  const scores = new Float32Array(p.count);
  for (let i = 0; i < p.count; i++) {
    const cy = Math.round(r[6 * i]! * 3) / 4;
    const cx = Math.round(r[6 * i + 1]! * 3) / 4;
    const h = i % 11 === 0 ? 0 : Math.abs(r[6 * i + 2]!) + 0.2;
    const w = Math.abs(r[6 * i + 3]!) + 0.2;
    const flip = i % 3 === 0;
    boxes.set(flip ? [cy + h / 2, cx + w / 2, cy - h / 2, cx - w / 2] : [cy - h / 2, cx - w / 2, cy + h / 2, cx + w / 2], 4 * i);
    scores[i] = p.ties ? Math.round(r[6 * i + 4]! * 4) / 4 : r[6 * i + 4]!;
  }
  return { boxes: tf.tensor2d(boxes, [p.count, 4]), scores: tf.tensor1d(scores) };
}

import { tf } from '@foveajs/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { evaluateSegmentation, SegmentationMetrics, scoresFromConfusion } from './metrics.js';
import { useFoveaBackend } from './test_support.js';

beforeAll(useFoveaBackend);

const int = (values: number[][] | number[][][]) => tf.tensor(values, undefined, 'int32');

describe('evaluateSegmentation on hand-worked confusion matrices', () => {
  test('three classes, one pixel ignored, class 2 only predicted', () => {
    // gt   0 0 1      pred 0 1 1
    //      1 1 255         1 2 0
    const gt = int([
      [0, 0, 1],
      [1, 1, 255],
    ]);
    const pred = int([
      [0, 1, 1],
      [1, 2, 0],
    ]);
    const scores = evaluateSegmentation(gt, pred, { numClasses: 3 });
    // Counted pixels: 5 (the ignored one counts nowhere, whatever was predicted there).
    expect(scores.confusion).toEqual([
      [1, 1, 0],
      [0, 2, 1],
      [0, 0, 0],
    ]);
    expect(scores.pixelAccuracy).toBeCloseTo(3 / 5, 12);
    // IoU 0 = 1 / (2 + 1 − 1) = 1/2; IoU 1 = 2 / (3 + 3 − 2) = 1/2; class 2: predicted once, never in gt: 0, and it counts.
    expect(scores.perClassIoU).toEqual([0.5, 0.5, 0]);
    expect(scores.meanIoU).toBeCloseTo(1 / 3, 12);
    // Accuracy (recall) is undefined for class 2 (no gt pixel): left out of the mean.
    expect(scores.perClassAccuracy).toEqual([0.5, 2 / 3, null]);
    expect(scores.meanAccuracy).toBeCloseTo((0.5 + 2 / 3) / 2, 12);
    // Frequency weighted: 2/5 · 1/2 + 3/5 · 1/2 + 0 · 0.
    expect(scores.frequencyWeightedIoU).toBeCloseTo(0.5, 12);
  });

  test('a class absent from both ground truth and prediction is null and left out of the mean', () => {
    const gt = int([[0, 1, 1, 3]]);
    const pred = int([[0, 1, 0, 3]]);
    const scores = evaluateSegmentation(gt, pred, { numClasses: 4 });
    // IoU: class 0 = 1 / (1 + 2 − 1) = 1/2, class 1 = 1 / 2, class 2 absent → null, class 3 = 1.
    expect(scores.perClassIoU).toEqual([0.5, 0.5, null, 1]);
    expect(scores.meanIoU).toBeCloseTo(2 / 3, 12);
    expect(scores.perClassAccuracy).toEqual([1, 0.5, null, 1]);
  });

  test('ignored pixels count nowhere, even where the prediction is a real class; a custom ignore index', () => {
    const gt = int([[7, 7, 0, 1]]);
    const pred = int([[1, 0, 0, 1]]);
    const scores = evaluateSegmentation(gt, pred, { numClasses: 2, ignoreIndex: 7 });
    expect(scores.confusion).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(scores.meanIoU).toBe(1);
    const onlyIgnored = evaluateSegmentation(int([[255]]), int([[0]]), { numClasses: 2 });
    expect(onlyIgnored.pixelAccuracy).toBeNull();
    expect(onlyIgnored.meanIoU).toBeNull();
    expect(onlyIgnored.perClassIoU).toEqual([null, null]);
  });

  test('one confusion matrix over the dataset, not a mean of per-image IoUs', () => {
    // Image A: class 1 is 1 pixel, missed. Image B: class 1 is 9 pixels, all found.
    const gt = int([
      [[1, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
      [[1, 1, 1, 1, 1, 1, 1, 1, 1, 0]],
    ]);
    const pred = int([
      [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
      [[1, 1, 1, 1, 1, 1, 1, 1, 1, 0]],
    ]);
    const scores = evaluateSegmentation(gt, pred, { numClasses: 2 });
    // Class 1: TP 9, FN 1 → 0.9 (per-image means would give (0 + 1) / 2).
    expect(scores.perClassIoU[1]).toBeCloseTo(0.9, 12);
  });

  test('out-of-range labels throw naming the value and position; differing shapes throw', () => {
    const gt = int([
      [
        [0, 1],
        [2, 0],
      ],
      [
        [0, 9],
        [1, 1],
      ],
    ]);
    const pred = int([
      [
        [0, 1],
        [2, 0],
      ],
      [
        [0, 1],
        [1, 1],
      ],
    ]);
    expect(() => evaluateSegmentation(gt, pred, { numClasses: 3 })).toThrow('groundTruth[1, 0, 1] = 9, expected 0..2 or the ignore index 255');
    expect(() => evaluateSegmentation(pred, int([[[0, 1], [2, 0]], [[0, 1], [-1, 1]]]), { numClasses: 3 })).toThrow('prediction[1, 1, 0] = -1, expected 0..2');
    expect(() => evaluateSegmentation(int([[0, 1]]), int([[0], [1]]), { numClasses: 3 })).toThrow('groundTruth has shape [1,2] and prediction [2,1]; expected equal shapes');
    expect(() => evaluateSegmentation(tf.zeros([2, 2]), int([[0]]), { numClasses: 3 })).toThrow(/expected an int32 tensor of class indices, got dtype float32/);
    expect(() => new SegmentationMetrics({ numClasses: 3, ignoreIndex: 1 })).toThrow(/ignoreIndex must be an integer outside 0..2, got 1/);
    // A failed update leaves the counts as they were.
    const m = new SegmentationMetrics({ numClasses: 3 });
    m.update(int([[0]]), int([[0]]));
    expect(() => m.update(int([[0, 5]]), int([[0, 0]]))).toThrow(/= 5/);
    expect(m.compute().confusion[0]![0]).toBe(1);
  });
});

describe('SegmentationMetrics accumulator', () => {
  test('property: batch by batch equals the one-shot call on the concatenation', () => {
    const batch = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }));
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.array(batch, { minLength: 1, maxLength: 4 }), fc.integer(), (numClasses, shapes, seed) => {
        let state = seed >>> 0;
        const next = () => {
          state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
          return state;
        };
        const label = () => (next() % 8 === 0 ? 255 : next() % numClasses);
        const accumulator = new SegmentationMetrics({ numClasses });
        const allGt: number[] = [];
        const allPred: number[] = [];
        const [, h, w] = shapes[0]!;
        for (const [n] of shapes) {
          const gt = Array.from({ length: n * h * w }, label);
          const pred = Array.from({ length: n * h * w }, () => next() % numClasses);
          accumulator.update({ values: gt, shape: [n, h, w] }, { values: pred, shape: [n, h, w] });
          allGt.push(...gt);
          allPred.push(...pred);
        }
        const total = allGt.length / (h * w);
        const oneShot = evaluateSegmentation({ values: allGt, shape: [total, h, w] }, { values: allPred, shape: [total, h, w] }, { numClasses });
        expect(accumulator.compute()).toEqual(oneShot);
      }),
      { numRuns: 50, seed: 19 },
    );
  });

  test('tensors and [H, W] masks; reset empties it', () => {
    const m = new SegmentationMetrics({ numClasses: 2 });
    m.update(int([[0, 1]]), int([[0, 1]]));
    m.update(int([[[1, 1]]]), int([[[1, 0]]]));
    expect(m.compute().confusion).toEqual([
      [1, 0],
      [1, 2],
    ]);
    expect(m.reset().compute().pixelAccuracy).toBeNull();
    expect(scoresFromConfusion([[3]]).meanIoU).toBe(1);
  });
});

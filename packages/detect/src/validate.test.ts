import { describe, expect, it } from 'vitest';
import { evaluateDetections } from './index.js';
import { dataset, detection } from './test_support.js';
import type { CocoDataset, CocoDetection } from './types.js';

const gt = dataset(
  [
    { bbox: [0, 0, 10, 10], image: 1 },
    { bbox: [5, 5, 10, 10], image: 2, category: 2 },
  ],
  { images: [1, 2], categories: [1, 2] },
);

function withAnnotation(index: number, change: Record<string, unknown>): CocoDataset {
  return { ...gt, annotations: gt.annotations.map((a, i) => (i === index ? { ...a, ...change } : a)) } as CocoDataset;
}

function results(change: Record<string, unknown>, index = 1): CocoDetection[] {
  const list = [detection([0, 0, 10, 10], 0.9, 1, 1), detection([5, 5, 10, 10], 0.8, 2, 2)];
  return list.map((d, i) => (i === index ? ({ ...d, ...change } as CocoDetection) : d));
}

describe('evaluateDetections: malformed input', () => {
  it('names the result, its ids and what was expected', () => {
    expect(() => evaluateDetections(gt, results({ bbox: [5, 5, -3, 10] }))).toThrow(
      new RangeError('cocoResults[1] (image_id 2, category_id 2): bbox[2] (width) is -3; expected a number >= 0'),
    );
    expect(() => evaluateDetections(gt, results({ bbox: [5, 5, 3, -1] }))).toThrow(/cocoResults\[1\] .*bbox\[3\] \(height\) is -1; expected a number >= 0/);
    expect(() => evaluateDetections(gt, results({ score: Number.NaN }))).toThrow(
      new TypeError('cocoResults[1] (image_id 2, category_id 2): score is NaN; expected a finite number'),
    );
    expect(() => evaluateDetections(gt, results({ score: '0.9' }))).toThrow(/score is "0.9"; expected a finite number/);
    expect(() => evaluateDetections(gt, results({ image_id: 9 }))).toThrow(
      new RangeError("cocoResults[1] (image_id 9, category_id 2): image_id 9 is not among cocoGt.images' ids"),
    );
    expect(() => evaluateDetections(gt, results({ category_id: 5 }))).toThrow(
      new RangeError("cocoResults[1] (image_id 2, category_id 5): category_id 5 is not among cocoGt.categories' ids"),
    );
    expect(() => evaluateDetections(gt, results({ score: undefined }))).toThrow(/cocoResults\[1\] .*missing field 'score'/);
    expect(() => evaluateDetections(gt, results({ bbox: undefined }))).toThrow(/cocoResults\[1\] .*missing field 'bbox'; expected \[x, y, width, height\]/);
    expect(() => evaluateDetections(gt, results({ bbox: [1, 2, 3] }))).toThrow(/bbox is \[1,2,3\]; expected \[x, y, width, height\]/);
    expect(() => evaluateDetections(gt, results({ bbox: [1, Number.POSITIVE_INFINITY, 3, 4] }))).toThrow(/bbox\[1\] \(y\) is Infinity; expected a finite number/);
    expect(() => evaluateDetections(gt, [...results({}), null as never])).toThrow(/cocoResults\[2\] is null; expected \{ image_id/);
    const { image_id: _, ...noImage } = results({})[0]!;
    expect(() => evaluateDetections(gt, [noImage as never])).toThrow(
      new TypeError("cocoResults[0] (category_id 1): missing field 'image_id'; expected a number"),
    );
  });

  it('names the annotation, its ids and what was expected', () => {
    expect(() => evaluateDetections(withAnnotation(1, { bbox: [0, 0, 10, -2] }), [])).toThrow(
      new RangeError('cocoGt.annotations[1] (id 2, image_id 2, category_id 2): bbox[3] (height) is -2; expected a number >= 0'),
    );
    expect(() => evaluateDetections(withAnnotation(0, { image_id: 3 }), [])).toThrow(/cocoGt.annotations\[0\] \(id 1, image_id 3, category_id 1\): image_id 3 is not among/);
    expect(() => evaluateDetections(withAnnotation(0, { category_id: 4 }), [])).toThrow(/category_id 4 is not among cocoGt.categories' ids/);
    expect(() => evaluateDetections(withAnnotation(0, { area: undefined }), [])).toThrow(/cocoGt.annotations\[0\] .*missing field 'area'/);
    expect(() => evaluateDetections(withAnnotation(0, { area: -1 }), [])).toThrow(/area is -1; expected a finite number >= 0/);
    expect(() => evaluateDetections(withAnnotation(0, { iscrowd: 2 }), [])).toThrow(/iscrowd is 2; expected 0, 1, true or false/);
    expect(() => evaluateDetections(withAnnotation(1, { id: 1 }), [])).toThrow(/cocoGt.annotations\[1\] \(id 1, .*id 1 appears twice/);
    expect(() => evaluateDetections(withAnnotation(0, { id: 0 }), [])).toThrow(/id is 0; expected a non-zero id/);
    expect(() => evaluateDetections(withAnnotation(0, { id: undefined }), [])).toThrow(/missing field 'id'/);
  });

  it('checks the dataset, its images and categories', () => {
    expect(() => evaluateDetections(null as never, [])).toThrow(/cocoGt is null; expected a COCO dataset/);
    expect(() => evaluateDetections({ ...gt, images: undefined } as never, [])).toThrow(/cocoGt: missing field 'images'; expected an array/);
    expect(() => evaluateDetections({ ...gt, categories: {} } as never, [])).toThrow(/cocoGt.categories is \{\}; expected an array/);
    expect(() => evaluateDetections({ ...gt, images: [{ id: 1 }, { id: 1 }] }, [])).toThrow(/cocoGt.images\[1\] \(id 1\): id 1 appears twice/);
    expect(() => evaluateDetections({ ...gt, categories: [{ id: 'a' }] } as never, [])).toThrow(/cocoGt.categories\[0\] \(id "a"\): id is "a"; expected a finite number/);
    expect(() => evaluateDetections(gt, {} as never)).toThrow(/cocoResults is \{\}; expected an array/);
    expect(() => evaluateDetections(gt, [], { metric: 'map' as never })).toThrow(/options.metric is "map"; expected one of 'coco', 'voc2007', 'voc'/);
  });

  it('accepts what COCO allows: boxes past the border, zero size, crowd flags as booleans', () => {
    const loose = withAnnotation(0, { bbox: [-5, -5, 0, 10], iscrowd: false });
    expect(evaluateDetections(loose, [detection([-5, -5, 0, 0], 0)]).stats).toHaveLength(12);
  });
});

// Builders for the tests' small COCO datasets (not part of the package).
import type { CocoAnnotation, CocoDataset, CocoDetection, CocoEvaluation } from './types.js';

export interface GroundTruthSpec {
  bbox: [number, number, number, number];
  image?: number;
  category?: number;
  /** Defaults to the box's width × height. */
  area?: number;
  iscrowd?: 0 | 1;
  difficult?: 0 | 1;
  ignore?: 0 | 1;
}

/** A dataset whose annotations get ids 1, 2, … in the order given; one image (1) and one category (1) by default. */
export function dataset(annotations: GroundTruthSpec[], options: { images?: number[]; categories?: number[] } = {}): CocoDataset {
  const images = options.images ?? [1];
  const categories = options.categories ?? [1];
  return {
    images: images.map((id) => ({ id, width: 640, height: 480 })),
    categories: categories.map((id) => ({ id, name: `class ${id}` })),
    annotations: annotations.map(
      (spec, i): CocoAnnotation => ({
        id: i + 1,
        image_id: spec.image ?? 1,
        category_id: spec.category ?? 1,
        bbox: spec.bbox,
        area: spec.area ?? spec.bbox[2] * spec.bbox[3],
        iscrowd: spec.iscrowd ?? 0,
        ...(spec.difficult === undefined ? {} : { difficult: spec.difficult }),
        ...(spec.ignore === undefined ? {} : { ignore: spec.ignore }),
      }),
    ),
  };
}

export function detection(bbox: [number, number, number, number], score: number, image = 1, category = 1): CocoDetection {
  return { image_id: image, category_id: category, bbox, score };
}

/** COCOeval's precision[t, r, k, a, m] for all 101 recall points. */
export function precisionCurve(result: CocoEvaluation, t: number, k = 0, a = 0, m = 2): number[] {
  const [T, R, K, A, M] = result.precision.shape as [number, number, number, number, number];
  if (t >= T || k >= K || a >= A || m >= M) throw new RangeError('index out of range');
  return Array.from({ length: R }, (_, r) => result.precision.data[(((t * R + r) * K + k) * A + a) * M + m]!);
}

/** COCOeval's recall[t, k, a, m]. */
export function recallAt(result: CocoEvaluation, t: number, k = 0, a = 0, m = 2): number {
  const [, K, A, M] = result.recall.shape as [number, number, number, number];
  return result.recall.data[((t * K + k) * A + a) * M + m]!;
}

/** `value` for the first `count` recall points and `rest` after: a curve written as its steps. */
export function steps(...parts: Array<[value: number, count: number]>): number[] {
  return parts.flatMap(([value, count]) => new Array<number>(count).fill(value));
}

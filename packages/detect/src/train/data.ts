// Training and evaluation data from scene generators (such as @foveajs/datasets' sceneGenerator,
// taken by its shape so this package does not depend on it): COCO annotations become training
// samples (boxes as corners, class indices by category order, crowd flags) and evaluation sets.
import type { EvaluationData } from '../detector.js';
import type { CocoAnnotation, CocoCategory, CocoDataset, CocoImage } from '../types.js';
import type { DetectionSample } from './augment.js';

/** Training images on demand: sample(index) for any non-negative integer index. */
export interface DetectionSource {
  sample(index: number): DetectionSample;
}

/** A scene as sceneGenerator's sceneAt returns it (the fields used here). */
export interface SceneLike {
  image: Uint8Array | Uint8ClampedArray | Float32Array;
  cocoImage: { id: number; height: number; width: number };
  annotations: readonly { id: number; image_id: number; category_id: number; bbox: readonly number[]; area?: number; iscrowd?: number | boolean }[];
}

export interface SceneGeneratorLike {
  sceneAt(index: number): SceneLike;
  readonly categories: readonly { id: number; name?: string }[];
}

/** A scene's annotations as a training sample: [x, y, w, h] → corners, category → class index. */
export function sampleFromScene(scene: SceneLike, categoryIds: readonly number[]): DetectionSample {
  const n = scene.annotations.length;
  const boxes = new Float32Array(n * 4);
  const classes = new Int32Array(n);
  const crowd = new Uint8Array(n);
  scene.annotations.forEach((a, i) => {
    const [x, y, w, h] = a.bbox as [number, number, number, number];
    boxes.set([x, y, x + w, y + h], i * 4);
    const cls = categoryIds.indexOf(a.category_id);
    if (cls < 0) throw new RangeError(`sampleFromScene: annotation ${a.id} has category_id ${a.category_id}, not among [${categoryIds.join(', ')}]`);
    classes[i] = cls;
    crowd[i] = a.iscrowd === 1 || a.iscrowd === true ? 1 : 0;
  });
  return { image: scene.image, height: scene.cocoImage.height, width: scene.cocoImage.width, boxes, classes, crowd };
}

/** A generator's scenes as a training source: sample(i) is scene `offset + i`. */
export function sceneSource(scenes: SceneGeneratorLike, offset = 0): DetectionSource {
  const categoryIds = scenes.categories.map((c) => c.id);
  return { sample: (index) => sampleFromScene(scenes.sceneAt(offset + index), categoryIds) };
}

/** Scenes start .. start + count − 1 rendered once, with their COCO ground truth, for evaluateDetector. */
export function sceneEvaluationData(scenes: SceneGeneratorLike, count: number, start = 0): EvaluationData {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`sceneEvaluationData: count must be a positive integer, got ${String(count)}`);
  const rendered = Array.from({ length: count }, (_, i) => scenes.sceneAt(start + i));
  const coco: CocoDataset = {
    images: rendered.map((s): CocoImage => ({ ...s.cocoImage })),
    annotations: rendered.flatMap((s) => s.annotations.map((a): CocoAnnotation => ({ ...a, iscrowd: a.iscrowd === true || a.iscrowd === 1 ? 1 : 0 }))),
    categories: scenes.categories.map((c): CocoCategory => ({ ...c })),
  };
  return {
    coco,
    image: (i) => {
      const s = rendered[i]!;
      return { image: s.image, height: s.cocoImage.height, width: s.cocoImage.width };
    },
  };
}

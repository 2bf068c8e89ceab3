// `fovea detect`: images through a detector, each written back with its boxes drawn, the detections
// gathered in COCO's results format, and (with --eval) scored against COCO ground truth.
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import {
  type CocoDataset,
  type CocoDetection,
  type CocoEvaluation,
  type Detector,
  evaluateDetections,
  type PredictOptions,
  type VocEvaluation,
} from '@foveajs/detect';
import { MAX_JSON_BYTES, parseJson, readRegularFile } from '@foveajs/models';
import { readImageBytes } from './images.js';

/** One image as `fovea detect` handled it. */
export interface DetectedImage {
  /** Its image_id in the results. */
  id: number;
  file: string;
  /** The annotated PNG written for it. */
  annotated: string;
  width: number;
  height: number;
  detections: number;
}

/** The COCO ground truth of --eval, with its images found by file name. */
export interface GroundTruth {
  path: string;
  coco: CocoDataset;
  /** images[].file_name's base name → image id. */
  idByFileName: Map<string, number>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Read COCO ground truth: an object with `images` (each with a numeric `id` and a `file_name`),
 * `annotations` and `categories` arrays. The entries themselves are checked by evaluateDetections.
 */
export async function readGroundTruth(path: string): Promise<GroundTruth> {
  const fail = (message: string) => new Error(`--eval ${path}: ${message}`);
  const json = parseJson(await readRegularFile(path, MAX_JSON_BYTES, fail), fail);
  if (!isObject(json)) throw fail('expected a COCO dataset object { images, annotations, categories }');
  for (const key of ['images', 'annotations', 'categories']) {
    if (!Array.isArray(json[key])) throw fail(`expected a COCO dataset with an array '${key}', got ${json[key] === undefined ? 'none' : typeof json[key]}`);
  }
  const idByFileName = new Map<string, number>();
  (json['images'] as unknown[]).forEach((image, i) => {
    if (!isObject(image) || typeof image['id'] !== 'number' || typeof image['file_name'] !== 'string') {
      throw fail(`images[${i}] needs a numeric 'id' and a 'file_name' (detections are matched to images by file name)`);
    }
    const name = basename(image['file_name']);
    if (idByFileName.has(name)) throw fail(`images[${i}]: file name '${name}' appears twice`);
    idByFileName.set(name, image['id']);
  });
  return { path, coco: json as unknown as CocoDataset, idByFileName };
}

/**
 * The image_id of each file: with ground truth, the id of its image of the same file name; else
 * 1, 2, … in the order the files were given (folders and globs expanded in name order).
 */
export function assignImageIds(files: readonly string[], groundTruth?: GroundTruth): number[] {
  if (groundTruth === undefined) return files.map((_, i) => i + 1);
  const seen = new Set<number>();
  return files.map((file) => {
    const id = groundTruth.idByFileName.get(basename(file));
    if (id === undefined) throw new Error(`${file}: no image of --eval ${groundTruth.path} has the file name '${basename(file)}'`);
    if (seen.has(id)) throw new Error(`${file}: the image '${basename(file)}' is given twice`);
    seen.add(id);
    return id;
  });
}

/** `<name>.png` for each file, with `-<id>` added where two files share a name. */
export function annotatedFileNames(files: readonly string[], ids: readonly number[]): string[] {
  const stems = files.map((file) => basename(file, extname(file)));
  const counts = new Map<string, number>();
  for (const stem of stems) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  return stems.map((stem, i) => (counts.get(stem) === 1 ? `${stem}.png` : `${stem}-${ids[i]}.png`));
}

/**
 * Detect objects in each file, one at a time (a folder of any size fits in memory), writing its
 * annotated PNG into `out`. A file that cannot be read or decoded stops the run, naming the file.
 */
export async function detectFiles(
  detector: Detector,
  files: readonly string[],
  ids: readonly number[],
  predictOptions: PredictOptions,
  out: string,
  onImage?: (done: number) => void,
): Promise<{ images: DetectedImage[]; results: CocoDetection[] }> {
  await mkdir(out, { recursive: true });
  const names = annotatedFileNames(files, ids);
  const images: DetectedImage[] = [];
  const results: CocoDetection[] = [];
  for (const [i, file] of files.entries()) {
    const bytes = await readImageBytes(file);
    let result: Awaited<ReturnType<Detector['predict']>>[number];
    try {
      [result] = (await detector.predict(bytes, predictOptions)) as [typeof result];
    } catch (error) {
      throw new Error(`${file}: ${(error as Error).message}`);
    }
    const annotated = join(out, names[i]!);
    await writeFile(annotated, await result.plot());
    results.push(...result.toCOCO(ids[i]!));
    images.push({ id: ids[i]!, file, annotated, width: result.origShape[1], height: result.origShape[0], detections: result.boxes.length });
    onImage?.(i + 1);
  }
  return { images, results };
}

export interface DetectEvaluation {
  /** Ground-truth images scored: those detect ran on. */
  images: number;
  groundTruthImages: number;
  coco: Pick<CocoEvaluation, 'stats' | 'summary'>;
  /** VOC AP at IoU 0.5: all-point (VOC2010+) and 11-point (VOC2007). */
  vocMap: number;
  voc2007Map: number;
}

/**
 * Score the results against the ground truth's images that were run (the others are left out, so
 * a subset of a dataset is scored as that subset). The detector's category ids must be the ground
 * truth's.
 */
export function evaluateResults(groundTruth: GroundTruth, detector: Detector, images: readonly DetectedImage[], results: readonly CocoDetection[]): DetectEvaluation {
  const { coco, path } = groundTruth;
  const known = new Set(coco.categories.map((category) => category.id));
  const categoryIds = detector.config.categoryIds ?? detector.names.map((_, i) => i + 1);
  const foreign = categoryIds.filter((id) => !known.has(id));
  if (foreign.length > 0) {
    throw new Error(`--eval ${path}: the detector's category ids ${foreign.join(', ')} are not among the ground truth's categories (${[...known].join(', ')})`);
  }
  const run = new Set(images.map((image) => image.id));
  const subset: CocoDataset = { ...coco, images: coco.images.filter((image) => run.has(image.id)), annotations: coco.annotations.filter((a) => run.has(a.image_id)) };
  try {
    const cocoEval = evaluateDetections(subset, results, { metric: 'coco' }) as CocoEvaluation;
    const voc = evaluateDetections(subset, results, { metric: 'voc' }) as VocEvaluation;
    const voc2007 = evaluateDetections(subset, results, { metric: 'voc2007' }) as VocEvaluation;
    return {
      images: subset.images.length,
      groundTruthImages: coco.images.length,
      coco: { stats: cocoEval.stats, summary: cocoEval.summary },
      vocMap: voc.mAP,
      voc2007Map: voc2007.mAP,
    };
  } catch (error) {
    throw new Error(`--eval ${path}: ${(error as Error).message}`);
  }
}

/** pycocotools' summarize() lines, one per stat of COCOeval.stats, in its order and wording. */
const COCO_STAT_LABELS: ReadonlyArray<[kind: 'Precision' | 'Recall', iou: string, area: string, maxDets: number]> = [
  ['Precision', '0.50:0.95', 'all', 100],
  ['Precision', '0.50', 'all', 100],
  ['Precision', '0.75', 'all', 100],
  ['Precision', '0.50:0.95', 'small', 100],
  ['Precision', '0.50:0.95', 'medium', 100],
  ['Precision', '0.50:0.95', 'large', 100],
  ['Recall', '0.50:0.95', 'all', 1],
  ['Recall', '0.50:0.95', 'all', 10],
  ['Recall', '0.50:0.95', 'all', 100],
  ['Recall', '0.50:0.95', 'small', 100],
  ['Recall', '0.50:0.95', 'medium', 100],
  ['Recall', '0.50:0.95', 'large', 100],
];

export function formatCocoStats(stats: readonly number[]): string[] {
  return COCO_STAT_LABELS.map(([kind, iou, area, maxDets], i) => {
    const title = kind === 'Precision' ? 'Average Precision  (AP)' : 'Average Recall     (AR)';
    return ` ${title} @[ IoU=${iou.padEnd(9)} | area=${area.padStart(6)} | maxDets=${String(maxDets).padStart(3)} ] = ${stats[i]!.toFixed(3)}`;
  });
}

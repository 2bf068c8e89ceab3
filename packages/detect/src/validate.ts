// Checks COCO-format inputs before any work and turns them into the evaluation's own records. Every
// error names the entry (its index and ids), the value received and what was expected.
import type { CocoDataset, CocoDetection, DetectionMetric } from './types.js';

export interface GroundTruthBox {
  id: number;
  imageIndex: number;
  categoryIndex: number;
  bbox: readonly number[];
  area: number;
  iscrowd: boolean;
  /** For the VOC metrics: difficult, crowd or ignore. */
  difficult: boolean;
}

export interface DetectionBox {
  /** 1-based position in the results, as pycocotools' loadRes numbers them. */
  id: number;
  imageIndex: number;
  categoryIndex: number;
  bbox: readonly number[];
  /** width × height, as loadRes sets it for box results. */
  area: number;
  score: number;
}

export interface EvaluationInput {
  /** Ascending. */
  imageIds: number[];
  /** Ascending. */
  categoryIds: number[];
  categoryNames: (string | undefined)[];
  groundTruths: GroundTruthBox[];
  detections: DetectionBox[];
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object' || value === null) return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "cocoResults[4] (image_id 7, category_id 2)": where an entry is and which ids it carries. */
function describe(where: string, index: number, entry: unknown, idFields: readonly string[]): string {
  if (!isRecord(entry)) return `${where}[${index}]`;
  const ids = idFields.filter((field) => field in entry).map((field) => `${field} ${show(entry[field])}`);
  return ids.length > 0 ? `${where}[${index}] (${ids.join(', ')})` : `${where}[${index}]`;
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function readId(entry: Record<string, unknown>, field: string, name: string): number {
  const value = entry[field];
  if (value === undefined) throw new TypeError(`${name}: missing field '${field}'; expected a number`);
  if (!isFiniteNumber(value)) throw new TypeError(`${name}: ${field} is ${show(value)}; expected a finite number`);
  return value;
}

function readBbox(entry: Record<string, unknown>, name: string): readonly number[] {
  const bbox = entry['bbox'];
  if (bbox === undefined) throw new TypeError(`${name}: missing field 'bbox'; expected [x, y, width, height]`);
  if (!Array.isArray(bbox) || bbox.length !== 4) {
    throw new TypeError(`${name}: bbox is ${show(bbox)}; expected [x, y, width, height]`);
  }
  const labels = ['x', 'y', 'width', 'height'];
  for (let i = 0; i < 4; i++) {
    if (!isFiniteNumber(bbox[i])) throw new TypeError(`${name}: bbox[${i}] (${labels[i]}) is ${show(bbox[i])}; expected a finite number`);
  }
  for (const i of [2, 3]) {
    if (bbox[i] < 0) throw new RangeError(`${name}: bbox[${i}] (${labels[i]}) is ${bbox[i]}; expected a number >= 0`);
  }
  return bbox as number[];
}

function readFlag(entry: Record<string, unknown>, field: string, name: string): boolean {
  const value = entry[field];
  if (value === undefined || value === 0 || value === false) return false;
  if (value === 1 || value === true) return true;
  throw new TypeError(`${name}: ${field} is ${show(value)}; expected 0, 1, true or false`);
}

function readList(dataset: Record<string, unknown>, field: string): unknown[] {
  const list = dataset[field];
  if (list === undefined) throw new TypeError(`cocoGt: missing field '${field}'; expected an array`);
  if (!Array.isArray(list)) throw new TypeError(`cocoGt.${field} is ${show(list)}; expected an array`);
  return list;
}

/** Ids of images or categories, each unique; returns them ascending with a map id → position. */
function readIdTable(list: unknown[], where: string): { ids: number[]; indexOf: Map<number, number>; entries: Map<number, Record<string, unknown>> } {
  const entries = new Map<number, Record<string, unknown>>();
  list.forEach((entry, index) => {
    const name = describe(where, index, entry, ['id']);
    if (!isRecord(entry)) throw new TypeError(`${name} is ${show(entry)}; expected an object with an id`);
    const id = readId(entry, 'id', name);
    if (entries.has(id)) throw new RangeError(`${name}: id ${id} appears twice in ${where}; expected unique ids`);
    entries.set(id, entry);
  });
  const ids = [...entries.keys()].sort((a, b) => a - b);
  return { ids, indexOf: new Map(ids.map((id, index) => [id, index])), entries };
}

export function validateInput(cocoGt: CocoDataset, cocoResults: readonly CocoDetection[], metric: DetectionMetric): EvaluationInput {
  if (!isRecord(cocoGt)) throw new TypeError(`cocoGt is ${show(cocoGt)}; expected a COCO dataset { images, annotations, categories }`);
  if (!Array.isArray(cocoResults)) {
    throw new TypeError(`cocoResults is ${show(cocoResults)}; expected an array of { image_id, category_id, bbox, score }`);
  }
  const images = readIdTable(readList(cocoGt, 'images'), 'cocoGt.images');
  const categories = readIdTable(readList(cocoGt, 'categories'), 'cocoGt.categories');
  const annotations = readList(cocoGt, 'annotations');

  const imageIndexOf = (entry: Record<string, unknown>, name: string): number => {
    const id = readId(entry, 'image_id', name);
    const index = images.indexOf.get(id);
    if (index === undefined) throw new RangeError(`${name}: image_id ${id} is not among cocoGt.images' ids`);
    return index;
  };
  const categoryIndexOf = (entry: Record<string, unknown>, name: string): number => {
    const id = readId(entry, 'category_id', name);
    const index = categories.indexOf.get(id);
    if (index === undefined) throw new RangeError(`${name}: category_id ${id} is not among cocoGt.categories' ids`);
    return index;
  };

  const seenAnnotationIds = new Set<number>();
  const groundTruths = annotations.map((entry, index): GroundTruthBox => {
    const name = describe('cocoGt.annotations', index, entry, ['id', 'image_id', 'category_id']);
    if (!isRecord(entry)) throw new TypeError(`${name} is ${show(entry)}; expected an annotation object`);
    // The VOC metrics read neither ids nor areas.
    let id = 0;
    if (metric === 'coco') {
      id = readId(entry, 'id', name);
      // COCOeval stores the matched annotation's id and reads 0 as "unmatched": an annotation with id
      // 0 would turn its true positives into false positives, so it is refused rather than miscounted.
      if (id === 0) throw new RangeError(`${name}: id is 0; expected a non-zero id (pycocotools reads id 0 as "no match")`);
      // pycocotools keys annotations by id: a repeated id would stand for the last of them twice.
      if (seenAnnotationIds.has(id)) throw new RangeError(`${name}: id ${id} appears twice in cocoGt.annotations; expected unique ids`);
      seenAnnotationIds.add(id);
    }
    const imageIndex = imageIndexOf(entry, name);
    const categoryIndex = categoryIndexOf(entry, name);
    const bbox = readBbox(entry, name);
    let area = Number.NaN;
    if (metric === 'coco') {
      const value = entry['area'];
      if (value === undefined) {
        throw new TypeError(`${name}: missing field 'area'; expected the object's area (its mask's, or width * height of its bbox)`);
      }
      if (!isFiniteNumber(value) || value < 0) throw new RangeError(`${name}: area is ${show(value)}; expected a finite number >= 0`);
      area = value;
    }
    const iscrowd = readFlag(entry, 'iscrowd', name);
    const difficult = readFlag(entry, 'difficult', name) || readFlag(entry, 'ignore', name) || iscrowd;
    return { id, imageIndex, categoryIndex, bbox, area, iscrowd, difficult };
  });

  const detections = cocoResults.map((entry, index): DetectionBox => {
    const name = describe('cocoResults', index, entry, ['image_id', 'category_id']);
    if (!isRecord(entry)) throw new TypeError(`${name} is ${show(entry)}; expected { image_id, category_id, bbox, score }`);
    const imageIndex = imageIndexOf(entry, name);
    const categoryIndex = categoryIndexOf(entry, name);
    const bbox = readBbox(entry, name);
    const score = entry['score'];
    if (score === undefined) throw new TypeError(`${name}: missing field 'score'; expected a finite number`);
    if (!isFiniteNumber(score)) throw new TypeError(`${name}: score is ${show(score)}; expected a finite number`);
    return { id: index + 1, imageIndex, categoryIndex, bbox, area: bbox[2]! * bbox[3]!, score };
  });

  return {
    imageIds: images.ids,
    categoryIds: categories.ids,
    categoryNames: categories.ids.map((id) => {
      const name = categories.entries.get(id)!['name'];
      return typeof name === 'string' ? name : undefined;
    }),
    groundTruths,
    detections,
  };
}

// COCO-format inputs (https://cocodataset.org/#format-data) and the shapes evaluateDetections returns.

/** A box as COCO writes it: left, top, width, height, in pixels. */
export type BoxXywh = readonly [x: number, y: number, width: number, height: number];
/** A box as corners: left, top, right, bottom, in pixels. */
export type BoxXyxy = readonly [x1: number, y1: number, x2: number, y2: number];

export interface CocoImage {
  id: number;
  [field: string]: unknown;
}

export interface CocoCategory {
  id: number;
  name?: string;
  [field: string]: unknown;
}

/** 0/1 as COCO's JSON writes flags, or a boolean. */
export type CocoFlag = 0 | 1 | boolean;

export interface CocoAnnotation {
  /** Unique and non-zero: pycocotools records matches by id, and id 0 reads as "no match". */
  id: number;
  image_id: number;
  category_id: number;
  bbox: readonly number[];
  /** The object's area (of its mask, in COCO), which sorts it into the small/medium/large ranges. Required for metric 'coco'. */
  area?: number;
  /** A crowd region: never a miss, and detections on it are neither true nor false positives. */
  iscrowd?: CocoFlag;
  /** PASCAL VOC's flag: a difficult object is ignored by the VOC metrics (not by 'coco', as in pycocotools). */
  difficult?: CocoFlag;
  /** Ignored by the VOC metrics like `difficult`; 'coco' reads only `iscrowd`, as pycocotools does. */
  ignore?: CocoFlag;
  [field: string]: unknown;
}

export interface CocoDataset {
  images: readonly CocoImage[];
  annotations: readonly CocoAnnotation[];
  categories: readonly CocoCategory[];
  [field: string]: unknown;
}

/** One detection in COCO's results format. */
export interface CocoDetection {
  image_id: number;
  category_id: number;
  bbox: readonly number[];
  score: number;
  [field: string]: unknown;
}

export type DetectionMetric = 'coco' | 'voc2007' | 'voc';

export type AreaRangeLabel = 'all' | 'small' | 'medium' | 'large';

export interface AreaRange {
  label: AreaRangeLabel;
  /** Inclusive bounds on `area`, as pycocotools compares them. */
  min: number;
  max: number;
}

/** COCOeval's 12 summary numbers by name; −1 where the number is undefined (no ground truth to find). */
export interface CocoSummary {
  /** AP averaged over IoU 0.50:0.05:0.95, all areas, 100 detections per image (stats[0]). */
  ap: number;
  /** AP at IoU 0.50 (stats[1]). */
  ap50: number;
  /** AP at IoU 0.75 (stats[2]). */
  ap75: number;
  /** AP for objects with area ≤ 32² (stats[3]). */
  apSmall: number;
  /** AP for 32² ≤ area ≤ 96² (stats[4]). */
  apMedium: number;
  /** AP for area ≥ 96² (stats[5]). */
  apLarge: number;
  /** Recall with 1 detection per image, averaged over IoU thresholds (stats[6]). */
  ar1: number;
  /** Recall with 10 detections per image (stats[7]). */
  ar10: number;
  /** Recall with 100 detections per image (stats[8]). */
  ar100: number;
  /** Recall for small objects, 100 detections per image (stats[9]). */
  arSmall: number;
  /** stats[10]. */
  arMedium: number;
  /** stats[11]. */
  arLarge: number;
}

export interface CocoClassEvaluation extends CocoSummary {
  categoryId: number;
  name: string | undefined;
  /** Annotations of this category that are not crowd regions (all areas). */
  numGroundTruth: number;
  /** Results of this category (before the 100-per-image cut). */
  numDetections: number;
}

/** A dense row-major array, e.g. COCOeval's precision with shape [T, R, K, A, M]. */
export interface DenseArray {
  shape: readonly number[];
  data: Float64Array;
}

export interface CocoEvaluationParams {
  /** T = 10: numpy.linspace(0.5, 0.95, 10). */
  iouThresholds: readonly number[];
  /** R = 101: numpy.linspace(0, 1, 101). */
  recallThresholds: readonly number[];
  /** K: the categories' ids, ascending (the order of perClass and of the K axis). */
  categoryIds: readonly number[];
  /** A = 4: all, small, medium, large. */
  areaRanges: readonly AreaRange[];
  /** M = 3: 1, 10, 100. */
  maxDets: readonly number[];
  /** The images' ids, ascending. */
  imageIds: readonly number[];
}

export interface CocoEvaluation {
  metric: 'coco';
  /** The 12 numbers of COCOeval.stats, in its order (see CocoSummary for each one's meaning). */
  stats: number[];
  /** The same 12 numbers by name. */
  summary: CocoSummary;
  /** The 12 numbers per category, in ascending category id. */
  perClass: CocoClassEvaluation[];
  /** Interpolated precision [T, R, K, A, M]; −1 where the category has no ground truth in that area. */
  precision: DenseArray;
  /** Maximum recall [T, K, A, M]; −1 as for precision. */
  recall: DenseArray;
  /** The score at which each precision point is reached [T, R, K, A, M] (COCOeval's `scores`). */
  scores: DenseArray;
  params: CocoEvaluationParams;
}

export interface VocClassEvaluation {
  categoryId: number;
  name: string | undefined;
  /** AP at IoU > 0.5; −1 if the category has no ground truth that is not difficult. */
  ap: number;
  /** Annotations of this category that are not difficult (voc_eval's `npos`). */
  numGroundTruth: number;
  numDetections: number;
  /** Recall after each detection, highest score first. */
  recall: Float64Array;
  /** Precision after each detection, highest score first. */
  precision: Float64Array;
}

export interface VocEvaluation {
  metric: 'voc2007' | 'voc';
  /** Mean AP over the categories that have ground truth; −1 if none has. */
  mAP: number;
  iouThreshold: number;
  perClass: VocClassEvaluation[];
}

export interface EvaluateOptions {
  /** 'coco' (default): pycocotools' COCOeval for boxes. 'voc2007': VOC's 11-point AP. 'voc': VOC2010+ all-point AP. */
  metric?: DetectionMetric;
}

// Inference, in the spirit of Ultralytics' API: `const detector = await loadDetector()` (the shipped
// weights, or any detector saved by saveDetector / trained by trainDetector), then
// `await detector.predict(source, options)` → one DetectionResult per image, boxes in the original
// image's pixels. The graph run is optimizeForInference's (BatchNorm folded, activations fused).
// Every tensor made for a call is disposed before it returns.
import { decodeImage, encodePng, readImage } from '@foveajs/core';
import { optimizeForInference } from '@foveajs/models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type DecodeOptions, decodePredictions, type HeadMap } from './decode.js';
import { evaluateDetections } from './evaluate.js';
import { loadDetectorModel } from './io.js';
import { type LetterboxInfo, letterbox, letterboxInfo, unletterboxBoxes } from './letterbox.js';
import type { DetectorConfig, DetectorModel } from './model.js';
import { type NmsOptions, nonMaxSuppression } from './nms.js';
import { classColour, type DrawOptions, drawDetections } from './plot.js';
import type { CocoDataset, CocoDetection, CocoEvaluation, VocEvaluation } from './types.js';

/** The detector shipped in this package (see the README): model.json as a file: URL (Node) or bundler-resolved URL. */
export const SCENES_DETECTOR_WEIGHTS: string = new URL('../weights/scenes_detector/model.json', import.meta.url).href;

/** A held-out scene (split 'test', seed 0, scene 3) shipped with the package for examples, as a file: URL (Node) or bundler-resolved URL. */
export const SAMPLE_SCENE: string = new URL('../samples/scene.png', import.meta.url).href;

/** An image: a [h, w, 3] or [n, h, w, 3] tensor (RGB, 0..255), an image file path or URL, or JPEG/PNG bytes. */
export type ImageSource = tf.Tensor3D | tf.Tensor4D | string | URL | Uint8Array;

export interface PredictOptions {
  /** Smallest score kept. Default 0.25. */
  conf?: number;
  /** NMS IoU threshold. Default 0.45. */
  iou?: number;
  /** Keep only these class indices. */
  classes?: number[];
  /** Most detections per image. Default 300. */
  maxDet?: number;
  /** Letterbox canvas size (a multiple of 32). Default 320. */
  imgsz?: number;
  /** NMS across classes. Default false. */
  agnostic?: boolean;
  /** Every class above `conf` per box, not just the best. Default false. */
  multiLabel?: boolean;
  /** Images per forward pass. Default 8. */
  batchSize?: number;
  /** Soft-NMS's sigma (see NmsOptions); scores that decay to `conf` or below are dropped. Default 0 (hard NMS). */
  softNmsSigma?: number;
}

/** Per-image times in milliseconds, as Ultralytics reports them. */
export interface Speed {
  preprocess: number;
  inference: number;
  postprocess: number;
}

/** One image's detections: typed arrays in the original image's pixels, highest score first. */
export interface Boxes {
  /** [x1, y1, x2, y2] per detection. */
  xyxy: Float32Array;
  /** [centre x, centre y, width, height] per detection. */
  xywh: Float32Array;
  conf: Float32Array;
  /** Class index per detection (names[cls] is its name). */
  cls: Int32Array;
  length: number;
}

export class DetectionResult {
  constructor(
    readonly boxes: Boxes,
    /** Class names by index. */
    readonly names: readonly string[],
    /** [height, width] of the original image. */
    readonly origShape: readonly [number, number],
    readonly speed: Speed,
    private readonly pixels: Uint8ClampedArray,
    private readonly categoryIds: readonly number[],
  ) {}

  /** COCO results entries for `imageId`: bbox [x, y, w, h], category_id (the config's categoryIds), score. */
  toCOCO(imageId: number): CocoDetection[] {
    const out: CocoDetection[] = [];
    for (let i = 0; i < this.boxes.length; i++) {
      const [x1, y1, x2, y2] = this.boxes.xyxy.subarray(i * 4, i * 4 + 4) as unknown as [number, number, number, number];
      out.push({ image_id: imageId, category_id: this.categoryIds[this.boxes.cls[i]!]!, bbox: [x1, y1, x2 - x1, y2 - y1], score: this.boxes.conf[i]! });
    }
    return out;
  }

  /** The image with boxes, labels and scores drawn, as RGB pixels [height, width, 3]. */
  plotPixels(options: DrawOptions & { labels?: boolean; conf?: boolean } = {}): Uint8ClampedArray {
    const pixels = this.pixels.slice();
    const boxes = Array.from({ length: this.boxes.length }, (_, i) => {
      const cls = this.boxes.cls[i]!;
      const parts = [options.labels === false ? '' : (this.names[cls] ?? String(cls)), options.conf === false ? '' : this.boxes.conf[i]!.toFixed(2)].filter((p) => p !== '');
      return { box: Array.from(this.boxes.xyxy.subarray(i * 4, i * 4 + 4)), colour: classColour(cls), label: parts.join(' ') };
    });
    // Lowest score first, so the best boxes are drawn on top.
    drawDetections(pixels, this.origShape[0], this.origShape[1], boxes.reverse(), options);
    return pixels;
  }

  /** The image with boxes, labels and scores drawn, as PNG bytes (through @foveajs/core's encodePng). */
  async plot(options: DrawOptions & { labels?: boolean; conf?: boolean } = {}): Promise<Uint8Array> {
    const pixels = this.plotPixels(options);
    const image = tf.tensor3d(Int32Array.from(pixels), [this.origShape[0], this.origShape[1], 3], 'int32');
    try {
      return await encodePng(image);
    } finally {
      image.dispose();
    }
  }
}

interface PreparedImage {
  /** [h, w, 3] RGB; disposed after use when `owned`. */
  tensor: tf.Tensor3D;
  owned: boolean;
}

async function prepare(source: ImageSource): Promise<PreparedImage[]> {
  if (typeof source === 'string' || source instanceof URL) {
    const href = source instanceof URL ? source.href : source;
    if (/^file:/i.test(href)) {
      // readImage fetches URLs, and Node's fetch has no file: scheme: read it as a path.
      const { fileURLToPath } = await import('node:url');
      return [{ tensor: await readImage(fileURLToPath(href)), owned: true }];
    }
    return [{ tensor: await readImage(source), owned: true }];
  }
  if (source instanceof Uint8Array) return [{ tensor: await decodeImage(source), owned: true }];
  if (source instanceof tf.Tensor) {
    if (source.rank === 3) return [{ tensor: source as tf.Tensor3D, owned: false }];
    if (source.rank === 4) return tf.unstack(source as tf.Tensor4D).map((t) => ({ tensor: t as tf.Tensor3D, owned: true }));
  }
  const shape = source instanceof tf.Tensor ? `a tensor of shape [${source.shape}]` : typeof source;
  throw new TypeError(`predict: source must be an image tensor [h, w, 3] or [n, h, w, 3], a path or URL, or image bytes; got ${shape}`);
}

function checkImage(tensor: tf.Tensor3D): void {
  const [h, w, c] = tensor.shape;
  if (c !== 3 || h < 1 || w < 1) throw new RangeError(`predict: images must be [height, width, 3] RGB, got shape [${tensor.shape}]`);
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`predict: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

/** A loaded detector: its inference graph and config. */
export class Detector {
  /** Class names by index. */
  readonly names: readonly string[];

  constructor(
    /** The inference graph (BatchNorm folded, activations fused). */
    readonly model: tfl.LayersModel,
    readonly config: DetectorConfig,
  ) {
    this.names = config.names;
  }

  /** Detect objects in one image or several (see PredictOptions); one result per image. */
  async predict(source: ImageSource | readonly ImageSource[], options: PredictOptions = {}): Promise<DetectionResult[]> {
    const imgsz = positiveInt('imgsz', options.imgsz ?? 320);
    if (imgsz % 32 !== 0) throw new RangeError(`predict: imgsz must be a multiple of 32 (the coarsest stride), got ${imgsz}`);
    const batchSize = positiveInt('batchSize', options.batchSize ?? 8);
    const decodeOptions: DecodeOptions = { conf: options.conf ?? 0.25, multiLabel: options.multiLabel ?? false, ...(options.classes ? { classes: options.classes } : {}) };
    const nmsOptions: NmsOptions = { iou: options.iou ?? 0.45, maxDet: options.maxDet ?? 300, agnostic: options.agnostic ?? false, softNmsSigma: options.softNmsSigma ?? 0, minScore: decodeOptions.conf };
    const sources = Array.isArray(source) ? source : [source as ImageSource];
    const results: DetectionResult[] = [];
    for (let start = 0; start < sources.length; start += batchSize) {
      results.push(...(await this.predictBatch(sources.slice(start, start + batchSize), imgsz, decodeOptions, nmsOptions)));
    }
    return results;
  }

  private async predictBatch(sources: readonly ImageSource[], imgsz: number, decodeOptions: DecodeOptions, nmsOptions: NmsOptions): Promise<DetectionResult[]> {
    const t0 = performance.now();
    const images: PreparedImage[] = [];
    let batch: tf.Tensor4D | undefined;
    const infos: LetterboxInfo[] = [];
    const pixels: Uint8ClampedArray[] = [];
    let maps: HeadMap[];
    let t1: number;
    let t2: number;
    try {
      for (const s of sources) images.push(...(await prepare(s)));
      for (const { tensor } of images) {
        checkImage(tensor);
        infos.push(letterboxInfo(tensor.shape[0], tensor.shape[1], imgsz));
        pixels.push(new Uint8ClampedArray(await tensor.data()));
      }
      batch = tf.tidy(() => tf.stack(images.map(({ tensor }, i) => letterbox(tensor, infos[i]!))) as tf.Tensor4D);
      t1 = performance.now();
      const outputs = this.model.predict(batch) as tf.Tensor | tf.Tensor[];
      const list = Array.isArray(outputs) ? outputs : [outputs];
      try {
        const data = await Promise.all(list.map((o) => o.data() as Promise<Float32Array>));
        maps = list.map((o, i) => ({ data: data[i]!, batch: o.shape[0]!, height: o.shape[1]!, width: o.shape[2]!, channels: o.shape[3]! }));
      } finally {
        tf.dispose(list);
      }
      t2 = performance.now();
    } finally {
      batch?.dispose();
      for (const { tensor, owned } of images) if (owned) tensor.dispose();
    }
    const results: DetectionResult[] = [];
    const kept = [];
    for (let i = 0; i < infos.length; i++) {
      const candidates = decodePredictions(this.config, maps, i, decodeOptions);
      kept.push(await nonMaxSuppression(candidates, nmsOptions));
    }
    const t3 = performance.now();
    const n = infos.length;
    const speed: Speed = { preprocess: (t1 - t0) / n, inference: (t2 - t1) / n, postprocess: (t3 - t2) / n };
    const categoryIds = this.config.categoryIds ?? this.config.names.map((_, i) => i + 1);
    kept.forEach((d, i) => {
      const info = infos[i]!;
      const xyxy = unletterboxBoxes(d.boxes, info);
      const xywh = new Float32Array(d.count * 4);
      for (let k = 0; k < d.count; k++) {
        const [x1, y1, x2, y2] = [xyxy[k * 4]!, xyxy[k * 4 + 1]!, xyxy[k * 4 + 2]!, xyxy[k * 4 + 3]!];
        xywh.set([(x1 + x2) / 2, (y1 + y2) / 2, x2 - x1, y2 - y1], k * 4);
      }
      results.push(
        new DetectionResult({ xyxy, xywh, conf: d.scores, cls: d.classes, length: d.count }, this.names, [info.height, info.width], speed, pixels[i]!, categoryIds),
      );
    });
    return results;
  }

  /** Free the graph's weights. */
  dispose(): void {
    this.model.dispose();
  }
}

export interface LoadDetectorOptions {
  /** Fold BatchNorm and fuse activations (optimizeForInference). Default true. */
  optimize?: boolean;
}

/**
 * A Detector from the shipped weights (no argument), a saved detector (a model.json path or URL),
 * or a DetectorModel in memory (its weights are copied; the original stays usable).
 */
export async function loadDetector(source: string | URL | DetectorModel = SCENES_DETECTOR_WEIGHTS, options: LoadDetectorOptions = {}): Promise<Detector> {
  const optimize = options.optimize ?? true;
  if (typeof source === 'object' && !(source instanceof URL)) {
    if (!optimize) throw new Error('loadDetector: a DetectorModel in memory is used through optimizeForInference (optimize: true)');
    return new Detector(optimizeForInference(source.model), source.config);
  }
  const loaded = await loadDetectorModel(source);
  if (!optimize) return new Detector(loaded.model, loaded.config);
  try {
    return new Detector(optimizeForInference(loaded.model), loaded.config);
  } finally {
    loaded.model.dispose();
  }
}

/** Images with COCO ground truth, for evaluateDetector: image i is coco.images[i]. */
export interface EvaluationData {
  coco: CocoDataset;
  /** Image i as RGB 0..255 [height, width, 3], e.g. a syntheticScenes scene's `image`. */
  image(i: number): { image: Uint8Array | Uint8ClampedArray | Float32Array; height: number; width: number };
}

export interface EvaluateDetectorOptions extends PredictOptions {
  onProgress?: (done: number, total: number) => void;
}

/**
 * Run `detector` over the data's images and score the detections with evaluateDetections: COCO
 * (the 12 COCOeval stats) and VOC all-point AP at IoU 0.5. Defaults are Ultralytics' validation
 * settings: conf 0.001, iou 0.7, every class per box, 300 detections per image (COCO counts the top 100).
 */
export async function evaluateDetector(
  detector: Detector,
  data: EvaluationData,
  options: EvaluateDetectorOptions = {},
): Promise<{ coco: CocoEvaluation; voc: VocEvaluation; results: CocoDetection[]; speed: Speed }> {
  const predictOptions: PredictOptions = { conf: 0.001, iou: 0.7, multiLabel: true, maxDet: 300, ...options };
  const batchSize = options.batchSize ?? 8;
  const results: CocoDetection[] = [];
  const total = data.coco.images.length;
  const speed: Speed = { preprocess: 0, inference: 0, postprocess: 0 };
  for (let start = 0; start < total; start += batchSize) {
    const count = Math.min(batchSize, total - start);
    const tensors = Array.from({ length: count }, (_, k) => {
      const { image, height, width } = data.image(start + k);
      return tf.tensor3d(image instanceof Float32Array ? image : Float32Array.from(image), [height, width, 3]);
    });
    try {
      const predictions = await detector.predict(tensors, { ...predictOptions, batchSize: count });
      predictions.forEach((p, k) => {
        results.push(...p.toCOCO(data.coco.images[start + k]!.id));
        speed.preprocess += p.speed.preprocess;
        speed.inference += p.speed.inference;
        speed.postprocess += p.speed.postprocess;
      });
    } finally {
      tf.dispose(tensors);
    }
    options.onProgress?.(start + count, total);
  }
  for (const key of ['preprocess', 'inference', 'postprocess'] as const) speed[key] /= Math.max(total, 1);
  return { coco: evaluateDetections(data.coco, results, { metric: 'coco' }) as CocoEvaluation, voc: evaluateDetections(data.coco, results, { metric: 'voc' }) as VocEvaluation, results, speed };
}

// Appearance embeddings from a CNN, for DeepSort: each box of a frame is cropped and resized
// (bilinear, tf.image.cropAndResize), optionally preprocessed, run through the model in batches,
// globally average-pooled if the model returns a feature map, and L2-normalised. Any tfjs model
// with one image input fits: a zoo backbone with `pooling: 'avg'`, or a re-ID network trained for it.
// This entry point (`@foveajs/track/embedder`) needs @tensorflow/tfjs-core; the trackers do not.
import * as tf from '@tensorflow/tfjs-core';
import type { Embedder } from './appearance.js';
import type { BoxXywh } from './boxes.js';

/** What the embedder needs of a model: a tfjs LayersModel or GraphModel-like object. */
export interface EmbeddingModel {
  predict(x: tf.Tensor, config?: object): tf.Tensor | tf.Tensor[];
  /** Its input's shape, [batch, height, width, channels] (a LayersModel's `inputs[0].shape`). */
  readonly inputs: ReadonlyArray<{ readonly shape: ReadonlyArray<number | null> }>;
}

export interface CnnEmbedderOptions {
  /** Crop size [height, width]; default the model's input size (required when that is not fixed). */
  cropSize?: [number, number];
  /** Crops per model call; default 32. */
  batchSize?: number;
  /**
   * Applied to each batch of crops (float32 [n, h, w, c], in the image's own range) before the
   * model, e.g. `(x) => preprocessInput(x, 'tf')` for the zoo's MobileNetV2. Default: none.
   */
  preprocess?: (crops: tf.Tensor4D) => tf.Tensor;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return typeof value === 'object' && value !== null ? (value.constructor?.name ?? 'an object') : String(value);
}

/**
 * A DeepSort `Embedder` over any CNN. `embed` reads the result synchronously (`dataSync`), as
 * DeepSort's `update` is synchronous; `embedAsync` reads it with `data()` for browsers that prefer
 * not to block. Every tensor it makes is disposed; the model stays the caller's.
 */
export class CnnEmbedder implements Embedder<tf.Tensor3D | tf.Tensor4D> {
  readonly model: EmbeddingModel;
  readonly cropSize: [number, number];
  readonly batchSize: number;
  private readonly preprocess: ((crops: tf.Tensor4D) => tf.Tensor) | undefined;

  constructor(model: EmbeddingModel, options: CnnEmbedderOptions = {}) {
    if (model === null || typeof model !== 'object' || typeof model.predict !== 'function') {
      throw new TypeError(`CnnEmbedder: model must be a tfjs model with predict(), got ${describe(model)}`);
    }
    this.model = model;
    const inputShape = model.inputs?.[0]?.shape;
    const size = options.cropSize ?? (inputShape !== undefined ? [inputShape[1], inputShape[2]] : undefined);
    if (!Array.isArray(size) || size.length !== 2 || !size.every((s) => typeof s === 'number' && Number.isInteger(s) && s >= 1)) {
      throw new RangeError(`CnnEmbedder: cropSize is ${describe(size)}; expected [height, width] (integers >= 1), or a model with a fixed input size`);
    }
    this.cropSize = [size[0] as number, size[1] as number];
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`CnnEmbedder: batchSize is ${describe(batchSize)}; expected an integer >= 1`);
    this.batchSize = batchSize;
    if (options.preprocess !== undefined && typeof options.preprocess !== 'function') {
      throw new TypeError(`CnnEmbedder: preprocess must be a function, got ${describe(options.preprocess)}`);
    }
    this.preprocess = options.preprocess;
  }

  /** One L2-normalised embedding per box ([x, y, w, h] in pixels) of `image` ([h, w, c] or [1, h, w, c]). */
  embed(image: tf.Tensor3D | tf.Tensor4D, boxes: readonly BoxXywh[]): Float32Array[] {
    const out: Float32Array[] = [];
    for (let start = 0; start < boxes.length; start += this.batchSize) {
      const batch = this.embedBatch(image, boxes.slice(start, start + this.batchSize), start);
      out.push(...split(batch.dataSync() as Float32Array, batch.shape[0]));
      batch.dispose();
    }
    return out;
  }

  /** `embed`, reading the results with `await data()`. */
  async embedAsync(image: tf.Tensor3D | tf.Tensor4D, boxes: readonly BoxXywh[]): Promise<Float32Array[]> {
    const out: Float32Array[] = [];
    for (let start = 0; start < boxes.length; start += this.batchSize) {
      const batch = this.embedBatch(image, boxes.slice(start, start + this.batchSize), start);
      out.push(...split((await batch.data()) as Float32Array, batch.shape[0]));
      batch.dispose();
    }
    return out;
  }

  private embedBatch(image: tf.Tensor3D | tf.Tensor4D, boxes: readonly BoxXywh[], offset: number): tf.Tensor2D {
    if (!(image instanceof tf.Tensor) || (image.rank !== 3 && !(image.rank === 4 && image.shape[0] === 1))) {
      throw new TypeError(`CnnEmbedder.embed: image must be a tensor [height, width, channels] or [1, height, width, channels], got ${image instanceof tf.Tensor ? `shape ${describe(image.shape)}` : describe(image)}`);
    }
    const [height, width] = image.rank === 3 ? [image.shape[0]!, image.shape[1]!] : [image.shape[1]!, image.shape[2]!];
    // cropAndResize samples pixel centres at index coordinates scaled by (size − 1): a box covering
    // pixels x .. x + w − 1 runs from x to x + w − 1.
    const coordinates = new Float32Array(boxes.length * 4);
    boxes.forEach((box, k) => {
      if (!Array.isArray(box) || box.length !== 4 || !box.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new TypeError(`CnnEmbedder.embed: boxes[${offset + k}] is ${describe(box)}; expected [x, y, width, height] of finite numbers`);
      }
      const [x, y, w, h] = box;
      const ys = height > 1 ? height - 1 : 1;
      const xs = width > 1 ? width - 1 : 1;
      coordinates.set([y / ys, x / xs, (y + Math.max(h - 1, 0)) / ys, (x + Math.max(w - 1, 0)) / xs], k * 4);
    });
    return tf.tidy(() => {
      const batch4d = (image.rank === 3 ? tf.expandDims(image, 0) : image) as tf.Tensor4D;
      const crops = tf.image.cropAndResize(tf.cast(batch4d, 'float32'), tf.tensor2d(coordinates, [boxes.length, 4]), tf.zeros([boxes.length], 'int32'), this.cropSize);
      const input = this.preprocess === undefined ? crops : this.preprocess(crops);
      const predicted = this.model.predict(input);
      let features = Array.isArray(predicted) ? predicted[0]! : predicted;
      if (features.rank === 4) features = tf.mean(features, [1, 2]);
      if (features.rank !== 2) throw new RangeError(`CnnEmbedder.embed: the model returned shape ${describe(features.shape)}; expected [n, features] or a feature map [n, h, w, c]`);
      const norms = tf.maximum(tf.norm(features, 'euclidean', 1, true), 1e-12);
      return tf.div(features, norms) as tf.Tensor2D;
    });
  }
}

function split(data: Float32Array, rows: number): Float32Array[] {
  const size = rows === 0 ? 0 : data.length / rows;
  return Array.from({ length: rows }, (_, k) => data.slice(k * size, (k + 1) * size));
}

export interface MobileNetV2EmbedderOptions {
  /** Width multiplier; default 0.35 (the smallest with ImageNet weights). */
  alpha?: number;
  /** Crop size and channels; default [96, 96, 3] (ImageNet weights exist for 96, 128, 160, 192, 224). */
  inputShape?: [number, number, number];
  /** 'imagenet' (default: downloaded once by @foveajs/models), null for random weights, or a weights file. */
  weights?: string | null;
  batchSize?: number;
}

/**
 * The zoo's MobileNetV2 (`includeTop: false, pooling: 'avg'`, 1280 features) as an embedder, its
 * crops preprocessed to [−1, 1] from 0..255 pixels. Needs `@foveajs/models` and
 * `@tensorflow/tfjs-layers` installed. A trained re-ID network drops in through `new CnnEmbedder(model)`.
 */
export async function mobileNetV2Embedder(options: MobileNetV2EmbedderOptions = {}): Promise<CnnEmbedder> {
  let models: typeof import('@foveajs/models');
  try {
    models = await import('@foveajs/models');
  } catch (error) {
    throw new Error(`mobileNetV2Embedder needs @foveajs/models: npm install @foveajs/models @tensorflow/tfjs-layers (${(error as Error).message})`);
  }
  const inputShape = options.inputShape ?? [96, 96, 3];
  const weights = options.weights === undefined ? 'imagenet' : options.weights;
  const built = models.MobileNetV2({ alpha: options.alpha ?? 0.35, includeTop: false, pooling: 'avg', inputShape, weights });
  const model = await built;
  return new CnnEmbedder(model, {
    cropSize: [inputShape[0], inputShape[1]],
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    preprocess: (crops) => models.preprocessInput(crops, 'tf'),
  });
}

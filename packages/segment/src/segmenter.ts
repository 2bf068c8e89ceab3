// The inference API: a trained segmentation model with its labels, run on one image at a time,
// returning masks at the image's own size. The image is scaled to fit `inputSize` (aspect ratio
// kept: the model pads to its output stride's multiple itself and crops its logits back), and the
// logits are resized bilinearly (half-pixel centres, the exact inverse of the scaling) to the
// original size before the argmax, so a mask lines up with its object to the pixel.
import { decodeImage, readImage } from '@foveajs/core';
import { loadWeightsInto } from '@foveajs/models';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { DeepLabV3, LRASPP } from './models/deeplab.js';
import { FCN8s, FCN16s, FCN32s } from './models/fcn.js';
import { UNet } from './models/unet.js';
import { type Rgb, VOC_PALETTE } from './render.js';

type Builder = (options: Record<string, unknown>) => tfl.LayersModel;

/** The builders a segmenter description may name, by name (random weights; the description's file fills them). */
export const SEGMENTER_ARCHITECTURES: Readonly<Record<string, Builder>> = {
  FCN32s: FCN32s as Builder,
  FCN16s: FCN16s as Builder,
  FCN8s: FCN8s as Builder,
  UNet: UNet as Builder,
  DeepLabV3: DeepLabV3 as Builder,
  DeepLabV3Plus: ((options) => DeepLabV3({ ...options, decoder: true })) as Builder,
  LRASPP: LRASPP as Builder,
};

/** segmenter.json: how to rebuild a trained model and read its output. */
export interface SegmenterDescription {
  /** A key of SEGMENTER_ARCHITECTURES. */
  architecture: string;
  /** The builder's options (classes, backbone, alpha, outputStride, …). */
  options: Record<string, unknown>;
  /** The longer side images are scaled to; null: run at the image's own size. */
  inputSize: number | null;
  /** One name per class. */
  labels: string[];
  /** The weights file, relative to segmenter.json (tfjs model.json or any format @foveajs/models reads). */
  weights: string;
}

/**
 * Where the package's trained segmenter goes (LR-ASPP on MobileNetV2 trained on @foveajs/datasets'
 * syntheticScenes, by scripts/train_segmenter.mjs --save weights/scenes_lraspp_mobilenetv2). None
 * ships yet: no run has reached the target (README "Training"); loadSegmenter() says so.
 */
export const SCENES_SEGMENTER: string = new URL('../weights/scenes_lraspp_mobilenetv2/segmenter.json', import.meta.url).href;

export type SegmenterOutput = 'category' | 'confidence';

export interface PredictOptions {
  /** Which masks to return. Default ['category']. */
  outputs?: SegmenterOutput[];
}

export interface SegmentationResult {
  /** Each pixel's most probable class, [H, W] int32, at the source image's size. */
  categoryMask: tf.Tensor2D;
  /** Each pixel's class probabilities (softmax), [H, W, classes] float32, when asked for. */
  confidenceMask?: tf.Tensor3D;
  /** The classes present in categoryMask, name → colour (tfjs-models' DeepLab legend). */
  legend: Record<string, Rgb>;
}

/** An image: a [H, W, 3] (or [1, H, W, 3]) RGB 0..255 tensor, a file path or URL, or encoded JPEG/PNG bytes. */
export type ImageSource = tf.Tensor | string | URL | Uint8Array;

export interface SegmenterConfig {
  model: tfl.LayersModel;
  labels: string[];
  inputSize?: number | null;
  palette?: readonly Rgb[];
}

export class Segmenter {
  readonly model: tfl.LayersModel;
  readonly labels: readonly string[];
  readonly inputSize: number | null;
  readonly palette: readonly Rgb[];

  constructor(config: SegmenterConfig) {
    const { model, labels } = config;
    const classes = model.outputs[0]?.shape[3];
    if (!Array.isArray(labels) || labels.length !== classes) {
      throw new Error(`Segmenter: labels must name the model's ${classes} classes, got ${Array.isArray(labels) ? `${labels.length} labels` : String(labels)}`);
    }
    const inputSize = config.inputSize ?? null;
    if (inputSize !== null && (!Number.isInteger(inputSize) || inputSize < 1)) {
      throw new Error(`Segmenter: inputSize must be a positive integer or null, got ${JSON.stringify(inputSize)}`);
    }
    this.model = model;
    this.labels = [...labels];
    this.inputSize = inputSize;
    this.palette = config.palette ?? VOC_PALETTE;
  }

  /** The size images are scaled to: the longer side to inputSize (up or down), the aspect ratio kept. */
  scaledSize(height: number, width: number): [number, number] {
    if (this.inputSize === null) return [height, width];
    const scale = this.inputSize / Math.max(height, width);
    return [Math.max(1, Math.round(height * scale)), Math.max(1, Math.round(width * scale))];
  }

  /**
   * Segment one image. The masks are new tensors the caller disposes; nothing else stays allocated.
   */
  async predict(source: ImageSource, options: PredictOptions = {}): Promise<SegmentationResult> {
    const outputs = options.outputs ?? ['category'];
    if (!Array.isArray(outputs) || outputs.length === 0 || !outputs.every((o) => o === 'category' || o === 'confidence')) {
      throw new Error(`Segmenter.predict: outputs must list 'category' and/or 'confidence', got ${JSON.stringify(outputs)}`);
    }
    const owned = !(source instanceof tf.Tensor);
    const image = await toImageTensor(source);
    let categoryMask: tf.Tensor2D;
    let confidenceMask: tf.Tensor3D | undefined;
    try {
      [categoryMask, confidenceMask] = tf.tidy(() => {
        const rgb = (image.rank === 4 ? tf.squeeze(image, [0]) : image) as tf.Tensor3D;
        const [height, width] = rgb.shape;
        const [h, w] = this.scaledSize(height, width);
        let x = tf.cast(rgb, 'float32') as tf.Tensor3D;
        if (h !== height || w !== width) x = tf.image.resizeBilinear(x, [h, w], false, true);
        let logits = tf.squeeze(this.model.predict(tf.expandDims(x, 0)) as tf.Tensor4D, [0]) as tf.Tensor3D;
        if (h !== height || w !== width) logits = tf.image.resizeBilinear(logits, [height, width], false, true);
        const category = tf.cast(tf.argMax(logits, -1), 'int32') as tf.Tensor2D;
        return outputs.includes('confidence') ? [category, tf.softmax(logits) as tf.Tensor3D] : [category, undefined];
      }) as [tf.Tensor2D, tf.Tensor3D | undefined];
    } finally {
      if (owned) image.dispose();
    }
    const present = new Set(await categoryMask.data());
    const legend: Record<string, Rgb> = {};
    this.labels.forEach((name, label) => {
      if (present.has(label)) legend[name] = [...(this.palette[label] ?? [0, 0, 0])] as Rgb;
    });
    if (!outputs.includes('category')) {
      const result = { confidenceMask: confidenceMask!, legend } as SegmentationResult;
      categoryMask.dispose();
      return result;
    }
    return confidenceMask === undefined ? { categoryMask, legend } : { categoryMask, confidenceMask, legend };
  }

  dispose(): void {
    this.model.dispose();
  }
}

async function toImageTensor(source: ImageSource): Promise<tf.Tensor> {
  if (source instanceof tf.Tensor) {
    const ok = (source.rank === 3 && source.shape[2] === 3) || (source.rank === 4 && source.shape[0] === 1 && source.shape[3] === 3);
    if (!ok) throw new Error(`Segmenter.predict: an image tensor must be [H, W, 3] or [1, H, W, 3] RGB, got [${source.shape}]`);
    return source;
  }
  if (source instanceof Uint8Array) return decodeImage(source);
  if (typeof source === 'string' || source instanceof URL) return readImage(source instanceof URL && source.protocol === 'file:' ? decodeURIComponent(source.pathname) : source);
  throw new Error(`Segmenter.predict: source must be an image tensor, a path or URL, or JPEG/PNG bytes, got ${String(source)}`);
}

async function readText(location: string): Promise<string> {
  if (/^(https?|data|blob):/i.test(location)) {
    const response = await fetch(location);
    if (!response.ok) throw new Error(`loadSegmenter: fetching ${location} failed with HTTP ${response.status}`);
    return response.text();
  }
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  return readFile(/^file:/i.test(location) ? fileURLToPath(location) : location, 'utf8');
}

export interface LoadSegmenterOptions {
  /** segmenter.json's path or URL. Default SCENES_SEGMENTER, the package's own (none ships yet). */
  description?: string;
  /** Overrides the description's inputSize (null: each image at its own size). */
  inputSize?: number | null;
  palette?: readonly Rgb[];
}

function checkDescription(location: string, value: unknown): SegmenterDescription {
  const d = value as SegmenterDescription;
  const problems: string[] = [];
  if (typeof d?.architecture !== 'string' || !(d.architecture in SEGMENTER_ARCHITECTURES)) {
    problems.push(`architecture must be one of ${Object.keys(SEGMENTER_ARCHITECTURES).join(', ')}, got ${JSON.stringify(d?.architecture)}`);
  }
  if (d?.options === null || typeof d?.options !== 'object') problems.push('options must be an object');
  if (!Array.isArray(d?.labels) || !d.labels.every((l) => typeof l === 'string')) problems.push('labels must be a list of names');
  if (typeof d?.weights !== 'string' || d.weights === '') problems.push('weights must name the weights file');
  if (d?.inputSize !== null && !(Number.isInteger(d?.inputSize) && d.inputSize > 0)) problems.push(`inputSize must be a positive integer or null, got ${JSON.stringify(d?.inputSize)}`);
  if (problems.length > 0) throw new Error(`loadSegmenter: ${location}: ${problems.join('; ')}`);
  return d;
}

/**
 * Load a trained segmenter from its segmenter.json (default: the one shipped with this package):
 * the architecture is rebuilt with its options and the weights file loaded into it, every shape
 * checked (@foveajs/models' loadWeightsInto).
 */
export async function loadSegmenter(options: LoadSegmenterOptions = {}): Promise<Segmenter> {
  const location = options.description ?? SCENES_SEGMENTER;
  let text: string;
  try {
    text = await readText(location);
  } catch (error) {
    if (options.description !== undefined || (error as { code?: string }).code !== 'ENOENT') throw error;
    throw new Error(
      'loadSegmenter: no trained segmenter ships with this version of @foveajs/segment; pass { description } ' +
        '(a segmenter.json written by scripts/train_segmenter.mjs --save)',
      { cause: error },
    );
  }
  const description = checkDescription(location, JSON.parse(text));
  const base = /^[a-z][a-z0-9+.-]*:/i.test(location) ? location : (await import('node:url')).pathToFileURL(location).href;
  const weights = new URL(description.weights, base).href;
  const model = SEGMENTER_ARCHITECTURES[description.architecture]!({ ...description.options, weights: null, backboneWeights: null });
  try {
    await loadWeightsInto(model, weights);
    return new Segmenter({
      model,
      labels: description.labels,
      inputSize: options.inputSize === undefined ? description.inputSize : options.inputSize,
      palette: options.palette,
    });
  } catch (error) {
    model.dispose();
    throw error;
  }
}

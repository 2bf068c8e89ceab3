// Keras's image augmentation layers, which tfjs-layers 4.22 lacks (it has only RandomWidth/Height).
// Each is active only when called with `training: true` (model.fit passes it) and is the identity
// otherwise; random parameters are drawn per image from a seeded generator owned by the layer, so a
// layer built with `seed` produces the same sequence of augmentations on every run.
// Geometric ones (rotation, zoom, translation) use tf.image.transform with Keras's matrices.
import { seededRandom } from '@foveajs/core';
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { Shape } from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';
import type { Kwargs } from '@tensorflow/tfjs-layers/dist/types.js';
import { LayerArgumentError, oneOf, positiveInt, singleShape } from './util.js';
import { describeValue } from '@foveajs/core';

/** @foveajs/core's seededRandom (mulberry32) as an object: augmentation parameters reproducible from a seed. */
export class SeededRandom {
  private readonly draw: () => number;
  /** Any number; its low 32 bits (seed >>> 0) seed the generator. */
  constructor(seed: number) {
    this.draw = seededRandom(seed >>> 0);
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.draw();
  }
  uniform(low: number, high: number): number {
    return low + (high - low) * this.next();
  }
}

export interface BaseAugmentationArgs extends LayerArgs {
  /** Seed of the layer's random generator; without it, a random seed is drawn at construction. */
  seed?: number;
}

export type FillMode = 'reflect' | 'wrap' | 'constant' | 'nearest';
export type Interpolation = 'bilinear' | 'nearest';
const FILL_MODES: readonly FillMode[] = ['reflect', 'wrap', 'constant', 'nearest'];
const INTERPOLATIONS: readonly Interpolation[] = ['bilinear', 'nearest'];

/** A Keras factor: a number f meaning [-f, f] (or [1-f, 1+f] etc.), or an explicit [low, high]. */
export type Factor = number | [number, number];

function factorRange(owner: string, argument: string, value: unknown, { min = -Infinity, max = Infinity } = {}): [number, number] {
  let range: [number, number];
  if (typeof value === 'number') range = [-Math.abs(value), Math.abs(value)];
  else if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) range = [value[0] as number, value[1] as number];
  else throw new LayerArgumentError(owner, argument, value, 'a number or a pair [low, high]');
  if (range.some((v) => Number.isNaN(v) || v < min || v > max) || range[0] > range[1]) {
    throw new LayerArgumentError(owner, argument, value, `within [${min}, ${max}] with low <= high`);
  }
  return range;
}

abstract class BaseAugmentation extends tfl.layers.Layer {
  readonly seed: number | undefined;
  protected rng: SeededRandom;

  constructor(args: BaseAugmentationArgs) {
    super(args);
    if (args.seed != null && (typeof args.seed !== 'number' || !Number.isInteger(args.seed))) {
      throw new LayerArgumentError(this.getClassName(), 'seed', args.seed, 'an integer');
    }
    this.seed = args.seed;
    this.rng = new SeededRandom(args.seed ?? Math.floor(Math.random() * 2 ** 32));
  }

  /** Transform a rank-4 batch; only called in training. */
  protected abstract augment(images: tf.Tensor4D): tf.Tensor4D;

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0]! : inputs;
      if (x.rank !== 3 && x.rank !== 4) {
        throw new LayerArgumentError(this.getClassName(), 'input rank', x.rank, `3 (one image) or 4 (a batch); input shape ${describeValue(x.shape)}`);
      }
      if (kwargs?.['training'] !== true) return this.inference(x);
      const batch = (x.rank === 3 ? tf.expandDims(x, 0) : x) as tf.Tensor4D;
      const out = this.augment(tf.cast(batch, 'float32') as tf.Tensor4D);
      return x.rank === 3 ? tf.squeeze(out, [0]) : out;
    });
  }

  /** What the layer does outside training: the identity for all but RandomCrop. */
  protected inference(x: tf.Tensor): tf.Tensor {
    return x;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return singleShape(inputShape);
  }

  /** One draw per image. */
  protected draws(n: number, low: number, high: number): number[] {
    return Array.from({ length: n }, () => this.rng.uniform(low, high));
  }

  override getConfig(): serialization.ConfigDict {
    const config = super.getConfig();
    if (this.seed != null) config['seed'] = this.seed;
    return config;
  }
}

// ---------------------------------------------------------------------------------------------

export interface RandomFlipArgs extends BaseAugmentationArgs {
  /** Default 'horizontal_and_vertical' (Keras's default). */
  mode?: 'horizontal' | 'vertical' | 'horizontal_and_vertical';
}

/** Flips each image left-right and/or up-down with probability 1/2 per axis. */
export class RandomFlip extends BaseAugmentation {
  static className = 'RandomFlip';
  readonly mode: 'horizontal' | 'vertical' | 'horizontal_and_vertical';
  constructor(args: RandomFlipArgs = {}) {
    super(args);
    // tfjs camel-cases every string value when loading a saved config: accept that spelling too.
    const mode = args.mode === ('horizontalAndVertical' as string) ? 'horizontal_and_vertical' : (args.mode ?? 'horizontal_and_vertical');
    this.mode = oneOf('RandomFlip', 'mode', mode, ['horizontal', 'vertical', 'horizontal_and_vertical']);
  }
  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const n = images.shape[0];
    let out: tf.Tensor4D = images;
    const axes: [number, boolean][] = [
      [2, this.mode !== 'vertical'],
      [1, this.mode !== 'horizontal'],
    ];
    for (const [axis, active] of axes) {
      if (!active) continue;
      const flags = Array.from({ length: n }, () => (this.rng.next() < 0.5 ? 1 : 0));
      const mask = tf.tensor4d(flags, [n, 1, 1, 1]);
      out = tf.where(tf.cast(tf.broadcastTo(mask, out.shape), 'bool'), tf.reverse(out, axis), out) as tf.Tensor4D;
    }
    return out;
  }
  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}
serialization.registerClass(RandomFlip);

// ---------------------------------------------------------------------------------------------

interface GeometricArgs extends BaseAugmentationArgs {
  /** How points outside the image are filled. Default 'reflect' (Keras's default). */
  fillMode?: FillMode;
  /** Default 'bilinear'. */
  interpolation?: Interpolation;
  /** Value for fillMode 'constant'. Default 0. */
  fillValue?: number;
}

abstract class GeometricAugmentation extends BaseAugmentation {
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;
  constructor(args: GeometricArgs) {
    super(args);
    this.fillMode = oneOf(this.getClassName(), 'fillMode', args.fillMode ?? 'reflect', FILL_MODES);
    this.interpolation = oneOf(this.getClassName(), 'interpolation', args.interpolation ?? 'bilinear', INTERPOLATIONS);
    const fillValue = args.fillValue ?? 0;
    if (typeof fillValue !== 'number') throw new LayerArgumentError(this.getClassName(), 'fillValue', fillValue, 'a number');
    this.fillValue = fillValue;
  }
  /** Per-image 8-parameter projective transforms mapping output to input pixel coordinates. */
  protected abstract transforms(n: number, height: number, width: number): number[][];
  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w] = images.shape;
    const matrices = tf.tensor2d(this.transforms(n, h, w), [n, 8]);
    return tf.image.transform(images, matrices, this.interpolation, this.fillMode, this.fillValue);
  }
  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue };
  }
}

export interface RandomRotationArgs extends GeometricArgs {
  /** Fraction of a full turn: f means an angle in [-f, f] * 2π; [low, high] for an explicit range. Positive is counter-clockwise. */
  factor: Factor;
}

/** Rotates each image by a random angle (Keras's get_rotation_matrix). */
export class RandomRotation extends GeometricAugmentation {
  static className = 'RandomRotation';
  readonly factor: Factor;
  private readonly range: [number, number];
  constructor(args: RandomRotationArgs) {
    super(args);
    this.range = factorRange('RandomRotation', 'factor', args?.factor);
    this.factor = args.factor;
  }
  protected transforms(n: number, h: number, w: number): number[][] {
    return this.draws(n, this.range[0] * 2 * Math.PI, this.range[1] * 2 * Math.PI).map((angle) => {
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const xOffset = (w - 1 - (cos * (w - 1) - sin * (h - 1))) / 2;
      const yOffset = (h - 1 - (sin * (w - 1) + cos * (h - 1))) / 2;
      return [cos, -sin, xOffset, sin, cos, yOffset, 0, 0];
    });
  }
  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}
serialization.registerClass(RandomRotation);

export interface RandomZoomArgs extends GeometricArgs {
  /** Vertical zoom as a fraction: positive zooms out, negative zooms in; f means [-f, f]. */
  heightFactor: Factor;
  /** Horizontal zoom; default: the vertical zoom, preserving the aspect ratio. */
  widthFactor?: Factor;
}

/** Zooms each image in or out by a random amount about its centre (Keras's get_zoom_matrix). */
export class RandomZoom extends GeometricAugmentation {
  static className = 'RandomZoom';
  readonly heightFactor: Factor;
  readonly widthFactor: Factor | undefined;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number] | undefined;
  constructor(args: RandomZoomArgs) {
    super(args);
    this.heightRange = factorRange('RandomZoom', 'heightFactor', args?.heightFactor, { min: -1 });
    this.widthRange = args.widthFactor == null ? undefined : factorRange('RandomZoom', 'widthFactor', args.widthFactor, { min: -1 });
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor;
  }
  protected transforms(n: number, h: number, w: number): number[][] {
    const heightZooms = this.draws(n, 1 + this.heightRange[0], 1 + this.heightRange[1]);
    const widthZooms = this.widthRange == null ? heightZooms : this.draws(n, 1 + this.widthRange[0], 1 + this.widthRange[1]);
    return heightZooms.map((zy, i) => {
      const zx = widthZooms[i]!;
      return [zx, 0, ((w - 1) / 2) * (1 - zx), 0, zy, ((h - 1) / 2) * (1 - zy), 0, 0];
    });
  }
  override getConfig(): serialization.ConfigDict {
    const config: serialization.ConfigDict = { ...super.getConfig(), heightFactor: this.heightFactor };
    if (this.widthFactor != null) config['widthFactor'] = this.widthFactor;
    return config;
  }
}
serialization.registerClass(RandomZoom);

export interface RandomTranslationArgs extends GeometricArgs {
  /** Vertical shift as a fraction of the height; f means [-f, f]. */
  heightFactor: Factor;
  /** Horizontal shift as a fraction of the width. */
  widthFactor: Factor;
}

/** Shifts each image by a random offset (Keras's get_translation_matrix). */
export class RandomTranslation extends GeometricAugmentation {
  static className = 'RandomTranslation';
  readonly heightFactor: Factor;
  readonly widthFactor: Factor;
  private readonly heightRange: [number, number];
  private readonly widthRange: [number, number];
  constructor(args: RandomTranslationArgs) {
    super(args);
    this.heightRange = factorRange('RandomTranslation', 'heightFactor', args?.heightFactor, { min: -1, max: 1 });
    this.widthRange = factorRange('RandomTranslation', 'widthFactor', args?.widthFactor, { min: -1, max: 1 });
    this.heightFactor = args.heightFactor;
    this.widthFactor = args.widthFactor;
  }
  protected transforms(n: number, h: number, w: number): number[][] {
    const dy = this.draws(n, this.heightRange[0] * h, this.heightRange[1] * h);
    const dx = this.draws(n, this.widthRange[0] * w, this.widthRange[1] * w);
    return dy.map((y, i) => [1, 0, -dx[i]!, 0, 1, -y, 0, 0]);
  }
  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), heightFactor: this.heightFactor, widthFactor: this.widthFactor };
  }
}
serialization.registerClass(RandomTranslation);

// ---------------------------------------------------------------------------------------------

interface ValueRangeArgs extends BaseAugmentationArgs {
  /** Range of pixel values; outputs are clipped to it. Default [0, 255] (Keras's default). */
  valueRange?: [number, number];
}

function valueRange(owner: string, value: unknown): [number, number] {
  const pair = Array.isArray(value) && value.length === 2 ? (value as unknown[]) : [];
  const [low, high] = pair;
  if (typeof low !== 'number' || typeof high !== 'number' || !(low < high)) {
    throw new LayerArgumentError(owner, 'valueRange', value, 'a pair [low, high] with low < high');
  }
  return [low, high];
}

export interface RandomContrastArgs extends ValueRangeArgs {
  /** Contrast factor drawn from [1 - low, 1 + high]; f means [1 - f, 1 + f]. */
  factor: Factor;
}

/** Scales each image's deviation from its per-channel mean by a random factor (Keras 3's RandomContrast). */
export class RandomContrast extends BaseAugmentation {
  static className = 'RandomContrast';
  readonly factor: Factor;
  readonly valueRange: [number, number];
  private readonly lower: number;
  private readonly upper: number;
  constructor(args: RandomContrastArgs) {
    super(args);
    const f = args?.factor;
    const [lower, upper] = typeof f === 'number' ? [f, f] : Array.isArray(f) && f.length === 2 ? [f[0], f[1]] : [Number.NaN, Number.NaN];
    if (!(lower >= 0 && lower <= 1 && upper >= 0)) {
      throw new LayerArgumentError('RandomContrast', 'factor', f, 'a number or pair [lower, upper] with 0 <= lower <= 1 and upper >= 0');
    }
    this.lower = lower;
    this.upper = upper;
    this.factor = args.factor;
    this.valueRange = valueRange('RandomContrast', args.valueRange ?? [0, 255]);
  }
  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const n = images.shape[0];
    const factors = tf.tensor4d(this.draws(n, 1 - this.lower, 1 + this.upper), [n, 1, 1, 1]);
    const mean = tf.mean(images, [1, 2], true);
    const adjusted = tf.add(tf.mul(tf.sub(images, mean), factors), mean);
    return tf.clipByValue(adjusted, this.valueRange[0], this.valueRange[1]) as tf.Tensor4D;
  }
  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor, valueRange: this.valueRange };
  }
}
serialization.registerClass(RandomContrast);

export interface RandomBrightnessArgs extends ValueRangeArgs {
  /** Shift as a fraction of the value range, in [-1, 1]; f means [-f, f]. */
  factor: Factor;
}

/** Adds a random per-image offset, a fraction of the value range, then clips (Keras's RandomBrightness). */
export class RandomBrightness extends BaseAugmentation {
  static className = 'RandomBrightness';
  readonly factor: Factor;
  readonly valueRange: [number, number];
  private readonly range: [number, number];
  constructor(args: RandomBrightnessArgs) {
    super(args);
    this.range = factorRange('RandomBrightness', 'factor', args?.factor, { min: -1, max: 1 });
    this.factor = args.factor;
    this.valueRange = valueRange('RandomBrightness', args.valueRange ?? [0, 255]);
  }
  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const n = images.shape[0];
    const span = this.valueRange[1] - this.valueRange[0];
    const deltas = tf.tensor4d(this.draws(n, this.range[0] * span, this.range[1] * span), [n, 1, 1, 1]);
    return tf.clipByValue(tf.add(images, deltas), this.valueRange[0], this.valueRange[1]) as tf.Tensor4D;
  }
  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor, valueRange: this.valueRange };
  }
}
serialization.registerClass(RandomBrightness);

// ---------------------------------------------------------------------------------------------

export interface RandomCropArgs extends BaseAugmentationArgs {
  height: number;
  width: number;
}

/**
 * Crops a random height x width window from each image in training. Its output size differs from
 * its input, so it cannot be the identity at inference: like Keras, it then takes the largest
 * centred window with the target aspect ratio and resizes it to height x width.
 */
export class RandomCrop extends BaseAugmentation {
  static className = 'RandomCrop';
  readonly height: number;
  readonly width: number;
  constructor(args: RandomCropArgs) {
    super(args);
    this.height = positiveInt('RandomCrop', 'height', args?.height);
    this.width = positiveInt('RandomCrop', 'width', args?.width);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = singleShape(inputShape);
    return shape.length === 3
      ? [this.height, this.width, shape[2] ?? null]
      : [shape[0] ?? null, this.height, this.width, shape[3] ?? null];
  }
  protected augment(images: tf.Tensor4D): tf.Tensor4D {
    const [n, h, w] = images.shape;
    if (h < this.height || w < this.width) return this.smartResize(images);
    // cropAndResize at integer pixel positions with a box of exactly height x width samples the
    // original pixels unchanged, and lets each image have its own offset.
    const boxes = Array.from({ length: n }, () => {
      const top = Math.floor(this.rng.next() * (h - this.height + 1));
      const left = Math.floor(this.rng.next() * (w - this.width + 1));
      const norm = (v: number, size: number) => (size > 1 ? v / (size - 1) : 0);
      return [norm(top, h), norm(left, w), norm(top + this.height - 1, h), norm(left + this.width - 1, w)];
    });
    const indices = Array.from({ length: n }, (_, i) => i);
    return tf.image.cropAndResize(images, tf.tensor2d(boxes, [n, 4]), tf.tensor1d(indices, 'int32'), [this.height, this.width], 'bilinear');
  }
  protected override inference(x: tf.Tensor): tf.Tensor {
    const batch = (x.rank === 3 ? tf.expandDims(x, 0) : x) as tf.Tensor4D;
    const out = this.smartResize(tf.cast(batch, 'float32') as tf.Tensor4D);
    return x.rank === 3 ? tf.squeeze(out, [0]) : out;
  }
  /** Keras's smart_resize: centre crop to the target aspect ratio, then bilinear resize. */
  private smartResize(images: tf.Tensor4D): tf.Tensor4D {
    const [, h, w] = images.shape;
    const cropH = Math.min(h, Math.floor((w * this.height) / this.width));
    const cropW = Math.min(w, Math.floor((h * this.width) / this.height));
    const top = Math.floor((h - cropH) / 2);
    const left = Math.floor((w - cropW) / 2);
    const cropped = tf.slice(images, [0, top, left, 0], [-1, cropH, cropW, -1]) as tf.Tensor4D;
    return tf.image.resizeBilinear(cropped, [this.height, this.width]);
  }
  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), height: this.height, width: this.width };
  }
}
serialization.registerClass(RandomCrop);

export const randomFlip = (args: RandomFlipArgs = {}) => new RandomFlip(args);
export const randomRotation = (args: RandomRotationArgs) => new RandomRotation(args);
export const randomZoom = (args: RandomZoomArgs) => new RandomZoom(args);
export const randomTranslation = (args: RandomTranslationArgs) => new RandomTranslation(args);
export const randomContrast = (args: RandomContrastArgs) => new RandomContrast(args);
export const randomBrightness = (args: RandomBrightnessArgs) => new RandomBrightness(args);
export const randomCrop = (args: RandomCropArgs) => new RandomCrop(args);

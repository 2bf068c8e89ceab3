// The layers a segmentation model needs that Keras spells with ops tfjs-layers lacks: the
// backbone's input preprocessing, padding to the output stride's multiple, bilinear resizing to
// another tensor's size (any input size, known only at run time) and cropping back. Registered
// for serialization, so a saved segmentation model loads with tf.loadLayersModel once this
// package is imported.
import { type PreprocessMode, preprocessInput } from '@foveajs/models';
import * as tf from '@tensorflow/tfjs-core';
import { serialization } from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerArgs } from '@tensorflow/tfjs-layers/dist/engine/topology.js';

type Shape = (number | null)[];

function firstShape(inputShape: tfl.Shape | tfl.Shape[]): Shape {
  return (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as Shape;
}

function secondShape(owner: string, inputShape: tfl.Shape | tfl.Shape[]): [Shape, Shape] {
  if (!Array.isArray(inputShape[0]) || inputShape.length !== 2) {
    throw new Error(`${owner}: expected two inputs [x, reference], got input shape ${JSON.stringify(inputShape)}`);
  }
  return inputShape as [Shape, Shape];
}

function pair(inputs: tf.Tensor | tf.Tensor[], owner: string): [tf.Tensor4D, tf.Tensor4D] {
  if (!Array.isArray(inputs) || inputs.length !== 2) throw new Error(`${owner}: expected two inputs [x, reference]`);
  return [inputs[0] as tf.Tensor4D, inputs[1] as tf.Tensor4D];
}

export interface PreprocessArgs extends LayerArgs {
  /** @foveajs/models' preprocessInput mode for RGB 0..255 input: 'tf', 'caffe', 'torch' or 'none'. */
  mode: PreprocessMode;
}

/** The backbone's ImageNet preprocessing (models' preprocessInput) as the model's first layer. */
export class Preprocess extends tfl.layers.Layer {
  static className = 'Preprocess';
  readonly mode: PreprocessMode;

  constructor(args: PreprocessArgs) {
    super(args);
    if (!['tf', 'caffe', 'torch', 'none'].includes(args?.mode)) {
      throw new Error(`Preprocess: mode must be 'tf', 'caffe', 'torch' or 'none', got ${JSON.stringify(args?.mode)}`);
    }
    this.mode = args.mode;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => preprocessInput(x as tf.Tensor4D, this.mode));
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}
serialization.registerClass(Preprocess);

export interface PadToMultipleArgs extends LayerArgs {
  /** Height and width are padded (bottom and right, with zeros) up to a multiple of this. */
  multiple: number;
}

/**
 * Zero-pads the bottom and right of [N, H, W, C] up to multiples of `multiple` (the output
 * stride), so every stride-2 stage halves exactly and skip connections line up. Padding only
 * after the image keeps its pixels where a crop of the same size would put them.
 */
export class PadToMultiple extends tfl.layers.Layer {
  static className = 'PadToMultiple';
  readonly multiple: number;

  constructor(args: PadToMultipleArgs) {
    super(args);
    const multiple = args?.multiple;
    if (!Number.isInteger(multiple) || multiple < 1) throw new Error(`PadToMultiple: multiple must be a positive integer, got ${JSON.stringify(multiple)}`);
    this.multiple = multiple;
  }

  private padded(size: number | null): number | null {
    return size === null ? null : Math.ceil(size / this.multiple) * this.multiple;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [n, h, w, c] = firstShape(inputShape);
    return [n ?? null, this.padded(h ?? null), this.padded(w ?? null), c ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0]! : inputs) as tf.Tensor4D;
    const [, h, w] = x.shape;
    const bottom = this.padded(h)! - h;
    const right = this.padded(w)! - w;
    if (bottom === 0 && right === 0) return tf.clone(x);
    return tf.pad(x, [
      [0, 0],
      [0, bottom],
      [0, right],
      [0, 0],
    ]);
  }

  override getConfig(): serialization.ConfigDict {
    return { ...super.getConfig(), multiple: this.multiple };
  }
}
serialization.registerClass(PadToMultiple);

/**
 * Resizes x to the height and width of a reference tensor (inputs [x, reference]), bilinearly with
 * half-pixel centres (tf.image.resizeBilinear(x, size, false, true): TF2's tf.image.resize and
 * PyTorch's align_corners=False), so an input pixel's centre maps to the same place at every scale.
 */
export class ResizeLike extends tfl.layers.Layer {
  static className = 'ResizeLike';

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [x, reference] = secondShape('ResizeLike', inputShape);
    return [x[0] ?? null, reference[1] ?? null, reference[2] ?? null, x[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, reference] = pair(inputs, 'ResizeLike');
    const size: [number, number] = [reference.shape[1], reference.shape[2]];
    if (x.shape[1] === size[0] && x.shape[2] === size[1]) return tf.clone(x);
    return tf.image.resizeBilinear(x, size, false, true);
  }
}
serialization.registerClass(ResizeLike);

/** Crops x to the reference's height and width from the top-left corner (undoes PadToMultiple). */
export class CropLike extends tfl.layers.Layer {
  static className = 'CropLike';

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const [x, reference] = secondShape('CropLike', inputShape);
    return [x[0] ?? null, reference[1] ?? null, reference[2] ?? null, x[3] ?? null];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const [x, reference] = pair(inputs, 'CropLike');
    const [, h, w] = reference.shape;
    if (x.shape[1] === h && x.shape[2] === w) return tf.clone(x);
    if (x.shape[1] < h || x.shape[2] < w) {
      throw new Error(`CropLike: x is ${x.shape[1]}×${x.shape[2]}, smaller than the reference's ${h}×${w}`);
    }
    return tf.slice(x, [0, 0, 0, 0], [x.shape[0], h, w, x.shape[3]]);
  }
}
serialization.registerClass(CropLike);

// ImageNet pre- and post-processing as keras.applications.imagenet_utils: preprocess_input's
// three modes and decode_predictions, with the 1000 ILSVRC-2012 class names shipped as data.
import * as tf from '@tensorflow/tfjs-core';
import IMAGENET_CLASSES from './data/imagenet_classes.json' with { type: 'json' };
import { describeValue } from '@foveajs/core';

/**
 * Keras's preprocessing modes:
 * - 'caffe': RGB -> BGR, then subtract the ImageNet mean per channel (no scaling);
 * - 'tf': scale to [-1, 1];
 * - 'torch': scale to [0, 1], subtract the ImageNet mean and divide by its std per channel;
 * - 'none': unchanged (models that normalize inside, like EfficientNet).
 */
export type PreprocessMode = 'caffe' | 'tf' | 'torch' | 'none';

const CAFFE_MEAN_BGR = [103.939, 116.779, 123.68];
const TORCH_MEAN_RGB = [0.485, 0.456, 0.406];
const TORCH_STD_RGB = [0.229, 0.224, 0.225];

/** The ILSVRC-2012 class names in class-index order (index 0 'tench, Tinca tinca' ... 999). */
export const IMAGENET_CLASS_NAMES: readonly string[] = IMAGENET_CLASSES as string[];

/**
 * Prepare RGB images with values in [0, 255] (channels last, rank 3 or 4) the way a model family
 * was trained. Returns a new float32 tensor; the input is not disposed.
 */
export function preprocessInput<R extends tf.Rank.R3 | tf.Rank.R4>(images: tf.Tensor<R>, mode: PreprocessMode): tf.Tensor<R> {
  if (!(images instanceof tf.Tensor)) throw new Error(`preprocessInput: images must be a tf.Tensor, got ${describeValue(images)}`);
  if (images.rank !== 3 && images.rank !== 4) {
    throw new Error(`preprocessInput: images must be rank 3 [h, w, c] or 4 [n, h, w, c], got shape ${describeValue(images.shape)}`);
  }
  if (mode !== 'caffe' && mode !== 'tf' && mode !== 'torch' && mode !== 'none') {
    throw new Error(`preprocessInput: mode must be 'caffe', 'tf', 'torch' or 'none', got ${describeValue(mode)}`);
  }
  const channels = images.shape[images.rank - 1];
  if (mode !== 'tf' && mode !== 'none' && channels !== 3) {
    throw new Error(`preprocessInput: mode '${mode}' needs 3 (RGB) channels last, got shape ${describeValue(images.shape)}`);
  }
  return tf.tidy(() => {
    const x = tf.cast(images, 'float32');
    switch (mode) {
      case 'caffe':
        return tf.sub(tf.reverse(x, -1), CAFFE_MEAN_BGR);
      case 'tf':
        return tf.sub(tf.div(x, 127.5), 1);
      case 'torch':
        return tf.div(tf.sub(tf.div(x, 255), TORCH_MEAN_RGB), TORCH_STD_RGB);
      default:
        return x;
    }
  }) as tf.Tensor<R>;
}

export interface Prediction {
  /** Class index in [0, 1000). */
  index: number;
  /** The class's WordNet synonyms, e.g. 'tench, Tinca tinca'. */
  className: string;
  probability: number;
}

/**
 * Keras's decode_predictions: the `top` most probable ImageNet classes of each row of a
 * [batch, 1000] tensor, most probable first.
 */
export async function decodePredictions(preds: tf.Tensor, top = 5): Promise<Prediction[][]> {
  if (!(preds instanceof tf.Tensor) || preds.rank !== 2 || preds.shape[1] !== IMAGENET_CLASS_NAMES.length) {
    const shape = preds instanceof tf.Tensor ? preds.shape : preds;
    throw new Error(`decodePredictions: preds must be a [batch, 1000] tensor of ImageNet scores, got ${describeValue(shape)}`);
  }
  if (!Number.isInteger(top) || top < 1 || top > IMAGENET_CLASS_NAMES.length) {
    throw new Error(`decodePredictions: top must be an integer in [1, 1000], got ${describeValue(top)}`);
  }
  const { values, indices } = tf.topk(preds, top, true);
  try {
    const [scores, classes] = await Promise.all([values.data(), indices.data()]);
    const rows: Prediction[][] = [];
    for (let row = 0; row < preds.shape[0]!; row++) {
      const result: Prediction[] = [];
      for (let k = 0; k < top; k++) {
        const index = classes[row * top + k]!;
        result.push({ index, className: IMAGENET_CLASS_NAMES[index]!, probability: scores[row * top + k]! });
      }
      rows.push(result);
    }
    return rows;
  } finally {
    values.dispose();
    indices.dispose();
  }
}

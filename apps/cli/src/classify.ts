import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImage, tf } from '@foveajs/core';
import { LENET5_MNIST_WEIGHTS, LeNet5 } from '@foveajs/models';
import type * as tfl from '@tensorflow/tfjs-layers';

export interface DigitPrediction {
  file: string;
  digit: number;
  probability: number;
  /** The digit the file name declares (`digit-7-….png`), when it declares one. */
  expected?: number;
}

/** A file that could not be classified, and why. */
export interface ClassifyFailure {
  file: string;
  error: string;
}

/**
 * An image as LeNet-5 saw MNIST: 28×28 gray, 0..1, white digit on black. Dark-on-light images
 * (a digit drawn on paper) are inverted. Values are read with `await data()`, which every backend
 * supports (webgpu in Node has no synchronous read).
 */
async function toMnistInput(rgb: tf.Tensor3D): Promise<tf.Tensor4D> {
  const scaled = tf.tidy(() => {
    const gray = tf.mean(tf.cast(rgb, 'float32'), -1, true) as tf.Tensor3D;
    return tf.div(tf.image.resizeBilinear(gray, [28, 28], true), 255) as tf.Tensor3D;
  });
  const meanTensor = tf.mean(scaled);
  const mean = (await meanTensor.data())[0] ?? 0;
  const input = tf.tidy(() => tf.expandDims(mean > 0.5 ? tf.sub(1, scaled) : scaled, 0) as tf.Tensor4D);
  tf.dispose([scaled, meanTensor]);
  return input;
}

/** The held-out MNIST digits in samples/ (shipped in the package), one per class. */
export async function sampleDigits(): Promise<string[]> {
  const dir = fileURLToPath(new URL('../samples/', import.meta.url));
  return (await readdir(dir)).filter((name) => name.endsWith('.png')).sort().map((name) => dir + name);
}

export async function loadDigitModel(): Promise<tfl.LayersModel> {
  // The LeNet-5 weights trained on MNIST that ship with @foveajs/models (see its README).
  return LeNet5({ inputShape: [28, 28, 1], classes: 10, weights: LENET5_MNIST_WEIGHTS });
}

export interface ClassifyOptions {
  /** The most pixels an image may declare (readImage's maxPixels; default @foveajs/core's). */
  maxPixels?: number;
}

async function classifyOne(model: tfl.LayersModel, file: string, options: ClassifyOptions): Promise<DigitPrediction> {
  // Decoded straight to LeNet-5's 28×28: a large photo never exists in memory at full size.
  const image = await readImage(file, { size: [28, 28], ...(options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels }) });
  const input = await toMnistInput(image);
  const probabilities = model.predict(input) as tf.Tensor;
  const values = await probabilities.data();
  tf.dispose([image, input, probabilities]);
  let digit = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[digit] ?? 0)) digit = i;
  const declared = /digit-(\d)/.exec(basename(file));
  return { file, digit, probability: values[digit] ?? 0, ...(declared ? { expected: Number(declared[1]) } : {}) };
}

/**
 * Classify image files of handwritten digits with the shipped LeNet-5. A file that cannot be read
 * or decoded does not stop the others: it is reported among the failures.
 */
export async function classifyDigits(
  model: tfl.LayersModel,
  files: string[],
  options: ClassifyOptions = {},
): Promise<{ predictions: DigitPrediction[]; failures: ClassifyFailure[] }> {
  const predictions: DigitPrediction[] = [];
  const failures: ClassifyFailure[] = [];
  for (const file of files) {
    try {
      predictions.push(await classifyOne(model, file, options));
    } catch (error) {
      failures.push({ file, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return { predictions, failures };
}

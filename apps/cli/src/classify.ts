import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { decodeImage, tf } from '@fovea/core';
import { LENET5_MNIST_WEIGHTS, LeNet5 } from '@fovea/models';
import type * as tfl from '@tensorflow/tfjs-layers';

export interface DigitPrediction {
  file: string;
  digit: number;
  probability: number;
  /** The digit the file name declares (`digit-7-….png`), when it declares one. */
  expected?: number;
}

/**
 * An image as LeNet-5 saw MNIST: 28×28 gray, 0..1, white digit on black. Dark-on-light images
 * (a digit drawn on paper) are inverted.
 */
function toMnistInput(rgb: tf.Tensor3D): tf.Tensor4D {
  return tf.tidy(() => {
    const gray = tf.mean(tf.cast(rgb, 'float32'), -1, true) as tf.Tensor3D;
    const resized = tf.image.resizeBilinear(gray, [28, 28], true);
    let scaled = tf.div(resized, 255);
    if ((tf.mean(scaled).dataSync()[0] ?? 0) > 0.5) scaled = tf.sub(1, scaled);
    return tf.expandDims(scaled, 0) as tf.Tensor4D;
  });
}

export async function loadDigitModel(): Promise<tfl.LayersModel> {
  // The LeNet-5 weights trained on MNIST that ship with @fovea/models (see its README).
  return LeNet5({ inputShape: [28, 28, 1], classes: 10, weights: LENET5_MNIST_WEIGHTS });
}

/** Classify image files of handwritten digits with the shipped LeNet-5. */
export async function classifyDigits(model: tfl.LayersModel, files: string[]): Promise<DigitPrediction[]> {
  const predictions: DigitPrediction[] = [];
  for (const file of files) {
    const image = await decodeImage(new Uint8Array(await readFile(file)));
    const input = toMnistInput(image);
    const probabilities = model.predict(input) as tf.Tensor;
    const values = await probabilities.data();
    tf.dispose([image, input, probabilities]);
    let digit = 0;
    for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[digit] ?? 0)) digit = i;
    const declared = /digit-(\d)/.exec(basename(file));
    predictions.push({
      file,
      digit,
      probability: values[digit] ?? 0,
      ...(declared ? { expected: Number(declared[1]) } : {}),
    });
  }
  return predictions;
}

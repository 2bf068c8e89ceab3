// `fovea classify`: images through a classifier. The digit models see images as MNIST does; a
// zoo model sees them at its input size with its family's preprocessing and answers in ImageNet's
// classes (decodePredictions).
import { readdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImage, tf } from '@foveajs/core';
import { FASHION_MNIST_CLASSES, MNIST_CLASSES } from '@foveajs/datasets';
import {
  decodePredictions,
  FashionMnistCNN,
  getModelInfo,
  IMAGENET_CLASS_NAMES,
  LENET5_MNIST_WEIGHTS,
  LeNet5,
  listModels,
  loadWeightsInto,
} from '@foveajs/models';
import type * as tfl from '@tensorflow/tfjs-layers';

export interface Score {
  index: number;
  label: string;
  probability: number;
}

export interface ImagePrediction extends Score {
  file: string;
  /** The most probable classes, most probable first (the first is this prediction). */
  top: Score[];
  /** The class the file name declares (`digit-7-….png`), for the digit models. */
  expected?: number;
}

/** A file that could not be classified, and why. */
export interface ClassifyFailure {
  file: string;
  error: string;
}

export interface Classifier {
  /** 'lenet5', 'fashion-cnn' or the zoo's name ('MobileNetV2'). */
  name: string;
  labels: readonly string[];
  /** Where the weights came from. */
  weights: string;
  /** How many classes `classify` lists by default. */
  defaultTop: number;
  /** [height, width] the model sees: images are decoded straight to it. */
  inputSize: [number, number];
  predict(image: tf.Tensor3D, top: number): Promise<Score[]>;
  dispose(): void;
}

/** The held-out MNIST digits in samples/ (shipped in the package), one per class. */
export async function sampleDigits(): Promise<string[]> {
  const dir = fileURLToPath(new URL('../samples/', import.meta.url));
  return (await readdir(dir)).filter((name) => name.endsWith('.png')).sort().map((name) => dir + name);
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

/** The `top` highest of a probability row, most probable first. */
function topScores(values: ArrayLike<number>, labels: readonly string[], top: number): Score[] {
  return Array.from(values, (probability, index) => ({ index, label: labels[index] ?? `class ${index}`, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, top);
}

async function withWeights(model: tfl.LayersModel, weights: string): Promise<tfl.LayersModel> {
  try {
    return await loadWeightsInto(model, weights);
  } catch (error) {
    model.dispose();
    throw error;
  }
}

function digitClassifier(name: string, model: tfl.LayersModel, labels: readonly string[], weights: string): Classifier {
  return {
    name,
    labels,
    weights,
    defaultTop: 1,
    inputSize: [28, 28],
    async predict(image, top) {
      const input = await toMnistInput(image);
      const probabilities = model.predict(input) as tf.Tensor;
      const values = await probabilities.data();
      tf.dispose([input, probabilities]);
      return topScores(values, labels, top);
    },
    dispose: () => model.dispose(),
  };
}

/**
 * The classifier --model names, with its weights: the shipped LeNet-5 for 'lenet5' unless `weights`
 * says otherwise (e.g. what `fovea train lenet5` wrote); 'fashion-cnn' and the zoo's models need
 * `weights` (a zoo model also takes 'imagenet', Keras's published file, downloaded once).
 */
export async function loadClassifier(name: string, weights?: string): Promise<Classifier> {
  const key = name.toLowerCase();
  if (key === 'lenet5') {
    const source = weights ?? LENET5_MNIST_WEIGHTS;
    const model = await withWeights(LeNet5({ inputShape: [28, 28, 1], classes: 10 }), source);
    return digitClassifier('lenet5', model, MNIST_CLASSES, weights ?? 'the shipped LeNet-5 (MNIST)');
  }
  if (key === 'fashion-cnn') {
    if (weights === undefined) {
      throw new Error('--model fashion-cnn needs --weights <model.json>: train it with `fovea train fashion-cnn --out <dir>` (Fovea ships trained weights for lenet5 only)');
    }
    return digitClassifier('fashion-cnn', await withWeights(FashionMnistCNN(), weights), FASHION_MNIST_CLASSES, weights);
  }
  const info = listModels().find((entry) => entry.name.toLowerCase() === key);
  if (info === undefined) {
    throw new Error(`--model: expected lenet5, fashion-cnn or a model of \`fovea models\` (${listModels().map((m) => m.name).join(', ')}), got '${name}'`);
  }
  if (weights === undefined) {
    throw new Error(
      `--model ${info.name} needs --weights <file>: its trained weights as a Keras .h5 / .keras / .weights.h5 or a tfjs model.json` +
        `${info.imagenetWeights ? ", or 'imagenet' for Keras's (downloaded once)" : ''} (Fovea ships trained weights for lenet5 only)`,
    );
  }
  if (weights === 'imagenet' && !info.imagenetWeights) throw new Error(`--weights imagenet: Keras publishes no ImageNet weights for ${info.name}`);
  const model = await withWeights(getModelInfo(info.name).build(), weights);
  const size = info.defaultSize;
  return {
    name: info.name,
    labels: IMAGENET_CLASS_NAMES,
    weights,
    defaultTop: 5,
    inputSize: [size, size],
    async predict(image, top) {
      const input = tf.tidy(() => info.preprocessInput(tf.expandDims(tf.image.resizeBilinear(tf.cast(image, 'float32') as tf.Tensor3D, [size, size]), 0) as tf.Tensor4D));
      const probabilities = model.predict(input) as tf.Tensor2D;
      try {
        const [row] = await decodePredictions(probabilities, top);
        return row!.map((p) => ({ index: p.index, label: p.className, probability: p.probability }));
      } finally {
        tf.dispose([input, probabilities]);
      }
    },
    dispose: () => model.dispose(),
  };
}

export interface ClassifyOptions {
  /** The most pixels an image may declare (readImage's maxPixels; default @foveajs/core's). */
  maxPixels?: number;
}

/**
 * Classify image files. A file that cannot be read or decoded does not stop the others: it is
 * reported among the failures.
 */
export async function classifyFiles(
  classifier: Classifier,
  files: string[],
  top: number,
  onFile?: (done: number) => void,
  options: ClassifyOptions = {},
): Promise<{ predictions: ImagePrediction[]; failures: ClassifyFailure[] }> {
  const predictions: ImagePrediction[] = [];
  const failures: ClassifyFailure[] = [];
  for (const file of files) {
    try {
      // Decoded straight to the model's input size: a large photo never exists at full size.
      const image = await readImage(file, { size: classifier.inputSize, ...(options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels }) });
      let scores: Score[];
      try {
        scores = await classifier.predict(image, top);
      } finally {
        image.dispose();
      }
      const declared = classifier.name === 'lenet5' ? /digit-(\d)/.exec(basename(file)) : null;
      predictions.push({ file, ...scores[0]!, top: scores, ...(declared ? { expected: Number(declared[1]) } : {}) });
    } catch (error) {
      failures.push({ file, error: error instanceof Error ? error.message : String(error) });
    }
    onFile?.(predictions.length + failures.length);
  }
  return { predictions, failures };
}

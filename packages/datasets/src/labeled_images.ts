import * as tf from '@tensorflow/tfjs-core';
import { seededRandom, shuffledIndices } from './random.js';

/**
 * Images held in memory as plain typed arrays (N × height × width × channels, 0..1 floats) with
 * integer labels. Tensors are made per batch, so a 60,000-image set costs no tensor memory until used.
 */
export interface LabeledImages {
  readonly images: Float32Array;
  readonly labels: Int32Array;
  /** [height, width, channels] of one image. */
  readonly imageShape: readonly [number, number, number];
  readonly classNames: readonly string[];
  readonly size: number;
}

export interface Batch {
  /** [batch, height, width, channels] float32. */
  xs: tf.Tensor4D;
  /** One-hot [batch, classes] float32 when `oneHot`, else [batch] int32 class indices. */
  ys: tf.Tensor;
}

/** What an augmentation receives: a batch of images, and the batch's own seeded random source. */
export type Augment = (images: tf.Tensor4D, random: () => number) => tf.Tensor4D;

export interface BatchOptions {
  batchSize?: number;
  shuffle?: boolean;
  seed?: number;
  /** Labels as one-hot float32 (for categoricalCrossentropy); default true. */
  oneHot?: boolean;
  /** Applied to each batch's images (training only); its input is disposed after the call. */
  augment?: Augment;
  /** Keep the last, smaller batch; default true. */
  keepRemainder?: boolean;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value !== 'object') return `${typeof value} ${JSON.stringify(value)}`;
  const name = (value as object).constructor?.name ?? 'object';
  return `${name === 'Object' ? 'an object' : `a ${name}`} with keys [${Object.keys(value).join(', ')}]`;
}

/**
 * Throw an error that says what `caller` expected when `data` is not a LabeledImages: a promise or
 * an image folder are the usual mistakes, and each gets its fix.
 */
export function assertLabeledImages(data: unknown, caller: string): asserts data is LabeledImages {
  if (data instanceof Promise) {
    throw new TypeError(`${caller}: got a Promise; await it first (e.g. \`${caller}((await loadFashionMnist()).train)\`)`);
  }
  const candidate = data as Partial<LabeledImages> & { load?: unknown } | null;
  if (candidate !== null && typeof candidate === 'object' && typeof candidate.load === 'function') {
    throw new TypeError(
      `${caller}: got an image folder dataset; iterate its own batches (\`for await (const batch of folder.batches())\`) or pass \`await folder.load()\``,
    );
  }
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    !(candidate.images instanceof Float32Array) ||
    !(candidate.labels instanceof Int32Array) ||
    !Array.isArray(candidate.imageShape) ||
    !Array.isArray(candidate.classNames)
  ) {
    throw new TypeError(
      `${caller}: expected labeled images { images: Float32Array, labels: Int32Array, imageShape, classNames, size } ` +
        `(from loadMnist, loadFashionMnist or an image folder's load()), got ${describeValue(data)}`,
    );
  }
}

export function checkBatchSize(batchSize: number): void {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`batchSize: expected a positive integer, got ${batchSize}`);
  }
}

/** Make a LabeledImages, checking that the arrays agree with the shape. */
export function labeledImages(
  images: Float32Array,
  labels: Int32Array,
  imageShape: readonly [number, number, number],
  classNames: readonly string[],
): LabeledImages {
  const pixels = imageShape[0] * imageShape[1] * imageShape[2];
  if (images.length !== labels.length * pixels) {
    throw new Error(
      `labeledImages: ${labels.length} labels need ${labels.length * pixels} pixel values for images of shape [${imageShape}], got ${images.length}`,
    );
  }
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label < 0 || label >= classNames.length) {
      throw new Error(`labeledImages: label ${label} at index ${i} is outside 0..${classNames.length - 1}`);
    }
  }
  return { images, labels, imageShape, classNames, size: labels.length };
}

/** The examples at `indices`, copied into a new LabeledImages (e.g. a split). */
export function subset(data: LabeledImages, indices: ArrayLike<number>): LabeledImages {
  assertLabeledImages(data, 'subset');
  const pixels = data.imageShape[0] * data.imageShape[1] * data.imageShape[2];
  const images = new Float32Array(indices.length * pixels);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const source = indices[i]!;
    if (!(source >= 0 && source < data.size)) throw new Error(`subset: index ${source} is outside 0..${data.size - 1}`);
    images.set(data.images.subarray(source * pixels, (source + 1) * pixels), i * pixels);
    labels[i] = data.labels[source]!;
  }
  return { images, labels, imageShape: data.imageShape, classNames: data.classNames, size: indices.length };
}

function labelTensor(labels: Int32Array, classes: number, oneHot: boolean): tf.Tensor {
  if (!oneHot) return tf.tensor1d(labels, 'int32');
  const values = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) values[i * classes + labels[i]!] = 1;
  return tf.tensor2d(values, [labels.length, classes]);
}

/** The whole set as two tensors (for model.fit / model.evaluate); the caller disposes them. */
export function toTensors(data: LabeledImages, options: { oneHot?: boolean } = {}): Batch {
  assertLabeledImages(data, 'toTensors');
  return {
    xs: tf.tensor4d(data.images, [data.size, ...data.imageShape]),
    ys: labelTensor(data.labels, data.classNames.length, options.oneHot ?? true),
  };
}

/**
 * Batches over the set, reshuffled every pass (epoch) when `shuffle`. Each batch's tensors belong to
 * the caller, who disposes them (or runs inside tf.tidy).
 */
export function batches(data: LabeledImages, options: BatchOptions & { epoch?: number } = {}): Generator<Batch> {
  // Checked here, not inside the generator, so a wrong argument fails at the call.
  assertLabeledImages(data, 'batches');
  checkBatchSize(options.batchSize ?? 32);
  return batchGenerator(data, options);
}

function* batchGenerator(data: LabeledImages, options: BatchOptions & { epoch?: number }): Generator<Batch> {
  const batchSize = options.batchSize ?? 32;
  const oneHot = options.oneHot ?? true;
  const seed = options.seed ?? 0;
  // Mixing the epoch into the seed gives a new but reproducible order every epoch.
  const order = options.shuffle
    ? shuffledIndices(data.size, seededRandom((seed + Math.imul(options.epoch ?? 0, 0x9e3779b1)) | 0))
    : Uint32Array.from({ length: data.size }, (_, i) => i);
  const augmentRandom = seededRandom((seed ^ 0x5bd1e995) + (options.epoch ?? 0));
  const last = options.keepRemainder === false ? data.size - (data.size % batchSize) : data.size;
  for (let start = 0; start < last; start += batchSize) {
    const part = subset(data, order.subarray(start, Math.min(start + batchSize, last)));
    const xs = tf.tensor4d(part.images, [part.size, ...part.imageShape]);
    const ys = labelTensor(part.labels, data.classNames.length, oneHot);
    if (!options.augment) {
      yield { xs, ys };
      continue;
    }
    const augmented = options.augment(xs, augmentRandom);
    if (augmented !== xs) xs.dispose();
    yield { xs: augmented, ys };
  }
}

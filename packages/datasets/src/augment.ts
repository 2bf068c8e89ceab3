import * as tf from '@tensorflow/tfjs-core';
import type { Augment } from './labeled_images.js';

/** Flip each image left-right with probability `probability` (default 0.5). */
export function randomFlipLeftRight(probability = 0.5): Augment {
  if (!(probability >= 0 && probability <= 1)) throw new Error(`randomFlipLeftRight: probability must be in [0, 1], got ${probability}`);
  return (images, random) =>
    tf.tidy(() => {
      const n = images.shape[0];
      const flips = Float32Array.from({ length: n }, () => (random() < probability ? 1 : 0));
      const mask = tf.reshape(tf.tensor1d(flips), [n, 1, 1, 1]);
      const flipped = tf.image.flipLeftRight(images);
      return tf.add(tf.mul(flipped, mask), tf.mul(images, tf.sub(1, mask))) as tf.Tensor4D;
    });
}

/** Shift each image by a random whole number of pixels in -maxShift..maxShift (both axes), zero-filled. */
export function randomTranslate(maxShift: number): Augment {
  if (!Number.isInteger(maxShift) || maxShift < 0) throw new Error(`randomTranslate: maxShift must be a non-negative integer, got ${maxShift}`);
  return (images, random) =>
    tf.tidy(() => {
      const n = images.shape[0];
      const shift = () => Math.floor(random() * (2 * maxShift + 1)) - maxShift;
      // Projective transform rows [a0 a1 a2 b0 b1 b2 c0 c1] map output (x, y) to input (x + a2, y + b2).
      const transforms = new Float32Array(n * 8);
      for (let i = 0; i < n; i++) transforms.set([1, 0, shift(), 0, 1, shift(), 0, 0], i * 8);
      return tf.image.transform(images, tf.tensor2d(transforms, [n, 8]), 'nearest', 'constant', 0);
    });
}

/** Apply augmentations one after another. */
export function composeAugment(...steps: Augment[]): Augment {
  return (images, random) => {
    let current = images;
    for (const step of steps) {
      const next = step(current, random);
      if (current !== images && next !== current) current.dispose();
      current = next;
    }
    return current;
  };
}

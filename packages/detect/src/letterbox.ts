// Letterbox: resize an image to fit a canvas with its aspect ratio kept and pad the rest, and map
// boxes found on the canvas back to the original image. The resized image covers exactly
// [left, left + resizedWidth) × [top, top + resizedHeight) of the canvas (bilinear with half-pixel
// centres, so pixel edges map to pixel edges), and the inverse uses those rounded sizes rather than
// the nominal ratio, so a box on the resized image's corner maps back to the image's corner exactly.
import * as tf from '@tensorflow/tfjs-core';

/** Where an image of height × width lies on the letterbox canvas. */
export interface LetterboxInfo {
  /** The original image's size. */
  height: number;
  width: number;
  /** The resized image's size on the canvas. */
  resizedHeight: number;
  resizedWidth: number;
  /** Padding above and to the left (the rest goes below and to the right). */
  top: number;
  left: number;
  canvasHeight: number;
  canvasWidth: number;
}

export interface LetterboxOptions {
  /** Enlarge images smaller than the canvas (default true); false keeps them at scale 1. */
  scaleUp?: boolean;
}

/** Grey 114, Ultralytics' padding value. */
export const LETTERBOX_PAD_VALUE = 114;

function checkSize(owner: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65_536) {
    throw new RangeError(`${owner}: ${name} must be an integer in 1..65536, got ${String(value)}`);
  }
}

/**
 * The letterbox of a height × width image on a canvas of `size` (a number for a square, or
 * [height, width]): scale r = min(canvas / image) (at most 1 with `scaleUp: false`), resized sizes
 * round(side · r) (at least 1), padding split with the odd pixel at the bottom/right.
 */
export function letterboxInfo(height: number, width: number, size: number | readonly [number, number], options: LetterboxOptions = {}): LetterboxInfo {
  const [canvasHeight, canvasWidth] = typeof size === 'number' ? [size, size] : size;
  checkSize('letterboxInfo', 'height', height);
  checkSize('letterboxInfo', 'width', width);
  checkSize('letterboxInfo', 'canvas height', canvasHeight);
  checkSize('letterboxInfo', 'canvas width', canvasWidth);
  let ratio = Math.min(canvasHeight / height, canvasWidth / width);
  if (options.scaleUp === false) ratio = Math.min(ratio, 1);
  const resizedHeight = Math.min(canvasHeight, Math.max(1, Math.round(height * ratio)));
  const resizedWidth = Math.min(canvasWidth, Math.max(1, Math.round(width * ratio)));
  return {
    height,
    width,
    resizedHeight,
    resizedWidth,
    top: Math.floor((canvasHeight - resizedHeight) / 2),
    left: Math.floor((canvasWidth - resizedWidth) / 2),
    canvasHeight,
    canvasWidth,
  };
}

/**
 * Letterbox an image tensor ([h, w, 3] or [1, h, w, 3], any numeric dtype) to a float32
 * [canvasHeight, canvasWidth, 3] tensor, padded with `padValue` (114).
 */
export function letterbox(image: tf.Tensor3D | tf.Tensor4D, info: LetterboxInfo, padValue = LETTERBOX_PAD_VALUE): tf.Tensor3D {
  return tf.tidy(() => {
    let x: tf.Tensor3D = image.rank === 4 ? tf.squeeze(image, [0]) : (image as tf.Tensor3D);
    if (x.shape[0] !== info.height || x.shape[1] !== info.width) {
      throw new Error(`letterbox: the image is ${x.shape[0]}×${x.shape[1]}, the letterbox info was made for ${info.height}×${info.width}`);
    }
    x = tf.cast(x, 'float32');
    if (info.resizedHeight !== info.height || info.resizedWidth !== info.width) {
      x = tf.image.resizeBilinear(x, [info.resizedHeight, info.resizedWidth], false, true);
    }
    const bottom = info.canvasHeight - info.resizedHeight - info.top;
    const right = info.canvasWidth - info.resizedWidth - info.left;
    if (info.top === 0 && info.left === 0 && bottom === 0 && right === 0) return x;
    return tf.pad(x, [[info.top, bottom], [info.left, right], [0, 0]], padValue);
  });
}

/**
 * Map [x1, y1, x2, y2] boxes (flat, 4 per box) from canvas pixels to original image pixels, in
 * place, and clip them to the image. Returns `boxes`.
 */
export function unletterboxBoxes<T extends Float32Array | Float64Array>(boxes: T, info: LetterboxInfo): T {
  // (x − left) · width / resizedWidth: exact at the corners (integer products, exact quotients).
  const sx = info.width;
  const sy = info.height;
  for (let i = 0; i + 3 < boxes.length; i += 4) {
    for (let k = 0; k < 4; k += 2) {
      const x = ((boxes[i + k]! - info.left) * sx) / info.resizedWidth;
      const y = ((boxes[i + k + 1]! - info.top) * sy) / info.resizedHeight;
      boxes[i + k] = Math.min(sx, Math.max(0, x));
      boxes[i + k + 1] = Math.min(sy, Math.max(0, y));
    }
  }
  return boxes;
}

/** Map boxes from original image pixels to canvas pixels, in place (the inverse of unletterboxBoxes, without clipping). */
export function letterboxBoxes<T extends Float32Array | Float64Array>(boxes: T, info: LetterboxInfo): T {
  for (let i = 0; i + 3 < boxes.length; i += 4) {
    for (let k = 0; k < 4; k += 2) {
      boxes[i + k] = (boxes[i + k]! * info.resizedWidth) / info.width + info.left;
      boxes[i + k + 1] = (boxes[i + k + 1]! * info.resizedHeight) / info.height + info.top;
    }
  }
  return boxes;
}

// Images in and out of the page: decoding files and URLs to tensors, drawing tensors on canvases.
import { decodeImage, tf } from '@foveajs/core';

/** An image file or URL as an RGB int32 tensor [height, width, 3]. */
export async function imageTensor(source: string | Blob): Promise<tf.Tensor3D> {
  const bytes = typeof source === 'string' ? await (await fetch(source)).arrayBuffer() : await source.arrayBuffer();
  return decodeImage(new Uint8Array(bytes));
}

export function canvas(width: number, height: number, className?: string): HTMLCanvasElement {
  const element = document.createElement('canvas');
  element.width = width;
  element.height = height;
  if (className) element.className = className;
  return element;
}

/** Per-map figures the browser test compares across backends. */
export interface MapStats {
  min: number;
  max: number;
  mean: number;
}

/**
 * Draw one channel, [height, width] values, as gray: its own minimum black, maximum white (as
 * matplotlib's imshow(cmap="gray") shows a feature map). Returns the values' range and mean.
 */
export function drawGray(target: HTMLCanvasElement, values: ArrayLike<number>, width: number, height: number): MapStats {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < width * height; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
  }
  const scale = max > min ? 255 / (max - min) : 0;
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const g = (values[i]! - min) * scale;
    rgba[4 * i] = g;
    rgba[4 * i + 1] = g;
    rgba[4 * i + 2] = g;
    rgba[4 * i + 3] = 255;
  }
  target.width = width;
  target.height = height;
  target.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
  return { min, max, mean: sum / (width * height) };
}

/** Draw an RGB tensor [height, width, 3] of 0..255 values. */
export async function drawRgb(target: HTMLCanvasElement, image: tf.Tensor3D): Promise<void> {
  const [height, width] = image.shape;
  const values = await image.data();
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba[4 * i] = values[3 * i]!;
    rgba[4 * i + 1] = values[3 * i + 1]!;
    rgba[4 * i + 2] = values[3 * i + 2]!;
    rgba[4 * i + 3] = 255;
  }
  target.width = width;
  target.height = height;
  target.getContext('2d')!.putImageData(new ImageData(rgba, width, height), 0, 0);
}

/** A figure: a canvas with a caption under it. */
export function figure(content: HTMLElement, caption: string): HTMLElement {
  const element = document.createElement('figure');
  const text = document.createElement('figcaption');
  text.textContent = caption;
  element.append(content, text);
  return element;
}

// Rendering masks: PASCAL VOC's colour map (its devkit's bit-interleaved palette), a mask as
// colours, and a mask blended over its image as PNG bytes (encoded by @foveajs/core).
import { encodePng } from '@foveajs/core';
import * as tf from '@tensorflow/tfjs-core';

export type Rgb = [number, number, number];

/**
 * PASCAL VOC's colour map for labels 0..255 (VOCdevkit's labelcolormap / VOClabelcolormap.m):
 * the bits of the label spread over the high bits of R, G and B. 0 is black (background), 1
 * (128, 0, 0), 2 (0, 128, 0), …, 255 (224, 224, 192), VOC's "void".
 */
export function vocPalette(count = 256): Rgb[] {
  return Array.from({ length: count }, (_, label) => {
    let r = 0;
    let g = 0;
    let b = 0;
    let c = label;
    for (let j = 0; j < 8; j++) {
      r |= ((c >> 0) & 1) << (7 - j);
      g |= ((c >> 1) & 1) << (7 - j);
      b |= ((c >> 2) & 1) << (7 - j);
      c >>= 3;
    }
    return [r, g, b];
  });
}

export const VOC_PALETTE: readonly Rgb[] = vocPalette();

function checkMask(caller: string, mask: tf.Tensor): [number, number] {
  if (!(mask instanceof tf.Tensor) || mask.rank !== 2 || mask.dtype !== 'int32') {
    throw new Error(`${caller}: mask must be an int32 tensor [height, width], got ${mask instanceof tf.Tensor ? `${mask.dtype} [${mask.shape}]` : String(mask)}`);
  }
  return mask.shape as [number, number];
}

/** Colours of a mask [H, W] (int32 labels) as an int32 [H, W, 3] tensor, through `palette` (VOC's by default). */
export function colorize(mask: tf.Tensor, palette: readonly Rgb[] = VOC_PALETTE): tf.Tensor3D {
  const [height, width] = checkMask('colorize', mask);
  const labels = mask.dataSync();
  const out = new Int32Array(height * width * 3);
  for (let i = 0; i < labels.length; i++) {
    const colour = palette[labels[i]!];
    if (colour === undefined) throw new Error(`colorize: label ${labels[i]} at [${Math.floor(i / width)}, ${i % width}] has no colour (palette of ${palette.length})`);
    out[i * 3] = colour[0];
    out[i * 3 + 1] = colour[1];
    out[i * 3 + 2] = colour[2];
  }
  return tf.tensor3d(out, [height, width, 3], 'int32');
}

export interface OverlayOptions {
  /** Opacity of the colours over the image. Default 0.5. */
  alpha?: number;
  /** Default VOC_PALETTE. */
  palette?: readonly Rgb[];
  /** A label left uncoloured (the image shows through), or null to colour every pixel. Default 0 (background). */
  background?: number | null;
}

/**
 * PNG bytes of `mask` blended over `image` ([H, W, 3], RGB 0..255, int32 or float32): each pixel
 * image·(1 − alpha) + colour·alpha, except `background` pixels, which keep the image.
 */
export async function overlay(image: tf.Tensor, mask: tf.Tensor, options: OverlayOptions = {}): Promise<Uint8Array> {
  const [height, width] = checkMask('overlay', mask);
  if (!(image instanceof tf.Tensor) || image.rank !== 3 || image.shape[2] !== 3 || image.shape[0] !== height || image.shape[1] !== width) {
    throw new Error(`overlay: image must be [${height}, ${width}, 3] (the mask's size, RGB), got ${image instanceof tf.Tensor ? `[${image.shape}]` : String(image)}`);
  }
  const alpha = options.alpha ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1)) throw new Error(`overlay: alpha must be in [0, 1], got ${alpha}`);
  const palette = options.palette ?? VOC_PALETTE;
  const background = options.background === undefined ? 0 : options.background;
  const pixels = await image.data();
  const labels = await mask.data();
  const out = new Float32Array(height * width * 3);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const colour = palette[label];
    for (let c = 0; c < 3; c++) {
      const value = pixels[i * 3 + c]!;
      if (label === background) {
        out[i * 3 + c] = value;
        continue;
      }
      if (colour === undefined) throw new Error(`overlay: label ${label} at [${Math.floor(i / width)}, ${i % width}] has no colour (palette of ${palette.length})`);
      out[i * 3 + c] = value * (1 - alpha) + colour[c]! * alpha;
    }
  }
  const blended = tf.tensor3d(out, [height, width, 3]);
  try {
    return await encodePng(blended);
  } finally {
    blended.dispose();
  }
}

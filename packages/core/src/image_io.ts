import { isNode } from '@foveajs/kernels-wasm';
import * as tf from '@tensorflow/tfjs-core';

export interface DecodeImageOptions {
  /** 'int32' keeps 0..255 pixel values; 'float32' gives the same values as floats. Default 'int32'. */
  dtype?: 'int32' | 'float32';
}

export interface EncodePngOptions {
  /**
   * The value that means full intensity: 255 (default) for 0..255 pixels, 1 for 0..1 images.
   * Values are scaled to 0..255, rounded and clamped.
   */
  maxValue?: number;
}

type SharpFactory = (input?: Uint8Array, options?: object) => SharpPipeline;
interface RawImage {
  data: Uint8Array;
  info: { width: number; height: number; channels: number };
}
interface SharpPipeline {
  removeAlpha(): SharpPipeline;
  toColourspace(space: string): SharpPipeline;
  raw(): SharpPipeline;
  png(): SharpPipeline;
  toBuffer(options: { resolveWithObject: true }): Promise<RawImage>;
  toBuffer(): Promise<Uint8Array>;
}

let sharpModule: Promise<SharpFactory> | undefined;

async function loadSharp(): Promise<SharpFactory> {
  sharpModule ??= (async () => {
    const specifier = 'sharp';
    try {
      const mod = (await import(/* @vite-ignore */ specifier)) as { default: SharpFactory };
      return mod.default;
    } catch (error) {
      throw new Error(`image I/O in Node needs the 'sharp' package (npm install sharp): ${(error as Error).message}`);
    }
  })();
  return sharpModule;
}

function assertImageBytes(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
    throw new Error(`decodeImage: expected the bytes of a JPEG or PNG file, got ${bytes instanceof Uint8Array ? 'an empty buffer' : typeof bytes}`);
  }
}

/** Decode JPEG/PNG bytes to an RGB tensor of shape [height, width, 3] (alpha dropped, gray expanded). */
export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<tf.Tensor3D> {
  assertImageBytes(bytes);
  const dtype = options.dtype ?? 'int32';
  if (dtype !== 'int32' && dtype !== 'float32') {
    throw new Error(`decodeImage: dtype must be 'int32' or 'float32', got '${String(dtype)}'`);
  }
  const { data, width, height } = isNode ? await decodeWithSharp(bytes) : await decodeWithCanvas(bytes);
  const values = dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data);
  return tf.tensor3d(values, [height, width, 3], dtype);
}

async function decodeWithSharp(bytes: Uint8Array): Promise<{ data: Uint8Array; width: number; height: number }> {
  const sharp = await loadSharp();
  let decoded: RawImage;
  try {
    decoded = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new Error(`decodeImage: the bytes are not a decodable JPEG/PNG image (${(error as Error).message})`);
  }
  const { data, info } = decoded;
  if (info.channels !== 3) {
    throw new Error(`decodeImage: expected 3 colour channels after conversion, got ${info.channels}`);
  }
  return { data, width: info.width, height: info.height };
}

async function decodeWithCanvas(bytes: Uint8Array): Promise<{ data: Uint8Array; width: number; height: number }> {
  const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]));
  // Read before close(): a closed ImageBitmap reports 0 × 0.
  const { width, height } = bitmap;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('decodeImage: this browser has no 2D OffscreenCanvas context');
  context.drawImage(bitmap, 0, 0);
  const rgba = context.getImageData(0, 0, width, height).data;
  const rgb = new Uint8Array(width * height * 3);
  for (let src = 0, dst = 0; src < rgba.length; src += 4, dst += 3) {
    rgb[dst] = rgba[src]!;
    rgb[dst + 1] = rgba[src + 1]!;
    rgb[dst + 2] = rgba[src + 2]!;
  }
  bitmap.close();
  return { data: rgb, width, height };
}

/** Encode a [height, width, channels] tensor (1, 3 or 4 channels) as PNG bytes. */
export async function encodePng(image: tf.Tensor, options: EncodePngOptions = {}): Promise<Uint8Array> {
  if (image.rank !== 3) {
    throw new Error(`encodePng: expected a tensor of shape [height, width, channels], got rank ${image.rank} shape [${image.shape}]`);
  }
  const [height, width, channels] = image.shape as [number, number, number];
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new Error(`encodePng: channels must be 1, 3 or 4, got ${channels} (shape [${image.shape}])`);
  }
  if (image.dtype !== 'int32' && image.dtype !== 'float32') {
    throw new Error(`encodePng: dtype must be int32 or float32, got ${image.dtype}`);
  }
  const maxValue = options.maxValue ?? 255;
  if (!(maxValue > 0)) throw new Error(`encodePng: maxValue must be > 0, got ${maxValue}`);
  const values = await image.data();
  const pixels = new Uint8ClampedArray(values.length);
  const scale = 255 / maxValue;
  for (let i = 0; i < values.length; i++) pixels[i] = Math.round((values[i] as number) * scale);
  return isNode ? encodeWithSharp(pixels, width, height, channels) : encodeWithCanvas(pixels, width, height, channels);
}

async function encodeWithSharp(pixels: Uint8ClampedArray, width: number, height: number, channels: number): Promise<Uint8Array> {
  const sharp = await loadSharp();
  const raw = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  return new Uint8Array(await sharp(raw, { raw: { width, height, channels } }).png().toBuffer());
}

async function encodeWithCanvas(pixels: Uint8ClampedArray, width: number, height: number, channels: number): Promise<Uint8Array> {
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const src = p * channels;
    rgba[p * 4] = pixels[src]!;
    rgba[p * 4 + 1] = pixels[channels === 1 ? src : src + 1]!;
    rgba[p * 4 + 2] = pixels[channels === 1 ? src : src + 2]!;
    rgba[p * 4 + 3] = channels === 4 ? pixels[src + 3]! : 255;
  }
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('encodePng: this browser has no 2D OffscreenCanvas context');
  context.putImageData(new ImageData(rgba, width, height), 0, 0);
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}

/** Read and decode an image file (Node), or fetch and decode a URL (browser and Node). */
export async function readImage(pathOrUrl: string | URL, options: DecodeImageOptions = {}): Promise<tf.Tensor3D> {
  const isUrl = pathOrUrl instanceof URL || /^(https?|data|blob):/i.test(pathOrUrl);
  if (isUrl) {
    const response = await fetch(pathOrUrl);
    if (!response.ok) throw new Error(`readImage: fetching ${String(pathOrUrl)} failed with HTTP ${response.status}`);
    return decodeImage(new Uint8Array(await response.arrayBuffer()), options);
  }
  const { readFile } = await import('node:fs/promises');
  return decodeImage(new Uint8Array(await readFile(pathOrUrl)), options);
}

/** Encode a tensor as PNG and write it to a file (Node). */
export async function writePng(path: string, image: tf.Tensor, options: EncodePngOptions = {}): Promise<void> {
  const bytes = await encodePng(image, options);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, bytes);
}

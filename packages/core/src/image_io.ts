import { isNode } from '@foveajs/kernels-wasm';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Default `maxPixels`: 2^25 (about 33.5 Mpx, e.g. 8192×4096), whose RGB int32 tensor takes 400 MB.
 * sharp's own default (268 Mpx) let a 746 KB 16000×16000 PNG take 3.9 GB.
 */
export const DEFAULT_MAX_PIXELS = 2 ** 25;
/** Default `maxBytes` of an image file or download. */
export const DEFAULT_MAX_IMAGE_BYTES = 256 * 2 ** 20;

/** The raster formats decoded (a vector image, SVG, declares its own size and can reference other files). */
const DECODED_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif']);

export interface DecodeImageOptions {
  /** 'int32' keeps 0..255 pixel values; 'float32' gives the same values as floats. Default 'int32'. */
  dtype?: 'int32' | 'float32';
  /**
   * The most pixels (width × height) an image may declare, checked in its header before anything
   * is decoded. Default DEFAULT_MAX_PIXELS (2^25, about 33.5 Mpx).
   */
  maxPixels?: number;
  /**
   * Resize while decoding to [height, width] (bilinear, aspect ratio not kept): the full-size image
   * never exists in memory (JPEG shrinks on load), so a large photo costs what its result does.
   */
  size?: readonly [number, number];
}

export interface ReadImageOptions extends DecodeImageOptions {
  /** The most bytes read from the file or URL. Default DEFAULT_MAX_IMAGE_BYTES (256 MiB). */
  maxBytes?: number;
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
interface SharpMetadata {
  format?: string;
  width?: number;
  height?: number;
}
interface SharpPipeline {
  metadata(): Promise<SharpMetadata>;
  resize(width: number, height: number, options: { fit: 'fill'; kernel: string }): SharpPipeline;
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

function wholeOption(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`decodeImage: ${name} must be a whole number >= 1, got ${value}`);
  return value;
}

function sizeOption(size: DecodeImageOptions['size']): [number, number] | undefined {
  if (size === undefined) return undefined;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((d) => Number.isInteger(d) && d >= 1 && d <= 65535)) {
    throw new Error(`decodeImage: size must be [height, width], whole numbers from 1 to 65535, got ${JSON.stringify(size)}`);
  }
  return [size[0]!, size[1]!];
}

/** Throw unless an image of width × height fits `maxPixels`. */
function checkPixels(width: number, height: number, maxPixels: number): void {
  if (!(width >= 1 && height >= 1)) throw new Error(`decodeImage: the image declares no size (${width}×${height})`);
  if (width * height > maxPixels) {
    throw new Error(
      `decodeImage: the image is ${width}×${height} = ${width * height} pixels, more than maxPixels (${maxPixels}); ` +
        'raise { maxPixels } for a larger image, and pass { size } to resize it while decoding',
    );
  }
}

/**
 * Decode image bytes (JPEG, PNG, WebP, GIF's first frame, TIFF, AVIF) to an RGB tensor of shape
 * [height, width, 3] (alpha dropped, gray expanded). The header's size is checked against
 * `maxPixels` before anything is decoded; `size` resizes while decoding.
 */
export async function decodeImage(bytes: Uint8Array, options: DecodeImageOptions = {}): Promise<tf.Tensor3D> {
  assertImageBytes(bytes);
  const dtype = options.dtype ?? 'int32';
  if (dtype !== 'int32' && dtype !== 'float32') {
    throw new Error(`decodeImage: dtype must be 'int32' or 'float32', got '${String(dtype)}'`);
  }
  const maxPixels = wholeOption('maxPixels', options.maxPixels, DEFAULT_MAX_PIXELS);
  const size = sizeOption(options.size);
  const { data, width, height } = isNode ? await decodeWithSharp(bytes, maxPixels, size) : await decodeWithCanvas(bytes, maxPixels, size);
  const values = dtype === 'int32' ? Int32Array.from(data) : Float32Array.from(data);
  return tf.tensor3d(values, [height, width, 3], dtype);
}

async function decodeWithSharp(bytes: Uint8Array, maxPixels: number, size: [number, number] | undefined): Promise<{ data: Uint8Array; width: number; height: number }> {
  const sharp = await loadSharp();
  // The header alone: format and size, before any pixel is decoded.
  let metadata: SharpMetadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new Error(`decodeImage: the bytes are not a decodable JPEG/PNG image (${(error as Error).message})`);
  }
  if (!DECODED_FORMATS.has(metadata.format ?? '')) {
    throw new Error(`decodeImage: the bytes are a ${metadata.format ?? 'unknown'} image; expected a raster image (JPEG, PNG, WebP, GIF, TIFF, AVIF)`);
  }
  checkPixels(metadata.width ?? 0, metadata.height ?? 0, maxPixels);
  let decoded: RawImage;
  try {
    let pipeline = sharp(bytes, { limitInputPixels: maxPixels });
    if (size !== undefined) pipeline = pipeline.resize(size[1], size[0], { fit: 'fill', kernel: 'linear' });
    decoded = await pipeline.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw new Error(`decodeImage: the bytes are not a decodable JPEG/PNG image (${(error as Error).message})`);
  }
  const { data, info } = decoded;
  if (info.channels !== 3) {
    throw new Error(`decodeImage: expected 3 colour channels after conversion, got ${info.channels}`);
  }
  return { data, width: info.width, height: info.height };
}

/**
 * Width and height from a PNG, JPEG or GIF header (browsers: checked before createImageBitmap
 * decodes anything); undefined for other formats, which are checked after decoding.
 */
export function imageHeaderSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 24 && view.getUint32(0) === 0x89504e47 && view.getUint32(12) === 0x49484452) {
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes.length >= 10 && bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46) {
    return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    // Walk the segments to the first start-of-frame (SOF0–SOF15 but DHT, JPG and DAC).
    for (let at = 2; at + 9 < bytes.length; ) {
      if (bytes[at] !== 0xff) return undefined;
      const marker = bytes[at + 1]!;
      if (marker === 0xff) {
        at++;
        continue;
      }
      const length = view.getUint16(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      at += 2 + length;
    }
  }
  return undefined;
}

async function decodeWithCanvas(bytes: Uint8Array, maxPixels: number, size: [number, number] | undefined): Promise<{ data: Uint8Array; width: number; height: number }> {
  const header = imageHeaderSize(bytes);
  if (header !== undefined) checkPixels(header.width, header.height, maxPixels);
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
  const bitmap = await createImageBitmap(blob, size === undefined ? {} : { resizeWidth: size[1], resizeHeight: size[0], resizeQuality: 'medium' });
  if (header === undefined && size === undefined) {
    try {
      checkPixels(bitmap.width, bitmap.height, maxPixels);
    } catch (error) {
      bitmap.close();
      throw error;
    }
  }
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
  if (height < 1 || width < 1) {
    throw new Error(`encodePng: the image has no pixels (shape [${image.shape}]); a PNG needs a width and a height of at least 1`);
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

/** A response's body, refusing one that declares or streams more than `maxBytes`. */
async function boundedBody(response: Response, maxBytes: number, what: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new Error(`readImage: ${what} declares ${declared} bytes, more than maxBytes (${maxBytes})`);
  if (response.body === null) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.length;
    if (received > maxBytes) {
      await reader.cancel();
      throw new Error(`readImage: ${what} sends more than maxBytes (${maxBytes}) bytes`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

/**
 * Read and decode an image file (Node: a regular file only, never a FIFO or a device), or fetch and
 * decode a URL (browser and Node), reading at most `maxBytes`; then as decodeImage (maxPixels, size).
 */
export async function readImage(pathOrUrl: string | URL, options: ReadImageOptions = {}): Promise<tf.Tensor3D> {
  const maxBytes = wholeOption('maxBytes', options.maxBytes, DEFAULT_MAX_IMAGE_BYTES);
  const isUrl = pathOrUrl instanceof URL || /^(https?|data|blob):/i.test(pathOrUrl);
  if (isUrl) {
    const response = await fetch(pathOrUrl);
    if (!response.ok) throw new Error(`readImage: fetching ${String(pathOrUrl)} failed with HTTP ${response.status}`);
    return decodeImage(await boundedBody(response, maxBytes, String(pathOrUrl)), options);
  }
  const { readRegularFile } = await import('./files.js');
  const bytes = await readRegularFile(pathOrUrl, maxBytes, (message) => new Error(`readImage: ${pathOrUrl}: ${message}`));
  try {
    return await decodeImage(bytes, options);
  } catch (error) {
    throw new Error(`${(error as Error).message} (${pathOrUrl})`, { cause: error });
  }
}

/** Encode a tensor as PNG and write it to a file (Node). */
export async function writePng(path: string, image: tf.Tensor, options: EncodePngOptions = {}): Promise<void> {
  const bytes = await encodePng(image, options);
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, bytes);
}

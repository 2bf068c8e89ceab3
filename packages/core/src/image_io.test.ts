import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage, encodePng, readImage } from './image_io.js';

// The sample photos ship with @foveajs/datasets (scene backgrounds); read here by path, not imported.
const fixture = (name: string) => fileURLToPath(new URL(`../../datasets/assets/${name}`, import.meta.url));

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('image I/O', () => {
  it('decodes a JPEG photo to an RGB int32 tensor', async () => {
    const image = await readImage(fixture('china.jpg'));
    expect(image.shape).toEqual([427, 640, 3]);
    expect(image.dtype).toBe('int32');
    const values = Array.from(await image.data());
    expect(values.reduce((a, b) => Math.min(a, b), 255)).toBeGreaterThanOrEqual(0);
    expect(values.reduce((a, b) => Math.max(a, b), 0)).toBeLessThanOrEqual(255);
    // A real photo, not a constant buffer: the sky-to-ground content varies.
    const mean = tf.tidy(() => tf.mean(tf.cast(image, 'float32')).dataSync()[0]!);
    expect(mean).toBeGreaterThan(20);
    expect(mean).toBeLessThan(235);
    image.dispose();
  });

  it('round-trips PNG pixels exactly: decode → encode → decode', async () => {
    const photo = await readImage(fixture('flower.jpg'));
    const png = await encodePng(photo);
    expect(Array.from(png.subarray(1, 4))).toEqual([0x50, 0x4e, 0x47]); // "PNG" signature
    const decoded = await decodeImage(png);
    expect(decoded.shape).toEqual(photo.shape);
    expect(Array.from(await decoded.data())).toEqual(Array.from(await photo.data()));
    const again = await decodeImage(await encodePng(decoded));
    expect(Array.from(await again.data())).toEqual(Array.from(await photo.data()));
    tf.dispose([photo, decoded, again]);
  });

  it('encodes float images with maxValue 1 and grayscale as RGB', async () => {
    const gray = tf.tensor3d([0, 0.5, 1, 0.25], [2, 2, 1], 'float32');
    const decoded = await decodeImage(await encodePng(gray, { maxValue: 1 }), { dtype: 'float32' });
    expect(decoded.shape).toEqual([2, 2, 3]);
    expect(Array.from(await decoded.data())).toEqual([0, 0, 0, 128, 128, 128, 255, 255, 255, 64, 64, 64]);
    tf.dispose([gray, decoded]);
  });

  it('rejects bad input with errors that name the problem', async () => {
    await expect(decodeImage(new Uint8Array())).rejects.toThrow(/empty buffer/);
    await expect(decodeImage(new Uint8Array([1, 2, 3, 4]))).rejects.toThrow(/not a decodable JPEG\/PNG/);
    const jpeg = new Uint8Array(await readFile(fixture('china.jpg')));
    await expect(decodeImage(jpeg.subarray(0, 200))).rejects.toThrow(/decodeImage/);
    const flat = tf.zeros([4, 4]);
    await expect(encodePng(flat)).rejects.toThrow(/rank 2 shape \[4,4\]/);
    const twoChannels = tf.zeros([4, 4, 2]);
    await expect(encodePng(twoChannels)).rejects.toThrow(/channels must be 1, 3 or 4, got 2/);
    await expect(decodeImage(jpeg, { dtype: 'bool' as 'int32' })).rejects.toThrow(/dtype must be 'int32' or 'float32', got 'bool'/);
    tf.dispose([flat, twoChannels]);
  });

  it('leaks no tensors across repeated decodes', async () => {
    const bytes = new Uint8Array(await readFile(fixture('flower.jpg')));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) (await decodeImage(bytes)).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

/** A PNG whose header declares width × height (RGB), with `rows` rows of zeros as its data. */
async function declaredPng(width: number, height: number, rows: number): Promise<Uint8Array> {
  const { deflateSync, crc32 } = await import('node:zlib');
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    out.set(new TextEncoder().encode(type), 4);
    out.set(data, 8);
    view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header[8] = 8;
  header[9] = 2;
  const parts = [
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(new Uint8Array(rows * (1 + 3 * width)))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const png = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    png.set(part, at);
    at += part.length;
  }
  return png;
}

describe('decompression bombs and files that are not images (issue #22, case 9)', () => {
  it('refuses an image whose header declares more than maxPixels, before decoding it', async () => {
    // A 16000×16000 PNG (746 KB) made readImage peak at 3.9 GB; its header is enough to refuse it.
    const bomb = await declaredPng(16000, 16000, 4);
    await expect(decodeImage(bomb)).rejects.toThrow(/the image is 16000×16000 = 256000000 pixels, more than maxPixels \(33554432\)/);
    const photo = new Uint8Array(await readFile(fixture('china.jpg')));
    await expect(decodeImage(photo, { maxPixels: 640 * 426 })).rejects.toThrow(/640×427 .* more than maxPixels \(272640\)/);
    const image = await decodeImage(photo, { maxPixels: 640 * 427 });
    expect(image.shape).toEqual([427, 640, 3]);
    image.dispose();
    await expect(decodeImage(photo, { maxPixels: 0 })).rejects.toThrow(/maxPixels must be a whole number >= 1, got 0/);
  });

  it('refuses an SVG (a 125-byte one declared 16000×16000) rather than rendering it', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="16000" height="16000"><rect width="9" height="9"/></svg>');
    await expect(decodeImage(svg, { maxPixels: 2 ** 40 })).rejects.toThrow(/the bytes are a svg image; expected a raster image/);
  });

  it('resizes while decoding to the size asked for', async () => {
    const photo = new Uint8Array(await readFile(fixture('china.jpg')));
    const small = await decodeImage(photo, { size: [28, 28] });
    expect(small.shape).toEqual([28, 28, 3]);
    // The whole photo, shrunk: its mean stays close to the full image's.
    const full = await decodeImage(photo);
    const [a, b] = tf.tidy(() => [tf.mean(tf.cast(small, 'float32')).dataSync()[0]!, tf.mean(tf.cast(full, 'float32')).dataSync()[0]!]);
    expect(Math.abs(a! - b!)).toBeLessThan(5);
    tf.dispose([small, full]);
    await expect(decodeImage(photo, { size: [0, 28] as [number, number] })).rejects.toThrow(/size must be \[height, width\]/);
  });

  it('reads regular files only (a FIFO or /dev/zero would block or never end), at most maxBytes', async () => {
    const { mkdtemp, rm, symlink } = await import('node:fs/promises');
    const { execFileSync } = await import('node:child_process');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'fovea-images-'));
    try {
      execFileSync('mkfifo', [join(dir, 'pipe.png')]);
      await expect(readImage(join(dir, 'pipe.png'))).rejects.toThrow(/pipe\.png: it is a FIFO \(named pipe\), not a regular file/);
      await symlink('/dev/zero', join(dir, 'zero.png'));
      await expect(readImage(join(dir, 'zero.png'))).rejects.toThrow(/zero\.png: it is a character device, not a regular file/);
      await expect(readImage(dir)).rejects.toThrow(/it is a directory/);
      await expect(readImage(fixture('china.jpg'), { maxBytes: 1000 })).rejects.toThrow(/china\.jpg: it holds \d+ bytes, more than the 1000 accepted/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says an empty image cannot be a PNG (it failed inside sharp with "Input Bit Array is empty")', async () => {
    const empty = tf.zeros([0, 4, 3], 'int32');
    await expect(encodePng(empty)).rejects.toThrow(/encodePng: the image has no pixels \(shape \[0,4,3\]\)/);
    empty.dispose();
  });
});

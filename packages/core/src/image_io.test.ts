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

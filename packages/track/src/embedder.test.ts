import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BoxXywh } from './boxes.js';
import { DeepSort } from './deepsort.js';
import { CnnEmbedder, mobileNetV2Embedder } from './embedder.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A 40 × 60 RGB image, 0 everywhere except a 10 × 20 block of (5, 0, 0) at x 30..39, y 10..29. */
function testImage(): tf.Tensor3D {
  const data = new Float32Array(40 * 60 * 3);
  for (let y = 10; y < 30; y++) for (let x = 30; x < 40; x++) data[(y * 60 + x) * 3] = 5;
  return tf.tensor3d(data, [40, 60, 3]);
}

describe('CnnEmbedder', () => {
  it('crops each box, runs the model in batches, and returns unit vectors', () => {
    // The model flattens its 4 × 2 × 3 input: the embedding is the normalised crop itself.
    const model = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [4, 2, 3] })] });
    const embedder = new CnnEmbedder(model, { batchSize: 2 });
    expect(embedder.cropSize).toEqual([4, 2]);
    const image = testImage();
    const boxes: BoxXywh[] = [
      [30, 10, 10, 20], // exactly the block: every crop pixel (5, 0, 0)
      [0, 0, 10, 10], // outside it: zeros... and one more box to fill a second batch
      [30, 10, 10, 20],
    ];
    const before = tf.memory().numTensors;
    const embeddings = embedder.embed(image, boxes);
    expect(tf.memory().numTensors).toBe(before);
    expect(embeddings).toHaveLength(3);
    // 8 pixels × (5, 0, 0), normalised: 1/√8 in every red entry, 0 in green and blue.
    const block = Array.from({ length: 24 }, (_, k) => (k % 3 === 0 ? 1 / Math.sqrt(8) : 0));
    embeddings[0]!.forEach((v, k) => {
      expect(v).toBeCloseTo(block[k]!, 6);
    });
    expect([...embeddings[1]!]).toEqual(Array(24).fill(0)); // a zero crop stays zero (no division by 0)
    expect([...embeddings[2]!]).toEqual([...embeddings[0]!]);
    image.dispose();
  });

  it('averages a feature map and gives the same result sync and async', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [8, 8, 3], filters: 5, kernelSize: 3, padding: 'same' })] });
    const embedder = new CnnEmbedder(model, { preprocess: (x) => tf.div(x, 255) });
    const image = tf.randomUniform([32, 48, 3], 0, 255, 'float32', 1) as tf.Tensor3D;
    const boxes: BoxXywh[] = [
      [3, 4, 20, 10],
      [10.5, 2.25, 30, 25],
    ];
    const before = tf.memory().numTensors;
    const sync = embedder.embed(image, boxes);
    const batched = tf.expandDims(image, 0) as tf.Tensor4D;
    const later = await embedder.embedAsync(batched, boxes);
    batched.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(sync.map((e) => e.length)).toEqual([5, 5]);
    for (const e of sync) expect(Math.hypot(...e)).toBeCloseTo(1, 5);
    expect(later).toEqual(sync);
    image.dispose();
  });

  it('feeds DeepSort through update({ image })', () => {
    const model = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [4, 2, 3] })] });
    const tracker = new DeepSort({ embedder: new CnnEmbedder(model) });
    const image = testImage();
    for (let frame = 1; frame <= 3; frame++) tracker.update([{ bbox: [30, 10, 10, 20], score: 0.9, cls: 1 }], { image });
    expect(tracker.tracks.map((t) => [t.id, t.state])).toEqual([[1, 'confirmed']]);
    image.dispose();
  });

  it('names bad models, options and inputs', () => {
    const model = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [4, 2, 3] })] });
    expect(() => new CnnEmbedder({} as never)).toThrow(/model must be a tfjs model with predict\(\)/);
    expect(() => new CnnEmbedder(model, { batchSize: 0 })).toThrow(/batchSize is 0; expected an integer >= 1/);
    const open = tfl.sequential({ layers: [tfl.layers.globalAveragePooling2d({ inputShape: [null, null, 3] as never })] });
    expect(() => new CnnEmbedder(open)).toThrow(/cropSize is \[, \]; expected \[height, width\]/);
    const embedder = new CnnEmbedder(model);
    expect(() => embedder.embed(tf.zeros([2, 4, 4, 3]) as tf.Tensor4D, [[0, 0, 1, 1]])).toThrow(/image must be a tensor \[height, width, channels\]/);
    const image = testImage();
    expect(() => embedder.embed(image, [[0, 0, Number.NaN, 1]])).toThrow(/boxes\[0\] is \[0, 0, NaN, 1\]/);
    image.dispose();
  });
});

describe('mobileNetV2Embedder', () => {
  it("builds the zoo's MobileNetV2 (alpha 0.35, pooling 'avg') as a 1280-feature embedder", async () => {
    // Random weights here (no download in tests); the default is 'imagenet'.
    const embedder = await mobileNetV2Embedder({ weights: null, inputShape: [32, 32, 3] });
    expect(embedder.cropSize).toEqual([32, 32]);
    const image = tf.randomUniform([64, 64, 3], 0, 255, 'float32', 2) as tf.Tensor3D;
    const before = tf.memory().numTensors;
    const [a, b] = embedder.embed(image, [
      [0, 0, 30, 40],
      [20, 10, 40, 50],
    ]);
    expect(tf.memory().numTensors).toBe(before);
    expect(a!.length).toBe(1280);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 4);
    expect(Math.hypot(...b!)).toBeCloseTo(1, 4);
    image.dispose();
  });
});

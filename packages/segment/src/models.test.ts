import { tf } from '@foveajs/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { aspp, bilinearKernel, bilinearUpsampling, DeepLabV3, FCN8s, FCN16s, FCN32s, LRASPP, UNet } from './index.js';
import { maxAbsDiff, useFoveaBackend } from './test_support.js';

beforeAll(useFoveaBackend);

type Build = () => tfl.LayersModel;

/** Odd sizes, none a multiple of any output stride. */
const SMALL_SIZES: [number, number][] = [
  [37, 53],
  [19, 11],
];

function expectSameSize(build: Build, sizes: [number, number][], classes: number): void {
  const model = build();
  try {
    expect(model.inputs[0]!.shape).toEqual([null, null, null, 3]);
    for (const [h, w] of sizes) {
      const x = tf.randomUniform([1, h, w, 3], 0, 255, 'float32', h * w);
      const y = model.predict(x) as tf.Tensor;
      expect(y.shape).toEqual([1, h, w, classes]);
      expect(y.dataSync().every(Number.isFinite)).toBe(true);
      tf.dispose([x, y]);
    }
  } finally {
    model.dispose();
  }
}

describe('output shape = input shape, for every architecture, output stride and odd input size', () => {
  test.each([8, 16, 32] as const)('LR-ASPP on MobileNetV2, output stride %i', (outputStride) => {
    expectSameSize(() => LRASPP({ alpha: 0.35, outputStride }), SMALL_SIZES, 21);
  });

  test.each([
    [8, false],
    [16, false],
    [8, true],
    [16, true],
  ] as const)('DeepLabV3 on MobileNetV2, output stride %i, decoder %s', (outputStride, decoder) => {
    expectSameSize(() => DeepLabV3({ backbone: 'mobilenetv2', alpha: 0.35, outputStride, decoder, filters: 16, classes: 5 }), SMALL_SIZES, 5);
  });

  test.each([
    [8, false],
    [16, true],
  ] as const)('DeepLabV3 on ResNet-50, output stride %i, decoder %s', (outputStride, decoder) => {
    expectSameSize(() => DeepLabV3({ outputStride, decoder, filters: 16, classes: 3 }), [[33, 35]], 3);
  });

  test.each([
    ['32s', FCN32s],
    ['16s', FCN16s],
    ['8s', FCN8s],
  ] as const)('FCN-%s on VGG16 and ResNet-50', (_, builder) => {
    expectSameSize(() => builder({ fcFilters: 16, classes: 4 }), [[35, 45]], 4);
    expectSameSize(() => builder({ backbone: 'resnet50', classes: 4 }), [[33, 41]], 4);
  });

  test("U-Net: the paper's (depth 4 and 3) and on zoo encoders", () => {
    expectSameSize(() => UNet({ filters: 4, classes: 3 }), SMALL_SIZES, 3);
    expectSameSize(() => UNet({ filters: 4, depth: 3, batchNorm: true, dropout: 0.5, classes: 3 }), SMALL_SIZES, 3);
    expectSameSize(() => UNet({ encoder: 'mobilenetv2', alpha: 0.35, classes: 3 }), SMALL_SIZES, 3);
    expectSameSize(() => UNet({ encoder: 'resnet50', decoderFilters: [16, 16, 8, 8, 8], classes: 3 }), [[35, 33]], 3);
    expectSameSize(() => UNet({ encoder: 'vgg16', decoderFilters: [16, 16, 8, 8, 8], classes: 3 }), [[35, 33]], 3);
  });

  test('a static inputShape gives static output shapes; classifierActivation softmax gives probabilities', () => {
    const model = LRASPP({ alpha: 0.35, inputShape: [45, 61, 3], classifierActivation: 'softmax', classes: 4 });
    expect(model.outputs[0]!.shape).toEqual([null, 45, 61, 4]);
    const y = model.predict(tf.zeros([1, 45, 61, 3])) as tf.Tensor;
    const sums = tf.sum(y, -1);
    expect(Math.abs(tf.sub(sums, 1).abs().max().dataSync()[0]!)).toBeLessThan(1e-5);
    tf.dispose([y, sums]);
    model.dispose();
  });

  test('padding happens inside the model: the same logits as padding the image outside and cropping', async () => {
    const model = DeepLabV3({ backbone: 'mobilenetv2', alpha: 0.35, filters: 8, decoder: true, dropout: 0 });
    const x = tf.randomUniform([1, 29, 37, 3], 0, 255, 'float32', 1);
    // The model pads the preprocessed image with zeros ('tf' preprocessing: 0 is 127.5).
    const outside = tf.pad(x, [[0, 0], [0, 3], [0, 11], [0, 0]], 127.5);
    const inner = model.predict(x) as tf.Tensor;
    const outer = tf.slice(model.predict(outside) as tf.Tensor, [0, 0, 0, 0], [1, 29, 37, -1]);
    expect(await maxAbsDiff(inner, outer)).toBeLessThan(1e-4);
    model.dispose();
  });

  test('bad options name the argument and the value', () => {
    expect(() => DeepLabV3({ outputStride: 32 as never })).toThrow("DeepLabV3: outputStride must be one of 8, 16, got 32");
    expect(() => LRASPP({ classes: 0 })).toThrow('LRASPP: classes must be a positive integer, got 0');
    expect(() => FCN8s({ backbone: 'mobilenetv2' as never })).toThrow("FCN8s: backbone must be one of 'vgg16', 'resnet50', got 'mobilenetv2'");
    expect(() => UNet({ inputShape: [64, 64, 1] })).toThrow('UNet: inputShape must be [height, width, 3]');
    expect(() => LRASPP({ weights: 'imagenet' })).toThrow(/use backboneWeights: 'imagenet'/);
  });
});

describe('ASPP', () => {
  test('five branches: 1×1, three 3×3 atrous at the given rates, image pooling; each conv-BN-ReLU', () => {
    const input = tfl.input({ shape: [9, 11, 8] });
    const model = tfl.model({ inputs: input, outputs: aspp(input, { rates: [2, 3, 5], filters: 6 }) });
    const conv = (name: string) => model.getLayer(name).getConfig();
    expect(conv('aspp0')['kernelSize']).toEqual([1, 1]);
    expect([1, 2, 3].map((i) => conv(`aspp${i}`)['dilationRate'])).toEqual([[2, 2], [3, 3], [5, 5]]);
    expect([1, 2, 3].map((i) => conv(`aspp${i}`)['kernelSize'])).toEqual([[3, 3], [3, 3], [3, 3]]);
    for (const branch of ['aspp0', 'aspp1', 'aspp2', 'aspp3', 'aspp_pooling_conv', 'aspp_projection']) {
      expect(model.getLayer(`${branch}_BN`).getClassName()).toBe('BatchNormalization');
      expect(model.getLayer(branch).getConfig()['useBias']).toBe(false);
    }
    // Every branch keeps the map's size; the pooled branch is broadcast back to it.
    for (const name of ['aspp0_relu', 'aspp1_relu', 'aspp2_relu', 'aspp3_relu', 'aspp_pooling_upsample']) {
      expect(model.getLayer(name).outputShape).toEqual([null, 9, 11, 6]);
    }
    expect(model.getLayer('aspp_pooling_conv_relu').outputShape).toEqual([null, 1, 1, 6]);
    expect(model.getLayer('aspp_concat').outputShape).toEqual([null, 9, 11, 30]);
    expect(model.outputs[0]!.shape).toEqual([null, 9, 11, 6]);
    model.dispose();
  });

  test.each([
    [16, [6, 12, 18]],
    [8, [12, 24, 36]],
  ] as const)('DeepLabV3 at output stride %i: rates %j, ASPP on features at that stride', (outputStride, rates) => {
    const model = DeepLabV3({ backbone: 'mobilenetv2', alpha: 0.35, outputStride, filters: 8, inputShape: [64, 96, 3] });
    expect([1, 2, 3].map((i) => model.getLayer(`aspp${i}`).getConfig()['dilationRate'])).toEqual(rates.map((r) => [r, r]));
    expect(model.getLayer('aspp_concat').outputShape).toEqual([null, 64 / outputStride, 96 / outputStride, 40]);
    model.dispose();
  });
});

describe("FCN's bilinear upsampling", () => {
  test('the kernel is FCN\'s upsample_filt', () => {
    // factor 2: size 4, centre 1.5, 1-D weights 1/4, 3/4, 3/4, 1/4; factor 3: size 5, centre 2.
    const k2 = bilinearKernel(2, 1).reshape([4, 4]).arraySync() as number[][];
    expect(k2[0]).toEqual([1 / 16, 3 / 16, 3 / 16, 1 / 16]);
    expect(k2[1]![1]).toBeCloseTo(9 / 16, 7);
    const k3 = bilinearKernel(3, 2);
    expect(k3.shape).toEqual([5, 5, 2, 2]);
    const row = tf.slice(k3, [2, 0, 0, 0], [1, 5, 1, 1]).dataSync();
    expect(Array.from(row).map((v) => Number(v.toFixed(6)))).toEqual([1 / 3, 2 / 3, 1, 2 / 3, 1 / 3].map((v) => Number(v.toFixed(6))));
    // Channels are upsampled independently.
    expect(tf.slice(k3, [0, 0, 0, 1], [5, 5, 1, 1]).dataSync().every((v) => v === 0)).toBe(true);
  });

  test.each([2, 8, 32])(
    '×%i equals tf.image.resizeBilinear(x, size, alignCorners false, halfPixelCenters true) away from the border',
    async (factor) => {
      const [h, w, c] = [5, 4, 3];
      const input = tfl.input({ shape: [h, w, c] });
      const { y, initialize } = bilinearUpsampling(input, factor, 'up');
      const model = tfl.model({ inputs: input, outputs: y });
      initialize();
      const x = tf.randomUniform([1, h, w, c], -1, 1, 'float32', factor);
      const ours = model.predict(x) as tf.Tensor;
      const reference = tf.image.resizeBilinear(x as tf.Tensor4D, [h * factor, w * factor], false, true);
      expect(ours.shape).toEqual(reference.shape);
      // Output pixel i samples input (i + 0.5)/f − 0.5: inside [0, n − 1] from ⌈f/2 − 0.5⌉ to ⌊n·f − f/2 − 0.5⌋.
      const from = Math.ceil(factor / 2 - 0.5);
      const rows = Math.floor(h * factor - factor / 2 - 0.5) - from + 1;
      const cols = Math.floor(w * factor - factor / 2 - 0.5) - from + 1;
      const interior = (t: tf.Tensor) => tf.slice(t, [0, from, from, 0], [1, rows, cols, c]);
      expect(await maxAbsDiff(interior(ours), interior(reference))).toBeLessThan(1e-5);
      // At the border the transposed conv reads zero padding where resizeBilinear repeats the edge.
      expect(await maxAbsDiff(ours, reference)).toBeGreaterThan(1e-3);
      tf.dispose([x, ours, reference]);
      model.dispose();
    },
  );

  test("FCN-8s's transposed convs start bilinear: upscore2 ×2, upscore_pool4 ×2, upscore8 ×8", () => {
    const model = FCN8s({ fcFilters: 8, classes: 3 });
    for (const [name, factor] of [
      ['upscore2', 2],
      ['upscore_pool4', 2],
      ['upscore8', 8],
    ] as const) {
      const layer = model.getLayer(name);
      expect(layer.getConfig()['strides']).toEqual([factor, factor]);
      const expected = bilinearKernel(factor, 3);
      expect(tf.max(tf.abs(tf.sub(layer.getWeights()[0]!, expected))).dataSync()[0]).toBe(0);
      expected.dispose();
    }
    // Score layers start at zero, as in FCN.
    expect(tf.max(tf.abs(model.getLayer('score_pool3').getWeights()[0]!)).dataSync()[0]).toBe(0);
    model.dispose();
  });
});

describe('serialization', () => {
  test('a model with the package\'s layers saves and loads with tf.loadLayersModel, same outputs', async () => {
    const model = LRASPP({ alpha: 0.35, classes: 4 });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory({ ...saved!, modelTopology: JSON.parse(JSON.stringify(saved!.modelTopology)) }));
    const x = tf.randomUniform([1, 21, 27, 3], 0, 255, 'float32', 2);
    expect(await maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
    model.dispose();
    loaded.dispose();
  });
});

// The detector builder: outputs per head family, zoo backbones read by Keras layer name, options
// checked, and saving / loading with the config.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setBackend, tf } from '@foveajs/core';
import { optimizeForInference } from '@foveajs/models';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadDetectorModel, saveDetector } from './io.js';
import { buildDetector, checkDetectorConfig } from './model.js';

let dir: string;
beforeAll(async () => {
  await setBackend('fovea-wasm');
  dir = await mkdtemp(join(tmpdir(), 'fovea-detect-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function outputShapes(model: import('@tensorflow/tfjs-layers').LayersModel, size: number): number[][] {
  return tf.tidy(() => {
    const out = model.predict(tf.zeros([1, size, size, 3])) as tf.Tensor[];
    return out.map((t) => t.shape);
  });
}

describe('buildDetector', () => {
  test('anchor-free head: box (4·regMax) and class maps at strides 8, 16, 32, any multiple of 32', () => {
    const { model, config } = buildDetector({ classes: 3, regMax: 4, widthMultiple: 0.0625 });
    expect(model.outputNames).toEqual(['box_p3', 'cls_p3', 'box_p4', 'cls_p4', 'box_p5', 'cls_p5']);
    expect(config.outputs).toEqual(model.outputNames);
    expect(outputShapes(model, 64)).toEqual([
      [1, 8, 8, 16],
      [1, 8, 8, 3],
      [1, 4, 4, 16],
      [1, 4, 4, 3],
      [1, 2, 2, 16],
      [1, 2, 2, 3],
    ]);
    expect(outputShapes(model, 96)[0]).toEqual([1, 12, 12, 16]);
    // YOLOv8's class prior: log(5 / classes / (imgsz / stride)²) with imgsz 320.
    expect(model.getLayer('cls_p3').getWeights()[1]!.dataSync()[0]).toBeCloseTo(Math.log(5 / 3 / 40 ** 2), 5);
    expect(config).toMatchObject({ head: 'anchor-free', classes: 3, names: ['0', '1', '2'], categoryIds: [1, 2, 3], strides: [8, 16, 32], regMax: 4, anchors: [], imgsz: 320 });
    // The CSP backbone from @foveajs/layers' blocks.
    expect(model.layers.map((l) => l.name)).toEqual(expect.arrayContaining(['preprocess', 'stem_conv', 'stage2_concat', 'sppf_pool3', 'neck_td4_cv2_act', 'head_p3_box_1_conv']));
    model.dispose();
  });

  test('anchor-based head: anchors × (5 + classes) channels, YOLOv5 priors, anchors scaled to imgsz', () => {
    const { model, config } = buildDetector({ classes: 2, head: 'anchor-based', widthMultiple: 0.0625, imgsz: 640 });
    expect(model.outputNames).toEqual(['pred_p3', 'pred_p4', 'pred_p5']);
    expect(outputShapes(model, 64)).toEqual([
      [1, 8, 8, 21],
      [1, 4, 4, 21],
      [1, 2, 2, 21],
    ]);
    expect(config.anchors[0]).toEqual([10, 13, 16, 30, 33, 23]);
    const bias = model.getLayer('pred_p3').getWeights()[1]!.dataSync();
    expect(bias[4]).toBeCloseTo(Math.log(8 / 80 ** 2), 5);
    expect(bias[5]).toBeCloseTo(Math.log(0.6 / (2 - 0.99)), 5);
    expect(buildDetector({ classes: 2, head: 'anchor-based', widthMultiple: 0.0625 }).config.anchors[2]).toEqual([58, 45, 78, 99, 186.5, 163]);
    model.dispose();
  });

  test.each([
    ['MobileNetV2', ['block_6_expand_relu', 'block_13_expand_relu', 'out_relu', 'lateral_p3_conv']],
    ['EfficientNetB0', ['block3b_add', 'block5c_add', 'top_activation']],
    ['ResNet50', ['conv3_block4_out', 'conv4_block6_out', 'conv5_block3_out']],
  ] as const)('zoo backbone %s: features at strides 8/16/32 by Keras layer name', (backbone, layers) => {
    const { model, config } = buildDetector({ classes: 2, backbone, widthMultiple: 0.0625, ...(backbone === 'MobileNetV2' ? { alpha: 0.35 } : {}) });
    expect(model.layers.map((l) => l.name)).toEqual(expect.arrayContaining([...layers]));
    expect(outputShapes(model, 64).map((s) => s.slice(1, 3))).toEqual([
      [8, 8],
      [8, 8],
      [4, 4],
      [4, 4],
      [2, 2],
      [2, 2],
    ]);
    expect(config.backbone).toBe(backbone);
    model.dispose();
  }, 300_000);

  test.each([
    [{ imgsz: 100 }, /buildDetector: imgsz must be a multiple of 32 \(the coarsest stride\), got 100/],
    [{ backbone: 'VGG16' }, /buildDetector: backbone must be one of 'csp', 'MobileNetV2', 'EfficientNetB0', 'ResNet50', got 'VGG16'/],
    [{ classes: 2, names: ['a'] }, /buildDetector: names must be 2 strings \(one per class\), got \["a"\]/],
    [{ head: 'yolo' }, /buildDetector: head must be 'anchor-free' or 'anchor-based', got 'yolo'/],
    [{ inputShape: [100, 100, 3] }, /buildDetector: inputShape must be \[height, width, 3\]/],
    [{ head: 'anchor-based', anchors: [[1, 2]] }, /buildDetector: anchors must be three lists/],
    [{ regMax: 1 }, /buildDetector: regMax must be at least 2, got 1/],
  ])('rejects %o', (options, message) => {
    expect(() => buildDetector(options as never)).toThrow(message);
  });
});

describe('optimizeForInference on detectors', () => {
  test.each(['anchor-free', 'anchor-based'] as const)('%s: BatchNorm folded, activations fused, same outputs', (head) => {
    const { model } = buildDetector({ classes: 4, widthMultiple: 0.0625, regMax: 4, head });
    // BatchNorm statistics away from their initial values, so folding them matters.
    for (const layer of model.layers) {
      if (layer.getClassName() !== 'BatchNormalization') continue;
      const shifted = tf.tidy(() => layer.getWeights().map((w) => tf.add(w, tf.randomUniform(w.shape, 0.1, 0.5, 'float32', 7))));
      layer.setWeights(shifted);
      tf.dispose(shifted);
    }
    let fused = 0;
    const optimized = optimizeForInference(model, { onReport: (r) => (fused = r.fused.length) });
    expect(fused).toBeGreaterThan(50);
    expect(optimized.layers.length).toBeLessThan(model.layers.length / 2);
    const x = tf.randomUniform([2, 64, 96, 3], 0, 255, 'float32', 3);
    const a = model.predict(x) as tf.Tensor[];
    const b = optimized.predict(x) as tf.Tensor[];
    for (let i = 0; i < a.length; i++) expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a[i]!, b[i]!))).dataSync()[0])).toBeLessThan(1e-4);
    tf.dispose([x, ...a, ...b]);
    model.dispose();
    optimized.dispose();
  });
});

describe('saveDetector / loadDetectorModel', () => {
  test('round trip: same outputs, config from model.json; float16 halves the file', async () => {
    const built = buildDetector({ classes: 2, names: ['cat', 'dog'], categoryIds: [17, 18], widthMultiple: 0.0625, regMax: 4 });
    const path = join(dir, 'det', 'model.json');
    await saveDetector(built, path);
    const loaded = await loadDetectorModel(path);
    expect(loaded.config).toEqual(built.config);
    const x = tf.randomUniform([1, 64, 64, 3], 0, 255);
    const a = built.model.predict(x) as tf.Tensor[];
    const b = loaded.model.predict(x) as tf.Tensor[];
    for (let i = 0; i < a.length; i++) expect(tf.max(tf.abs(tf.sub(a[i]!, b[i]!))).dataSync()[0]).toBe(0);
    const half = join(dir, 'half', 'model.json');
    await saveDetector(built, half, { float16: true });
    const { stat } = await import('node:fs/promises');
    expect((await stat(join(dir, 'half', 'weights.bin'))).size * 2).toBe((await stat(join(dir, 'det', 'weights.bin'))).size);
    const halfLoaded = await loadDetectorModel(half);
    const c = halfLoaded.model.predict(x) as tf.Tensor[];
    expect(tf.max(tf.abs(tf.sub(a[1]!, c[1]!))).dataSync()[0]).toBeLessThan(0.05);
    tf.dispose([x, ...a, ...b, ...c]);
    for (const m of [built.model, loaded.model, halfLoaded.model]) m.dispose();
  });

  test('a config that does not describe the model is rejected', () => {
    expect(() => checkDetectorConfig(undefined, 'x.json')).toThrow(/x\.json: the detector config is missing/);
    expect(() => checkDetectorConfig({ head: 'anchor-free', classes: 2, names: ['a'] }, 'x.json')).toThrow(/names must list one string per class/);
    expect(() => checkDetectorConfig({ head: 'anchor-free', classes: 1, names: ['a'], strides: [8, 16, 32], regMax: 99, anchors: [] }, 'x.json')).toThrow(/regMax 99/);
  });
});

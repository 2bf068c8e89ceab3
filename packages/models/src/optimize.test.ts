// optimizeForInference: BN folded, bias + activation fused into tfjs fused kernels, outputs equal
// to the original's within 1e-4 relative, same inputs, saves and loads, no leaks. BatchNorm
// statistics are randomized first: with fresh ones (mean 0, variance 1) BN is nearly the identity
// and a wrong fold would go unnoticed.
import { residualUnit } from '@foveajs/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { EfficientNetB0 } from './efficientnet.js';
import { MobileNetV2 } from './mobilenet.js';
import { type OptimizeReport, optimizeForInference } from './optimize.js';
import { block1 } from './resnet.js';
import { predictOn, relativeError, savedArtifacts } from './test_support.js';

function randomizeBatchNorms(model: tfl.LayersModel): void {
  let seed = 1;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    // gamma, beta, moving mean, moving variance (> 0)
    const ranges: [number, number][] = [
      [0.5, 1.5],
      [-0.5, 0.5],
      [-0.5, 0.5],
      [0.5, 1.5],
    ];
    const values = layer.getWeights().map((w, i) => tf.randomUniform(w.shape, ...ranges[i]!, 'float32', seed++));
    layer.setWeights(values);
    tf.dispose(values);
  }
}

function classesOf(model: tfl.LayersModel): string[] {
  return model.layers.map((l) => l.getClassName());
}

async function expectEquivalent(original: tfl.LayersModel, optimized: tfl.LayersModel, x: tf.Tensor): Promise<void> {
  const expected = await predictOn('cpu', original, x);
  const actual = await predictOn('cpu', optimized, x);
  expect(relativeError(actual, expected)).toBeLessThanOrEqual(1e-4);
}

async function kernelsRun(model: tfl.LayersModel, x: tf.Tensor): Promise<Set<string>> {
  const info = await tf.profile(() => model.predict(x) as tf.Tensor);
  tf.dispose(info.result);
  return new Set(info.kernelNames);
}

describe('optimizeForInference', () => {
  it('MobileNetV2 (alpha 0.35, 64x64): folds every BN, fuses ReLU6, matches, saves and loads', async () => {
    await tf.setBackend('cpu');
    const start = tf.memory().numTensors;
    const original = MobileNetV2({ alpha: 0.35, inputShape: [64, 64, 3], classifierActivation: null });
    randomizeBatchNorms(original);
    let report: OptimizeReport | undefined;
    const optimized = optimizeForInference(original, { onReport: (r) => (report = r) });
    const x = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 3);

    expect(optimized.inputs[0]!.shape).toEqual(original.inputs[0]!.shape);
    expect(optimized.countParams()).toBeLessThan(original.countParams());
    expect(classesOf(optimized)).not.toContain('BatchNormalization');
    expect(classesOf(optimized)).not.toContain('ReLU');
    // 35 convs, 17 depthwise convs, the classifier.
    expect(classesOf(optimized).filter((c) => c === 'FusedConv2D')).toHaveLength(35);
    expect(classesOf(optimized).filter((c) => c === 'FusedDepthwiseConv2D')).toHaveLength(17);
    // Stride-2 blocks pad with a ZeroPadding2D before a 'valid' depthwise: folded into its padding.
    expect(classesOf(optimized)).not.toContain('ZeroPadding2D');
    expect(report!.fused.find((f) => f.layer === 'block_3_depthwise')).toEqual({
      layer: 'block_3_depthwise',
      zeroPadding: 'block_3_pad',
      batchNorm: 'block_3_depthwise_BN',
      activation: 'relu6',
      activationLayer: 'block_3_depthwise_relu',
    });
    await expectEquivalent(original, optimized, x);

    const kernels = await kernelsRun(optimized, x);
    for (const k of ['FusedConv2D', 'FusedDepthwiseConv2D', '_FusedMatMul']) expect(kernels).toContain(k);
    for (const k of ['FusedBatchNorm', 'Relu6', 'DepthwiseConv2dNative', 'Conv2D', 'PadV2']) expect(kernels).not.toContain(k);

    // Saves and loads (the fused layers are registered serializable classes).
    const artifacts = await savedArtifacts(optimized);
    const reloaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(relativeError(await predictOn('cpu', reloaded, x), await predictOn('cpu', optimized, x))).toBe(0);

    // Independent of the original: disposing it leaves the optimized model working.
    const before = await predictOn('cpu', optimized, x);
    original.dispose();
    expect(relativeError(await predictOn('cpu', optimized, x), before)).toBe(0);
    optimized.dispose();
    reloaded.dispose();
    x.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('the fused model runs on fovea-wasm and matches cpu', async () => {
    await tf.setBackend('cpu');
    const original = MobileNetV2({ alpha: 0.35, inputShape: [32, 32, 3], classifierActivation: null });
    randomizeBatchNorms(original);
    const optimized = optimizeForInference(original);
    const x = tf.randomUniform([1, 32, 32, 3], -1, 1, 'float32', 5);
    const wasm = await predictOn('fovea-wasm', optimized, x);
    const cpu = await predictOn('cpu', optimized, x);
    expect(relativeError(wasm, cpu)).toBeLessThanOrEqual(1e-3);
    tf.dispose(x);
    optimized.dispose();
    original.dispose();
  });

  it('ResNet blocks, Dense + BN, swish and LeakyReLU: folds what it can, keeps the rest', async () => {
    await tf.setBackend('cpu');
    const start = tf.memory().numTensors;
    const input = tfl.input({ shape: [16, 16, 32] });
    let x = block1(input, 16, 2, true, 'conv2_block1'); // Keras ResNet50's bottleneck with projection
    x = block1(x, 16, 1, false, 'conv2_block2');
    x = residualUnit(x, { filters: 48, strides: 1, name: 'unit' }); // the textbook's ResidualUnit, projecting 64 -> 48
    x = tfl.layers.conv2d({ filters: 24, kernelSize: 3, padding: 'same', name: 'swish_conv' }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.batchNormalization({ name: 'swish_bn' }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.activation({ activation: 'swish', name: 'swish_act' }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.dense({ units: 20, name: 'fc' }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.batchNormalization({ name: 'fc_bn' }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.leakyReLU({ alpha: 0.1, name: 'fc_act' }).apply(x) as tfl.SymbolicTensor;
    x = tfl.layers.dense({ units: 5, activation: 'softmax', name: 'out' }).apply(x) as tfl.SymbolicTensor;
    const original = tfl.model({ inputs: input, outputs: x });
    randomizeBatchNorms(original);
    let report: OptimizeReport | undefined;
    const optimized = optimizeForInference(original, { onReport: (r) => (report = r) });
    const fused = new Map(report!.fused.map((f) => [f.layer, f]));
    // Conv -> BN -> ReLU folds fully; the last conv of a residual branch folds its BN, and the
    // ReLU after the add stays (the add sits between).
    expect(fused.get('conv2_block1_1_conv')).toMatchObject({ batchNorm: 'conv2_block1_1_bn', activation: 'relu' });
    expect(fused.get('conv2_block1_0_conv')).toMatchObject({ batchNorm: 'conv2_block1_0_bn', activation: 'linear' });
    expect(fused.get('conv2_block2_3_conv')).toMatchObject({ batchNorm: 'conv2_block2_3_bn', activation: 'linear' });
    expect(fused.get('unit_1_conv')).toMatchObject({ batchNorm: 'unit_1_bn', activation: 'relu' });
    expect(fused.get('unit_0_conv')).toMatchObject({ batchNorm: 'unit_0_bn' });
    expect(fused.get('swish_conv')).toMatchObject({ batchNorm: 'swish_bn', activation: 'swish' });
    expect(fused.get('fc')).toMatchObject({ batchNorm: 'fc_bn', activation: 'leakyrelu' });
    expect(optimized.layers.map((l) => l.name)).toEqual(expect.arrayContaining(['conv2_block1_add', 'conv2_block1_out', 'unit_out', 'out']));
    expect(classesOf(optimized)).not.toContain('BatchNormalization');

    const xs = tf.randomUniform([2, 16, 16, 32], -1, 1, 'float32', 11);
    await expectEquivalent(original, optimized, xs);
    // Softmax is not a fused activation: the classifier stays a Dense layer.
    expect(optimized.getLayer('out').getClassName()).toBe('Dense');
    tf.dispose(xs);
    optimized.dispose();
    original.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('EfficientNetB0 (32x32): swish and the SE convs\' own swish/sigmoid fuse; outputs match', async () => {
    await tf.setBackend('cpu');
    const original = EfficientNetB0({ inputShape: [32, 32, 3], classifierActivation: null });
    randomizeBatchNorms(original);
    const optimized = optimizeForInference(original);
    expect(classesOf(optimized)).not.toContain('BatchNormalization');
    expect((optimized.getLayer('block2a_se_reduce').getConfig() as { activation: string }).activation).toBe('swish');
    expect((optimized.getLayer('block2a_se_expand').getConfig() as { activation: string }).activation).toBe('sigmoid');
    expect((optimized.getLayer('stem_conv').getConfig() as { activation: string }).activation).toBe('swish');
    const x = tf.randomUniform([1, 32, 32, 3], 0, 255, 'float32', 13);
    await expectEquivalent(original, optimized, x);
    tf.dispose(x);
    optimized.dispose();
    original.dispose();
  });

  it('on fovea-wasm, swish runs in the fused kernels themselves (EfficientNetB0 32x32): fewer kernels, same outputs', async () => {
    await tf.setBackend('cpu');
    const original = EfficientNetB0({ inputShape: [32, 32, 3], classifierActivation: null });
    randomizeBatchNorms(original);
    const optimized = optimizeForInference(original);
    const x = tf.randomUniform([1, 32, 32, 3], 0, 255, 'float32', 19);
    const reference = await predictOn('cpu', original, x);
    await tf.setBackend('fovea-wasm');
    const profile = await tf.profile(() => optimized.predict(x) as tf.Tensor);
    const sigmoids = profile.kernels.filter((k) => k.name === 'Sigmoid').length;
    // On the cpu every swish is a Sigmoid kernel; on fovea-wasm none is (the SE gates' sigmoid is fused too).
    expect(sigmoids).toBe(0);
    expect(relativeError(await predictOn('fovea-wasm', optimized, x), reference)).toBeLessThanOrEqual(1e-3);
    await tf.setBackend('cpu');
    const cpuProfile = await tf.profile(() => optimized.predict(x) as tf.Tensor);
    expect(cpuProfile.kernels.filter((k) => k.name === 'Sigmoid').length).toBeGreaterThan(10);
    tf.dispose(x);
    optimized.dispose();
    original.dispose();
  });

  it('folds an asymmetric ZeroPadding2D into the next valid conv; keeps one with two consumers; saves and loads', async () => {
    await tf.setBackend('cpu');
    const input = tfl.input({ shape: [9, 11, 8] });
    let y = tfl.layers.zeroPadding2d({ padding: [[1, 2], [0, 3]], name: 'pad_a' }).apply(input) as tfl.SymbolicTensor;
    y = tfl.layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'valid', name: 'conv_a' }).apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.zeroPadding2d({ padding: [[2, 0], [1, 1]], name: 'pad_b' }).apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.depthwiseConv2d({ kernelSize: [3, 2], strides: [1, 2], padding: 'valid', name: 'depthwise_b' }).apply(y) as tfl.SymbolicTensor;
    const shared = tfl.layers.zeroPadding2d({ padding: 1, name: 'pad_shared' }).apply(y) as tfl.SymbolicTensor;
    const left = tfl.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv_left' }).apply(shared) as tfl.SymbolicTensor;
    const right = tfl.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv_right' }).apply(shared) as tfl.SymbolicTensor;
    const original = tfl.model({ inputs: input, outputs: tfl.layers.concatenate().apply([left, right]) as tfl.SymbolicTensor });
    let report: OptimizeReport | undefined;
    const optimized = optimizeForInference(original, { onReport: (r) => (report = r) });
    expect(report!.fused.filter((f) => f.zeroPadding !== undefined).map((f) => [f.layer, f.zeroPadding])).toEqual([
      ['conv_a', 'pad_a'],
      ['depthwise_b', 'pad_b'],
    ]);
    expect(optimized.layers.map((l) => l.name)).toContain('pad_shared');
    expect(optimized.outputs[0]!.shape).toEqual(original.outputs[0]!.shape);
    const x = tf.randomUniform([2, 9, 11, 8], -1, 1, 'float32', 23);
    await expectEquivalent(original, optimized, x);
    const reference = await predictOn('cpu', original, x);
    expect(relativeError(await predictOn('fovea-wasm', optimized, x), reference)).toBeLessThanOrEqual(1e-4);
    const artifacts = await savedArtifacts(optimized);
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    expect(relativeError(await predictOn('cpu', loaded, x), reference)).toBeLessThanOrEqual(1e-4);
    tf.dispose(x);
    for (const m of [loaded, optimized, original]) m.dispose();
  });

  it('optimizes a model nested as a layer (a frozen base under a new head)', async () => {
    await tf.setBackend('cpu');
    const start = tf.memory().numTensors;
    const baseInput = tfl.input({ shape: [8, 8, 3] });
    let y = tfl.layers.conv2d({ filters: 6, kernelSize: 3, name: 'base_conv' }).apply(baseInput) as tfl.SymbolicTensor;
    y = tfl.layers.batchNormalization({ name: 'base_bn' }).apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.reLU({ name: 'base_relu' }).apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.globalAveragePooling2d({ name: 'base_pool' }).apply(y) as tfl.SymbolicTensor;
    const base = tfl.model({ inputs: baseInput, outputs: y, name: 'base' });
    const original = tfl.sequential({ layers: [base, tfl.layers.dense({ units: 3, activation: 'relu', name: 'head' })] });
    randomizeBatchNorms(base);
    const optimized = optimizeForInference(original);
    const nested = optimized.getLayer('base_optimized') as tfl.LayersModel;
    expect(classesOf(nested)).toEqual(['InputLayer', 'FusedConv2D', 'GlobalAveragePooling2D']);
    expect(optimized.getLayer('head').getClassName()).toBe('FusedDense');
    const x = tf.randomUniform([2, 8, 8, 3], -1, 1, 'float32', 17);
    await expectEquivalent(original, optimized, x);
    tf.dispose(x);
    optimized.dispose();
    original.dispose();
    expect(tf.memory().numTensors).toBe(start);
  });

  it('refuses shared layers, naming the layer', async () => {
    await tf.setBackend('cpu');
    const a = tfl.input({ shape: [4] });
    const b = tfl.input({ shape: [4] });
    const shared = tfl.layers.dense({ units: 2, name: 'shared_fc' });
    const y = tfl.layers.add().apply([shared.apply(a) as tfl.SymbolicTensor, shared.apply(b) as tfl.SymbolicTensor]) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: [a, b], outputs: y });
    expect(() => optimizeForInference(model)).toThrow(/layer 'shared_fc' is applied 2 times/);
    model.dispose();
  });
});

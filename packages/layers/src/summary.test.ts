import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import { Conv2D, formatSummary, ResidualUnit, SqueezeExcite, summary } from './index.js';
import { bottleneckUnit, residualUnit } from './blocks.js';
import { useFoveaBackend } from '../test/setup.js';

beforeAll(useFoveaBackend);

describe('summary reproduces the textbook worked example', () => {
  // A Conv2D of 200 5x5 filters, stride 1, 'same', on a 150x100 RGB image.
  const model = () =>
    tfl.sequential({ layers: [tfl.layers.conv2d({ inputShape: [150, 100, 3], filters: 200, kernelSize: 5, strides: 1, padding: 'same', name: 'conv' })] });

  test('15,200 parameters, 225 million multiplications, 12 MB per instance, 1.2 GB per batch of 100', () => {
    const s = summary(model(), { batchSize: 100, dtype: 'float32' });
    const [conv] = s.layers;
    expect(conv!.name).toBe('conv');
    expect(conv!.outputShape).toEqual([null, 150, 100, 200]);
    expect(conv!.params).toBe(15_200);
    expect(conv!.macs).toBe(225_000_000);
    expect(conv!.activationBytesPerInstance).toBe(12_000_000);
    expect(conv!.activationBytes).toBe(1_200_000_000);
    expect(s.totals.params).toBe(15_200);
    expect(s.totals.macs).toBe(225_000_000);
    expect(s.totals.activationBytesPerInstance).toBe(12_000_000);
  });

  test('memory totals: inference keeps input + output, training adds gradients and Adam state', () => {
    const s = summary(model(), { batchSize: 100 });
    const weights = 15_200 * 4;
    const input = 150 * 100 * 3 * 4;
    expect(s.totals.inferenceBytes).toBe(weights + (input + 12_000_000) * 100);
    expect(s.totals.trainingBytes).toBe(weights * 4 + (input + 12_000_000) * 100);
    const sgd = summary(model(), { batchSize: 100, training: { optimizer: 'sgd' } });
    expect(sgd.totals.trainingBytes).toBe(weights * 2 + (input + 12_000_000) * 100);
    const half = summary(model(), { batchSize: 100, dtype: 'float16' });
    expect(half.layers[0]!.activationBytes).toBe(600_000_000);
  });

  test('formatSummary renders the numbers', () => {
    const text = formatSummary(model(), { batchSize: 100 });
    expect(text).toContain('conv (Conv2D)');
    expect(text).toContain('15,200');
    expect(text).toContain('225M');
    expect(text).toContain('1.2 GB');
    expect(text).toContain('[null,150,100,200]');
  });
});

describe('receptive fields', () => {
  test('two 3x3 convs see 5x5; a 2x2/2 pool and another 3x3 conv see 10x10', () => {
    const m = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [32, 32, 1], filters: 2, kernelSize: 3, padding: 'same' }),
        tfl.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }),
        tfl.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
        tfl.layers.conv2d({ filters: 2, kernelSize: 3, padding: 'same' }),
      ],
    });
    const rf = summary(m).layers.map((l) => l.receptiveField!);
    expect(rf.map((r) => r.size)).toEqual([[3, 3], [5, 5], [6, 6], [10, 10]]);
    expect(rf.map((r) => r.jump)).toEqual([[1, 1], [1, 1], [2, 2], [2, 2]]);
    // 'same' padding centres the first field on the first pixel (centre 0.5); the pool moves it to 1.
    expect(rf.map((r) => r.start)).toEqual([[0.5, 0.5], [0.5, 0.5], [1, 1], [1, 1]]);
  });

  test('valid padding, strides and dilation', () => {
    const m = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ inputShape: [17, 17, 1], filters: 1, kernelSize: 7, strides: 2 }),
        tfl.layers.conv2d({ filters: 1, kernelSize: 3, dilationRate: 2 }),
        tfl.layers.globalAveragePooling2d({}),
      ],
    });
    const rf = summary(m).layers.map((l) => l.receptiveField!);
    // 7x7/2 valid: size 7, jump 2, centre of first window at 3.5.
    expect(rf[0]).toEqual({ size: [7, 7], jump: [2, 2], start: [3.5, 3.5] });
    // dilated 3x3 = 5x5 window over jump 2: 7 + 4*2 = 15.
    expect(rf[1]).toEqual({ size: [15, 15], jump: [2, 2], start: [7.5, 7.5] });
    // Global pooling over the 2x2 map (outputs 2 apart, each seeing 15): 15 + 2 = 17, the whole input.
    expect(rf[2]!.size).toEqual([17, 17]);
  });
});

describe('MACs of grouped, depthwise, separable and dense layers', () => {
  test('each layer type', () => {
    const input = tfl.input({ shape: [8, 8, 16] });
    const grouped = new Conv2D({ filters: 32, kernelSize: 3, padding: 'same', groups: 4, name: 'grouped' }).apply(input) as tfl.SymbolicTensor;
    const depthwise = tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'dw' }).apply(grouped) as tfl.SymbolicTensor;
    const separable = tfl.layers.separableConv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same', name: 'sep' }).apply(depthwise) as tfl.SymbolicTensor;
    const flat = tfl.layers.flatten({ name: 'flat' }).apply(separable) as tfl.SymbolicTensor;
    const dense = tfl.layers.dense({ units: 10, name: 'fc' }).apply(flat) as tfl.SymbolicTensor;
    const s = summary(tfl.model({ inputs: input, outputs: dense }));
    const macs = Object.fromEntries(s.layers.map((l) => [l.name, l.macs]));
    expect(macs['grouped']).toBe(8 * 8 * 32 * 3 * 3 * (16 / 4));
    expect(macs['dw']).toBe(8 * 8 * 64 * 3 * 3);
    expect(macs['sep']).toBe(4 * 4 * 64 * 3 * 3 + 4 * 4 * 64 * 8);
    expect(macs['flat']).toBe(0);
    expect(macs['fc']).toBe(4 * 4 * 8 * 10);
    const params = Object.fromEntries(s.layers.map((l) => [l.name, l.params]));
    expect(params['grouped']).toBe(3 * 3 * 4 * 32 + 32);
    expect(s.totals.macs).toBe(Object.values(macs).reduce((a, b) => a + b, 0));
  });
});

describe('nested blocks', () => {
  test('composite layers and block graphs add up to the same totals', () => {
    const composite = tfl.sequential({ layers: [new ResidualUnit({ filters: 8, strides: 2, inputShape: [8, 8, 4], name: 'unit' })] });
    const s = summary(composite);
    const unit = s.layers[0]!;
    expect(unit.children!.map((c) => c.className)).toContain('BatchNormalization');
    expect(unit.params).toBe(unit.children!.reduce((a, c) => a + c.params, 0));
    // conv1 3x3/2 4->8, conv2 3x3 8->8, projection 1x1/2 4->8, all on a 4x4 output.
    expect(unit.macs).toBe(16 * 8 * 9 * 4 + 16 * 8 * 9 * 8 + 16 * 8 * 4);
    // Two 3x3 convs, the first strided: 3 + 2*2 = 7 (the shortcut's 1x1 lies inside it).
    expect(unit.receptiveField!.size).toEqual([7, 7]);
    expect(s.totals.macs).toBe(unit.macs);

    const input = tfl.input({ shape: [8, 8, 4] });
    const functional = summary(tfl.model({ inputs: input, outputs: residualUnit(input, { filters: 8, strides: 2 }) }));
    expect(functional.totals.macs).toBe(s.totals.macs);
    expect(functional.totals.params).toBe(s.totals.params);
    expect(functional.totals.activationBytesPerInstance).toBe(s.totals.activationBytesPerInstance);
  });

  test('nested models are expanded; a branch with SE sees the whole input', () => {
    const inner = tfl.input({ shape: [6, 6, 32] });
    const block = tfl.model({ inputs: inner, outputs: bottleneckUnit(inner, { filters: 8, seRatio: 4, name: 'b' }), name: 'block' });
    const outer = tfl.input({ shape: [6, 6, 32] });
    const s = summary(tfl.model({ inputs: outer, outputs: block.apply(outer) as tfl.SymbolicTensor }));
    expect(s.layers[0]!.name).toBe('block');
    expect(s.layers[0]!.children!.length).toBeGreaterThan(10);
    // SE's gate pools the whole 6x6 map of the 3x3 conv's outputs: 3 + 5 = 8 input pixels
    // (padding included), so every output of the block depends on the whole input.
    expect(s.layers[0]!.receptiveField!.size).toEqual([8, 8]);
    expect(s.totals.params).toBe(block.countParams());
    const se = tfl.sequential({ layers: [new SqueezeExcite({ ratio: 4, inputShape: [5, 5, 8] })] });
    const seSummary = summary(se);
    expect(seSummary.layers[0]!.macs).toBe(2 * 8 * 2);
    expect(seSummary.layers[0]!.receptiveField!.size).toEqual([5, 5]);
  });
});

describe('summary arguments are checked', () => {
  const m = () => tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 2 })] });
  test.each([
    [{ batchSize: 0 }, /summary: batchSize must be a positive integer, got 0/],
    [{ dtype: 'float64' as never }, /summary: dtype must be one of .* got 'float64'/],
    [{ training: { optimizer: 'lion' as never } }, /summary: training.optimizer must be one of .* got 'lion'/],
  ])('%o', (options, message) => {
    expect(() => summary(m(), options)).toThrow(message);
  });
});

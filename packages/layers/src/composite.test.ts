import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '@foveajs/core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  BottleneckUnit,
  bottleneckUnit,
  DenseBlock,
  denseBlock,
  InceptionModule,
  inceptionModule,
  InvertedResidual,
  invertedResidual,
  MBConv,
  mbConv,
  ResidualUnit,
  residualUnit,
  SqueezeExcite,
  Transition,
  transitionBlock,
  XceptionBlock,
  xceptionBlock,
} from './index.js';
import { leakedTensors, maxAbsDiff, roundTrip, trainBriefly, useFoveaBackend, withSeededRandom } from '../test/setup.js';

beforeAll(useFoveaBackend);

type Case = [string, number[], () => tfl.layers.Layer, (x: tfl.SymbolicTensor) => tfl.SymbolicTensor];

// Each composite against its block function with the inner names the composite uses ('block...').
const cases: Case[] = [
  ['ResidualUnit', [6, 6, 4], () => new ResidualUnit({ filters: 8, strides: 2 }), (x) => residualUnit(x, { filters: 8, strides: 2, name: 'block' })],
  [
    'BottleneckUnit',
    [4, 4, 16],
    () => new BottleneckUnit({ filters: 4, groups: 2, width: 8, seRatio: 4, strideOn: '3x3', strides: 2 }),
    (x) => bottleneckUnit(x, { filters: 4, groups: 2, width: 8, seRatio: 4, strideOn: '3x3', strides: 2, name: 'block' }),
  ],
  [
    'InceptionModule',
    [4, 4, 6],
    () => new InceptionModule({ filters1x1: 2, filters3x3Reduce: 2, filters3x3: 3, filters5x5Reduce: 1, filters5x5: 2, filtersPoolProj: 2 }),
    (x) => inceptionModule(x, { filters1x1: 2, filters3x3Reduce: 2, filters3x3: 3, filters5x5Reduce: 1, filters5x5: 2, filtersPoolProj: 2, name: 'block' }),
  ],
  ['DenseBlock', [4, 4, 4], () => new DenseBlock({ blocks: 2, growthRate: 3 }), (x) => denseBlock(x, { blocks: 2, growthRate: 3, name: 'block' })],
  ['Transition', [4, 4, 6], () => new Transition({ reduction: 0.5 }), (x) => transitionBlock(x, { reduction: 0.5, name: 'block' })],
  ['InvertedResidual', [5, 5, 8], () => new InvertedResidual({ filters: 8, expansion: 3 }), (x) => invertedResidual(x, { filters: 8, expansion: 3, name: 'block_' })],
  [
    'MBConv',
    [5, 5, 4],
    () => new MBConv({ filtersOut: 4, expandRatio: 2, seRatio: 0.5, dropRate: 0.5 }),
    (x) => mbConv(x, { filtersOut: 4, expandRatio: 2, seRatio: 0.5, dropRate: 0.5, name: 'block_' }),
  ],
  ['XceptionBlock', [4, 4, 4], () => new XceptionBlock({ filters: [6, 8], strides: 2 }), (x) => xceptionBlock(x, { filters: [6, 8], strides: 2, name: 'block', shortcutConvName: 'block_shortcut_conv', shortcutBnName: 'block_shortcut_bn', addName: 'block_add' })],
];

describe.each(cases)('%s', (name, shape, make, block) => {
  function composite(): tfl.LayersModel {
    const input = tfl.input({ shape });
    return tfl.model({ inputs: input, outputs: make().apply(input) as tfl.SymbolicTensor });
  }

  test('equals its block function run by tfjs (same weights), and leaks nothing', async () => {
    const model = composite();
    const layer = model.layers[1] as tfl.layers.Layer & { layers: tfl.layers.Layer[] };
    const input = tfl.input({ shape });
    const reference = tfl.model({ inputs: input, outputs: block(input) });
    expect(model.outputs[0]!.shape).toEqual(reference.outputs[0]!.shape);
    for (const inner of layer.layers) reference.getLayer(inner.name).setWeights(inner.getWeights());
    // Non-trivial BN statistics, so that inference mode is really checked.
    for (const inner of layer.layers) {
      if (inner.getClassName() === 'BatchNormalization') {
        const w = inner.getWeights().map((t, i) => tf.add(t, tf.randomUniform(t.shape, 0.1, 0.5, 'float32', i)));
        inner.setWeights(w);
        reference.getLayer(inner.name).setWeights(w);
      }
    }
    const x = tf.randomUniform([2, ...shape], -1, 1, 'float32', 21);
    const got = model.predict(x) as tf.Tensor;
    const expected = reference.predict(x) as tf.Tensor;
    expect(got.shape).toEqual(expected.shape);
    expect(await maxAbsDiff(got, expected)).toBeLessThan(1e-5);
    expect(layer.countParams()).toBe(reference.countParams());
    expect(leakedTensors(() => tf.dispose(model.predict(x)))).toBe(0);
    expect(leakedTensors(() => tf.dispose(layer.apply(x, { training: true }) as tf.Tensor))).toBe(0);
    tf.dispose([x, got, expected]);
  });

  test('saves and loads with identical outputs', async () => {
    const model = composite();
    const loaded = await roundTrip(model);
    expect(loaded.layers[1]!.getClassName()).toBe(name);
    const x = tf.randomUniform([2, ...shape], -1, 1, 'float32', 22);
    expect(await maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });

  test('trains: loss goes down', async () => {
    // Seeded initial weights and seeded training: MBConv's stochastic depth (dropRate 0.5) drops
    // whole samples of the batch of 8 at random, so with unseeded masks the loss over 5 epochs
    // need not fall.
    const model = withSeededRandom(7, () => {
      const input = tfl.input({ shape });
      const y = tfl.layers.globalAveragePooling2d({}).apply(make().apply(input)) as tfl.SymbolicTensor;
      return tfl.model({ inputs: input, outputs: y });
    });
    const losses = await withSeededRandom(8, () => trainBriefly(model, shape, 5));
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  });
});

describe('composites pass `training` to inner layers', () => {
  test('BatchNormalization uses batch statistics and updates its moving mean in training', async () => {
    const unit = new ResidualUnit({ filters: 4 });
    const x = tf.add(tf.randomUniform([4, 3, 3, 4], 0, 1, 'float32', 3), 5);
    const inference = unit.apply(x) as tf.Tensor;
    const bn = unit.layers.find((l) => l.getClassName() === 'BatchNormalization')!;
    const meanBefore = await bn.getWeights()[2]!.data();
    const training = unit.apply(x, { training: true }) as tf.Tensor;
    const meanAfter = await bn.getWeights()[2]!.data();
    expect(Array.from(meanAfter)).not.toEqual(Array.from(meanBefore));
    expect(await maxAbsDiff(training, inference)).toBeGreaterThan(1e-3);
    tf.dispose([x, inference, training]);
  });

  test("MBConv's stochastic depth drops whole residual branches per sample, only in training", async () => {
    const layer = new MBConv({ filtersOut: 2, dropRate: 0.5 });
    const x = tf.randomUniform([64, 2, 2, 2], -1, 1, 'float32', 4);
    const a = layer.apply(x) as tf.Tensor;
    const b = layer.apply(x) as tf.Tensor;
    expect(await maxAbsDiff(a, b)).toBe(0);
    const t = layer.apply(x, { training: true }) as tf.Tensor;
    // A dropped branch leaves exactly the input (the identity shortcut) for that sample.
    const identical = await tf.tidy(() => tf.all(tf.equal(t, x), [1, 2, 3])).data();
    const dropped = Array.from(identical).reduce((s, v) => s + v, 0);
    expect(dropped).toBeGreaterThan(16);
    expect(dropped).toBeLessThan(48);
    tf.dispose([x, a, b, t]);
  });
});

describe('SqueezeExcite layer', () => {
  test('equals GAP -> dense relu -> dense sigmoid -> scale, computed by hand', async () => {
    const layer = new SqueezeExcite({ ratio: 4 });
    const x = tf.randomUniform([3, 2, 5, 8], -1, 1, 'float32', 6);
    const y = layer.apply(x) as tf.Tensor;
    const [k1, b1, k2, b2] = layer.getWeights() as [tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
    expect(k1.shape).toEqual([8, 2]);
    const buffer = await x.buffer();
    const w1 = await k1.array();
    const w2 = await k2.array();
    const c1 = await b1.array();
    const c2 = await b2.array();
    const out = await y.buffer();
    for (let n = 0; n < 3; n++) {
      const squeezed = Array.from({ length: 8 }, (_, c) => {
        let s = 0;
        for (let i = 0; i < 2; i++) for (let j = 0; j < 5; j++) s += buffer.get(n, i, j, c);
        return s / 10;
      });
      const hidden = Array.from({ length: 2 }, (_, u) => Math.max(0, c1[u]! + squeezed.reduce((s, v, c) => s + v * w1[c]![u]!, 0)));
      const gate = Array.from({ length: 8 }, (_, c) => 1 / (1 + Math.exp(-(c2[c]! + hidden.reduce((s, v, u) => s + v * w2[u]![c]!, 0)))));
      for (let i = 0; i < 2; i++) for (let j = 0; j < 5; j++) for (let c = 0; c < 8; c++) expect(out.get(n, i, j, c)).toBeCloseTo(buffer.get(n, i, j, c) * gate[c]!, 5);
    }
    tf.dispose([x, y]);
  });

  test('saves, loads and trains', async () => {
    const input = tfl.input({ shape: [3, 3, 8] });
    const model = tfl.model({ inputs: input, outputs: new SqueezeExcite({ ratio: 2, activation: 'swish' }).apply(input) as tfl.SymbolicTensor });
    const loaded = await roundTrip(model);
    const x = tf.randomUniform([2, 3, 3, 8], -1, 1, 'float32', 7);
    expect(await maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
    const losses = await trainBriefly(model, [3, 3, 8]);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
  });

  test('bad arguments', () => {
    expect(() => new SqueezeExcite({ ratio: 0 })).toThrow(/SqueezeExcite: ratio must be a positive number, got 0/);
    expect(() => new SqueezeExcite({ activation: 'softplus' as never })).toThrow(/SqueezeExcite: activation must be one of .* got 'softplus'/);
  });
});

describe('composite arguments are checked at construction', () => {
  test.each([
    [() => new ResidualUnit({ filters: 0 }), /residualUnit: filters must be a positive integer, got 0/],
    [() => new BottleneckUnit({ filters: 4, groups: 3 }), /bottleneckUnit: groups must be a divisor of width \(4\), got 3/],
    [() => new MBConv({ filtersOut: 4, strides: 4 as never }), /mbConv: strides must be 1 or 2, got 4/],
    [() => new DenseBlock({ blocks: -1 }), /denseBlock: blocks must be a positive integer, got -1/],
    [() => new InceptionModule({ filters1x1: 1, filters3x3Reduce: 1, filters3x3: 1, filters5x5Reduce: 1, filters5x5: -5, filtersPoolProj: 1 }), /inceptionModule: filters5x5 must be a positive integer, got -5/],
    [() => new Transition({ reduction: 2 }), /transitionBlock: reduction must be a number in \(0, 1\], got 2/],
  ])('%#', (make, message) => {
    expect(make).toThrow(message);
  });

  test('construction (which checks options by wiring the block) leaks no variables', () => {
    expect(leakedTensors(() => new BottleneckUnit({ filters: 4, seRatio: 2 }))).toBe(0);
  });

  test('wrong input rank', () => {
    const input = tfl.input({ shape: [4, 4] });
    expect(() => new ResidualUnit({ filters: 2 }).apply(input)).toThrow(/ResidualUnit: input rank must be 4 .* got 3/);
  });
});

import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '@foveajs/core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  bottleneckStack,
  bottleneckUnit,
  correctPad,
  denseBlock,
  depthwiseConvBlock,
  inceptionModule,
  invertedResidual,
  makeDivisible,
  mbConv,
  residualUnit,
  squeezeExcite,
  transitionBlock,
  xceptionBlock,
} from './index.js';
import { leakedTensors, maxAbsDiff, roundTrip, trainBriefly, useFoveaBackend } from '../test/setup.js';

beforeAll(useFoveaBackend);

function names(model: tfl.LayersModel): string[] {
  return model.layers.map((l) => l.name);
}

function build(shape: number[], body: (x: tfl.SymbolicTensor) => tfl.SymbolicTensor): tfl.LayersModel {
  const input = tfl.input({ shape });
  return tfl.model({ inputs: input, outputs: body(input) });
}

function run(model: tfl.LayersModel, shape: number[]): number[] {
  return tf.tidy(() => (model.predict(tf.ones([1, ...shape])) as tf.Tensor).shape);
}

describe('block functions reproduce Keras Applications layer names and shapes', () => {
  test('bottleneckUnit = keras.applications.resnet.block1', () => {
    const m = build([8, 8, 16], (x) => bottleneckUnit(x, { filters: 4, strides: 2, name: 'conv3_block1' }));
    expect(new Set(names(m).slice(1))).toEqual(
      new Set([
        'conv3_block1_0_conv', 'conv3_block1_0_bn', 'conv3_block1_1_conv', 'conv3_block1_1_bn', 'conv3_block1_1_relu',
        'conv3_block1_2_conv', 'conv3_block1_2_bn', 'conv3_block1_2_relu', 'conv3_block1_3_conv', 'conv3_block1_3_bn',
        'conv3_block1_add', 'conv3_block1_out',
      ]),
    );
    expect(m.outputs[0]!.shape).toEqual([null, 4, 4, 16]);
    expect(run(m, [8, 8, 16])).toEqual([1, 4, 4, 16]);
    const kernel = m.getLayer('conv3_block1_2_conv').getWeights()[0]!;
    expect(kernel.shape).toEqual([3, 3, 4, 4]);
  });

  test('bottleneckUnit with ResNeXt groups and SE', () => {
    const m = build([4, 4, 32], (x) => bottleneckUnit(x, { filters: 8, width: 16, groups: 4, seRatio: 4, name: 'b' }));
    expect(m.getLayer('b_2_conv').getWeights()[0]!.shape).toEqual([3, 3, 4, 16]);
    expect(names(m)).toContain('b_se_excite');
    expect(names(m)).not.toContain('b_0_conv'); // 32 in, 32 out, stride 1: identity shortcut
    expect(run(m, [4, 4, 32])).toEqual([1, 4, 4, 32]);
  });

  test('bottleneckStack = keras.applications.resnet.stack1', () => {
    const m = build([8, 8, 16], (x) => bottleneckStack(x, { filters: 4, blocks: 3, strides: 1, name: 'conv2' }));
    expect(names(m)).toEqual(expect.arrayContaining(['conv2_block1_0_conv', 'conv2_block2_out', 'conv2_block3_3_bn']));
    // Keras projects in the first unit only, even when its shapes would allow an identity.
    expect(names(m)).not.toContain('conv2_block2_0_conv');
    expect(m.outputs[0]!.shape).toEqual([null, 8, 8, 16]);
  });

  test('residualUnit projects only when strides > 1 or channels change', () => {
    const same = build([6, 6, 8], (x) => residualUnit(x, { filters: 8, name: 'r' }));
    expect(names(same)).not.toContain('r_0_conv');
    const down = build([6, 6, 8], (x) => residualUnit(x, { filters: 16, strides: 2, name: 'r' }));
    expect(names(down)).toContain('r_0_conv');
    expect(down.outputs[0]!.shape).toEqual([null, 3, 3, 16]);
    expect(run(down, [6, 6, 8])).toEqual([1, 3, 3, 16]);
  });

  test('inceptionModule concatenates the four branches on depth', () => {
    const m = build([5, 5, 8], (x) =>
      inceptionModule(x, { filters1x1: 2, filters3x3Reduce: 3, filters3x3: 4, filters5x5Reduce: 1, filters5x5: 5, filtersPoolProj: 6, name: 'inception_3a' }),
    );
    expect(m.outputs[0]!.shape).toEqual([null, 5, 5, 2 + 4 + 5 + 6]);
    expect(names(m)).toEqual(expect.arrayContaining(['inception_3a_3x3_reduce', 'inception_3a_pool_proj', 'inception_3a_output']));
    expect(run(m, [5, 5, 8])).toEqual([1, 5, 5, 17]);
  });

  test('denseBlock/transitionBlock = keras.applications.densenet', () => {
    const m = build([4, 4, 8], (x) => transitionBlock(denseBlock(x, { blocks: 2, growthRate: 4, name: 'conv2' }), { name: 'pool2' }));
    expect(names(m)).toEqual(expect.arrayContaining(['conv2_block1_0_bn', 'conv2_block2_2_conv', 'conv2_block2_concat', 'pool2_conv', 'pool2_pool']));
    expect(m.getLayer('conv2_block2_concat').outputShape).toEqual([null, 4, 4, 16]);
    expect(m.outputs[0]!.shape).toEqual([null, 2, 2, 8]);
    expect(run(m, [4, 4, 8])).toEqual([1, 2, 2, 8]);
  });

  test('depthwiseConvBlock = keras.applications.mobilenet._depthwise_conv_block', () => {
    const m = build([8, 8, 8], (x) => {
      const a = depthwiseConvBlock(x, { filters: 32, alpha: 0.5, blockId: 1 });
      return depthwiseConvBlock(a, { filters: 64, alpha: 0.5, depthMultiplier: 2, strides: 2, blockId: 2 });
    });
    expect(names(m).slice(1)).toEqual([
      'conv_dw_1', 'conv_dw_1_bn', 'conv_dw_1_relu', 'conv_pw_1', 'conv_pw_1_bn', 'conv_pw_1_relu',
      'conv_pad_2', 'conv_dw_2', 'conv_dw_2_bn', 'conv_dw_2_relu', 'conv_pw_2', 'conv_pw_2_bn', 'conv_pw_2_relu',
    ]);
    // Keras's counts: depthwise 9C*m (no bias), BN 4 per channel, pointwise C*m x int(filters * alpha).
    expect(m.countParams()).toBe(9 * 8 + 4 * 8 + 8 * 16 + 4 * 16 + (9 * 32 + 4 * 32 + 32 * 32 + 4 * 32));
    expect(m.outputs[0]!.shape).toEqual([null, 4, 4, 32]);
    expect(run(m, [8, 8, 8])).toEqual([1, 4, 4, 32]);
  });

  test('invertedResidual = keras.applications.mobilenet_v2._inverted_res_block', () => {
    const m = build([7, 7, 16], (x) => {
      const a = invertedResidual(x, { filters: 16, expansion: 1, name: 'expanded_conv_' });
      const b = invertedResidual(a, { filters: 24, strides: 2, name: 'block_1_' });
      return invertedResidual(b, { filters: 24, name: 'block_2_' });
    });
    expect(names(m)).toEqual(expect.arrayContaining(['expanded_conv_depthwise', 'expanded_conv_add', 'block_1_expand', 'block_1_expand_BN', 'block_1_pad', 'block_1_depthwise_relu', 'block_1_project_BN', 'block_2_add']));
    expect(names(m)).not.toContain('expanded_conv_expand');
    expect(names(m)).not.toContain('block_1_add');
    expect(m.outputs[0]!.shape).toEqual([null, 4, 4, 24]);
    expect(run(m, [7, 7, 16])).toEqual([1, 4, 4, 24]);
    expect(makeDivisible(32 * 0.35, 8)).toBe(16);
    expect(makeDivisible(24, 8)).toBe(24);
  });

  test('dilationRate: the stride replaced by dilation keeps the resolution and the weights (DeepLab)', () => {
    const ir = build([8, 8, 16], (x) => invertedResidual(x, { filters: 24, dilationRate: 2, name: 'block_1_' }));
    expect(ir.getLayer('block_1_depthwise').getConfig()['dilationRate']).toEqual([2, 2]);
    expect(names(ir)).not.toContain('block_1_pad');
    expect(run(ir, [8, 8, 16])).toEqual([1, 8, 8, 24]);
    const plain = build([8, 8, 16], (x) => invertedResidual(x, { filters: 24, strides: 2, name: 'block_1_' }));
    expect(ir.countParams()).toBe(plain.countParams());

    const stack = build([8, 8, 16], (x) => bottleneckStack(x, { filters: 4, blocks: 3, strides: 1, firstDilationRate: 2, dilationRate: 4, name: 'conv5' }));
    expect(stack.getLayer('conv5_block1_2_conv').getConfig()['dilationRate']).toEqual([2, 2]);
    expect(stack.getLayer('conv5_block2_2_conv').getConfig()['dilationRate']).toEqual([4, 4]);
    expect(stack.getLayer('conv5_block3_2_conv').getConfig()['dilationRate']).toEqual([4, 4]);
    expect(run(stack, [8, 8, 16])).toEqual([1, 8, 8, 16]);
    expect(() => build([8, 8, 16], (x) => invertedResidual(x, { filters: 24, strides: 2, dilationRate: 2 }))).toThrow(
      /invertedResidual: strides must be 1 when dilationRate > 1/,
    );
    expect(() => build([8, 8, 16], (x) => bottleneckUnit(x, { filters: 4, strides: 2, dilationRate: 2 }))).toThrow(/bottleneckUnit: strides must be all 1 when dilationRate > 1/);
  });

  test('mbConv = keras.applications.efficientnet.block', () => {
    const m = build([8, 8, 8], (x) => {
      const a = mbConv(x, { filtersOut: 8, expandRatio: 1, seRatio: 0.25, dropRate: 0.2, name: 'block1a_' });
      return mbConv(a, { filtersOut: 12, expandRatio: 6, kernelSize: 5, strides: 2, seRatio: 0.25, name: 'block2a_' });
    });
    expect(names(m)).toEqual(
      expect.arrayContaining(['block1a_dwconv', 'block1a_se_squeeze', 'block1a_se_reshape', 'block1a_se_reduce', 'block1a_se_expand', 'block1a_se_excite', 'block1a_project_conv', 'block1a_drop', 'block1a_add', 'block2a_expand_conv', 'block2a_dwconv_pad']),
    );
    // SE bottleneck is sized from the block's input channels: max(1, int(8 * 0.25)) = 2.
    expect(m.getLayer('block2a_se_reduce').getWeights()[0]!.shape).toEqual([1, 1, 48, 2]);
    expect(m.outputs[0]!.shape).toEqual([null, 4, 4, 12]);
    expect(run(m, [8, 8, 8])).toEqual([1, 4, 4, 12]);
  });

  test('xceptionBlock: entry-flow (strided) and middle-flow (identity) blocks', () => {
    const m = build([8, 8, 8], (x) => {
      const a = xceptionBlock(x, { filters: [16, 16], strides: 2, reluFirst: false, name: 'block2', shortcutConvName: 'conv2d_2' });
      return xceptionBlock(a, { filters: 16, name: 'block5' });
    });
    expect(names(m)).toEqual(expect.arrayContaining(['block2_sepconv1', 'block2_sepconv2_act', 'block2_pool', 'conv2d_2', 'block5_sepconv1_act', 'block5_sepconv3_bn']));
    expect(names(m)).not.toContain('block2_sepconv1_act');
    expect(m.outputs[0]!.shape).toEqual([null, 4, 4, 16]);
    expect(run(m, [8, 8, 8])).toEqual([1, 4, 4, 16]);
  });

  test('correctPad matches Keras for odd and even sizes', () => {
    expect(correctPad(tfl.input({ shape: [7, 8, 3] }), 3)).toEqual([[1, 1], [0, 1]]);
    expect(correctPad(tfl.input({ shape: [null, null, 3] } as never), 5)).toEqual([[1, 2], [1, 2]]);
  });
});

describe('squeezeExcite block', () => {
  test('equals the manual computation', async () => {
    const m = build([3, 3, 8], (x) => squeezeExcite(x, { ratio: 4, name: 'se' }));
    const x = tf.randomUniform([2, 3, 3, 8], -1, 1, 'float32', 3);
    const [k1, b1] = m.getLayer('se_reduce').getWeights() as [tf.Tensor2D, tf.Tensor1D];
    const [k2, b2] = m.getLayer('se_expand').getWeights() as [tf.Tensor2D, tf.Tensor1D];
    const expected = tf.tidy(() => {
      const s = tf.mean(x, [1, 2]) as tf.Tensor2D;
      const h = tf.relu(tf.add(tf.matMul(s, k1), b1)) as tf.Tensor2D;
      const g = tf.sigmoid(tf.add(tf.matMul(h, k2), b2));
      return tf.mul(x, tf.reshape(g, [2, 1, 1, 8]));
    });
    const got = m.predict(x) as tf.Tensor;
    expect(Array.from(await got.data())).toEqual(Array.from(await expected.data()).map((v) => expect.closeTo(v, 5)));
    tf.dispose([x, expected, got]);
  });
});

describe('block arguments are checked', () => {
  const x = () => tfl.input({ shape: [4, 4, 8] });
  test.each([
    ['residualUnit filters', () => residualUnit(x(), { filters: -1 }), /residualUnit: filters must be a positive integer, got -1/],
    ['bottleneckUnit groups', () => bottleneckUnit(x(), { filters: 6, groups: 4 }), /bottleneckUnit: groups must be a divisor of width \(6\), got 4/],
    ['mbConv dropRate', () => mbConv(x(), { filtersOut: 8, dropRate: 1.5 }), /mbConv: dropRate must be a number in \[0, 1\), got 1.5/],
    ['invertedResidual strides', () => invertedResidual(x(), { filters: 8, strides: 3 as never }), /strides must be 1 or 2, got 3/],
    ['denseBlock blocks', () => denseBlock(x(), { blocks: 0 }), /denseBlock: blocks must be a positive integer, got 0/],
    ['depthwiseConvBlock alpha', () => depthwiseConvBlock(x(), { filters: 8, alpha: 0.1 }), /depthwiseConvBlock: alpha must be at least 1\/8/],
    ['rank', () => residualUnit(tfl.input({ shape: [4, 8] }), { filters: 8 }), /residualUnit: input rank must be 4 .* got 3/],
  ])('%s', (_label, fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe('a model wired from every block function', () => {
  function zooLike(): tfl.LayersModel {
    return build([8, 8, 8], (x) => {
      let y = residualUnit(x, { filters: 8, name: 'res' });
      y = bottleneckUnit(y, { filters: 4, groups: 2, width: 8, seRatio: 4, name: 'bott' });
      y = inceptionModule(y, { filters1x1: 2, filters3x3Reduce: 2, filters3x3: 2, filters5x5Reduce: 1, filters5x5: 2, filtersPoolProj: 2, name: 'inc' });
      y = transitionBlock(denseBlock(y, { blocks: 1, growthRate: 4, name: 'dense' }), { name: 'trans' });
      y = invertedResidual(y, { filters: 8, expansion: 2, strides: 2, name: 'inv_' });
      y = mbConv(y, { filtersOut: 8, expandRatio: 2, seRatio: 0.25, dropRate: 0.2, name: 'mb_' });
      y = xceptionBlock(y, { filters: 8, repeats: 2, name: 'xc' });
      return apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), y);
    });
  }

  test('saves and loads with identical outputs (grouped conv, SE, drop path, depthwise survive)', async () => {
    const model = zooLike();
    const loaded = await roundTrip(model);
    expect(names(loaded)).toEqual(names(model));
    const x = tf.randomUniform([2, 8, 8, 8], -1, 1, 'float32', 13);
    expect(await maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
    expect(leakedTensors(() => tf.dispose(model.predict(x)))).toBe(0);
    x.dispose();
  });

  test('trains: gradients reach every block, loss goes down', async () => {
    const model = zooLike();
    const before = model.trainableWeights.map((w) => w.read().clone());
    const losses = await trainBriefly(model, [8, 8, 8], 3);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
    const unchanged = model.trainableWeights.filter((w, i) => tf.tidy(() => tf.max(tf.abs(tf.sub(w.read(), before[i]!))).dataSync()[0]) === 0);
    expect(unchanged.map((w) => w.originalName)).toEqual([]);
    tf.dispose(before);
  }, 60_000);
});

function apply(layer: tfl.layers.Layer, x: tfl.SymbolicTensor): tfl.SymbolicTensor {
  return layer.apply(x) as tfl.SymbolicTensor;
}

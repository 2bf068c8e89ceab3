import * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '@foveajs/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { DepthAvgPooling2D, DepthMaxPooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D } from './index.js';
import { leakedTensors, maxAbsDiff, roundTrip, trainBriefly, useFoveaBackend } from '../test/setup.js';

beforeAll(useFoveaBackend);

function single(layer: tfl.layers.Layer, inputShape: number[]): tfl.LayersModel {
  const input = tfl.input({ shape: inputShape });
  return tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
}

/** Independent reference: loop over channel groups with slices. */
function depthPoolReference(x: tf.Tensor4D, pool: number, reduce: 'max' | 'mean'): tf.Tensor {
  return tf.tidy(() => {
    const groups = x.shape[3] / pool;
    const parts = Array.from({ length: groups }, (_, g) => {
      const slice = tf.slice(x, [0, 0, 0, g * pool], [-1, -1, -1, pool]);
      return reduce === 'max' ? tf.max(slice, 3, true) : tf.mean(slice, 3, true);
    });
    return tf.concat(parts, 3);
  });
}

describe.each([
  ['DepthMaxPooling2D', (p: number) => new DepthMaxPooling2D({ poolSize: p }), 'max'],
  ['DepthAvgPooling2D', (p: number) => new DepthAvgPooling2D({ poolSize: p }), 'mean'],
] as const)('%s', (name, make, reduce) => {
  test('pools consecutive channel groups (output shape and values)', async () => {
    const model = single(make(3), [4, 5, 6]);
    expect(model.outputs[0]!.shape).toEqual([null, 4, 5, 2]);
    const x = tf.randomUniform([2, 4, 5, 6], -1, 1, 'float32', 8) as tf.Tensor4D;
    expect(await maxAbsDiff(model.predict(x) as tf.Tensor, depthPoolReference(x, 3, reduce))).toBeLessThan(1e-6);
    expect(leakedTensors(() => tf.dispose(model.predict(x)))).toBe(0);
    const loaded = await roundTrip(model);
    expect(loaded.layers[1]!.getClassName()).toBe(name);
    expect(await maxAbsDiff(loaded.predict(x) as tf.Tensor, model.predict(x) as tf.Tensor)).toBe(0);
  });

  test('channels not divisible by poolSize: error names both', () => {
    expect(() => single(make(4), [3, 3, 6])).toThrow(new RegExp(`${name}: poolSize must be a divisor of the input channels \\(6 channels\\), got 4`));
  });

  test('bad poolSize and rank', () => {
    expect(() => make(-2)).toThrow(new RegExp(`${name}: poolSize must be a positive integer, got -2`));
    expect(() => single(make(2), [4, 4])).toThrow(new RegExp(`${name}: input rank must be 4`));
  });

  test('gradients flow through it: a conv before it trains', async () => {
    const input = tfl.input({ shape: [4, 4, 2] });
    let y = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tfl.SymbolicTensor;
    y = make(2).apply(y) as tfl.SymbolicTensor;
    y = tfl.layers.flatten().apply(y) as tfl.SymbolicTensor;
    const losses = await trainBriefly(tfl.model({ inputs: input, outputs: y }), [4, 4, 2]);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.9);
  });
});

describe('global pooling with keepdims', () => {
  test.each([
    ['average', (keepdims: boolean) => new GlobalAveragePooling2D({ keepdims }), (x: tf.Tensor) => tf.mean(x, [1, 2], true)],
    ['max', (keepdims: boolean) => new GlobalMaxPooling2D({ keepdims }), (x: tf.Tensor) => tf.max(x, [1, 2], true)],
  ] as const)('%s', async (_kind, make, reference) => {
    const x = tf.randomUniform([2, 3, 4, 5], -1, 1, 'float32', 9);
    const kept = single(make(true), [3, 4, 5]);
    expect(kept.outputs[0]!.shape).toEqual([null, 1, 1, 5]);
    expect(await maxAbsDiff(kept.predict(x) as tf.Tensor, reference(x))).toBeLessThan(1e-6);
    const flat = single(make(false), [3, 4, 5]);
    expect(flat.outputs[0]!.shape).toEqual([null, 5]);
    expect((flat.predict(x) as tf.Tensor).shape).toEqual([2, 5]);
    const loaded = await roundTrip(kept);
    expect(loaded.layers[1]!.getConfig()['keepdims']).toBe(true);
    expect(await maxAbsDiff(loaded.predict(x) as tf.Tensor, reference(x))).toBeLessThan(1e-6);
  });
});

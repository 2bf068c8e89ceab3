import * as tfl from '@tensorflow/tfjs-layers';
import { GROUPED_CONV2D, tf } from '@foveajs/core';
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { atrousConv2d } from './conv.js';
import { Conv2D, DepthwiseConv2D } from './index.js';
import { leakedTensors, maxAbsDiff, roundTrip, trainBriefly, useFoveaBackend } from '../test/setup.js';

beforeAll(useFoveaBackend);

function single(layer: tfl.layers.Layer, inputShape: number[]): tfl.LayersModel {
  const input = tfl.input({ shape: inputShape });
  return tfl.model({ inputs: input, outputs: layer.apply(input) as tfl.SymbolicTensor });
}

describe('Conv2D with groups', () => {
  test.each([
    ['valid', 1, 2],
    ['same', 2, 3],
    ['same', 1, 6],
  ] as const)('padding %s, strides %i, groups %i: equals split + conv2d + concat', async (padding, strides, groups) => {
    const layer = new Conv2D({ filters: 12, kernelSize: 3, strides, padding, groups, biasInitializer: 'randomNormal' });
    const model = single(layer, [7, 7, 6]);
    const x = tf.randomUniform([2, 7, 7, 6], -1, 1, 'float32', 5);
    const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D];
    // Keras's layout: [kh, kw, channels / groups, filters].
    expect(kernel.shape).toEqual([3, 3, 6 / groups, 12]);
    const expected = tf.tidy(() => {
      const xs = tf.split(x, groups, 3) as tf.Tensor4D[];
      const ks = tf.split(kernel, groups, 3) as tf.Tensor4D[];
      return tf.add(tf.concat(xs.map((xg, g) => tf.conv2d(xg, ks[g]!, strides, padding)), 3), bias);
    });
    const got = model.predict(x) as tf.Tensor;
    expect(got.shape).toEqual(expected.shape);
    expect(model.outputs[0]!.shape).toEqual([null, ...expected.shape.slice(1)]);
    expect(await maxAbsDiff(got, expected)).toBeLessThan(1e-5);
    expect(leakedTensors(() => tf.dispose(model.predict(x)))).toBe(0);
    tf.dispose([x, expected, got]);
  });

  test("runs fovea-wasm's grouped kernel (no split, no concat) where registered, the split path elsewhere", async () => {
    const model = single(new Conv2D({ filters: 8, kernelSize: 3, padding: 'same', groups: 2 }), [6, 6, 4]);
    const x = tf.randomUniform([1, 6, 6, 4], -1, 1, 'float32', 9);
    const kernelsOn = async (backend: string) => {
      await tf.setBackend(backend);
      const info = await tf.profile(() => model.predict(x) as tf.Tensor);
      tf.dispose(info.result);
      return info.kernelNames;
    };
    const onCpu = await kernelsOn('cpu');
    expect(onCpu).toContain('Concat');
    expect(onCpu).not.toContain(GROUPED_CONV2D);
    const onFovea = await kernelsOn('fovea-wasm');
    expect(onFovea).toContain(GROUPED_CONV2D);
    expect(onFovea).not.toContain('Concat');
    tf.dispose(x);
    model.dispose();
  });

  test('property: any valid groups/kernel/strides/padding/dilation equals the split reference', async () => {
    const config = fc.record({
      groups: fc.integer({ min: 1, max: 4 }),
      channelsPerGroup: fc.integer({ min: 1, max: 3 }),
      filtersPerGroup: fc.integer({ min: 1, max: 3 }),
      kernel: fc.integer({ min: 1, max: 3 }),
      strided: fc.boolean(),
      padding: fc.constantFrom('same' as const, 'valid' as const),
      size: fc.integer({ min: 3, max: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(config, async ({ groups, channelsPerGroup, filtersPerGroup, kernel, strided, padding, size }) => {
        const channels = groups * channelsPerGroup;
        // tfjs (like TF) refuses strides > 1 together with dilation > 1: exercise each separately.
        const strides = strided ? 2 : 1;
        const dilationRate = strided ? 1 : 2;
        if (padding === 'valid' && size < (kernel - 1) * dilationRate + 1) return;
        const layer = new Conv2D({ filters: groups * filtersPerGroup, kernelSize: kernel, strides, dilationRate, padding, groups, useBias: false });
        const x = tf.randomUniform([1, size, size, channels], -1, 1, 'float32', size);
        const got = layer.apply(x) as tf.Tensor;
        const kernelValue = layer.getWeights()[0] as tf.Tensor4D;
        const expected = tf.tidy(() => {
          const xs = tf.split(x, groups, 3) as tf.Tensor4D[];
          const ks = tf.split(kernelValue, groups, 3) as tf.Tensor4D[];
          return tf.concat(xs.map((xg, g) => tf.conv2d(xg, ks[g]!, strides, padding, 'NHWC', dilationRate)), 3);
        });
        expect(got.shape).toEqual(expected.shape);
        expect(layer.computeOutputShape([1, size, size, channels])).toEqual(expected.shape);
        expect(await maxAbsDiff(got, expected)).toBeLessThan(1e-4);
        tf.dispose([x, got, expected]);
        layer.dispose();
      }),
      { numRuns: 20, seed: 42 },
    );
  });

  test('groups = 1 is tfjs Conv2D unchanged', async () => {
    const ours = new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu' });
    const model = single(ours, [5, 5, 2]);
    const theirs = tfl.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'relu', weights: ours.getWeights() });
    const reference = single(theirs, [5, 5, 2]);
    const x = tf.randomUniform([1, 5, 5, 2], -1, 1, 'float32', 1);
    expect(await maxAbsDiff(model.predict(x) as tf.Tensor, reference.predict(x) as tf.Tensor)).toBe(0);
    expect(ours.getWeights()[0]!.shape).toEqual([3, 3, 2, 4]);
  });

  test('saves and loads (class name Conv2D, groups kept), giving identical outputs', async () => {
    const model = single(new Conv2D({ filters: 8, kernelSize: 3, groups: 4, padding: 'same', name: 'grouped' }), [4, 4, 8]);
    const loaded = await roundTrip(model);
    const layer = loaded.getLayer('grouped');
    expect(layer.getClassName()).toBe('Conv2D');
    expect(layer.getConfig()['groups']).toBe(4);
    const x = tf.randomUniform([2, 4, 4, 8], -1, 1, 'float32', 2);
    expect(await maxAbsDiff(model.predict(x) as tf.Tensor, loaded.predict(x) as tf.Tensor)).toBe(0);
  });

  // groups 4 = channels takes the depthwise path, groups 2 the split path.
  test.each([2, 4])('trains with groups %i: gradients reach the kernel and the loss goes down', async (groups) => {
    const input = tfl.input({ shape: [4, 4, 4] });
    const y = new Conv2D({ filters: 8, kernelSize: 3, padding: 'same', groups }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: tfl.layers.globalAveragePooling2d({}).apply(y) as tfl.SymbolicTensor });
    const losses = await trainBriefly(model, [4, 4, 4]);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.9);
  });

  test('bad arguments name the argument and the value', () => {
    expect(() => new Conv2D({ filters: 6, kernelSize: 3, groups: 4 })).toThrow(/Conv2D: groups must be a divisor of filters \(6\), got 4/);
    expect(() => new Conv2D({ filters: 6, kernelSize: 3, groups: 0 })).toThrow(/Conv2D: groups must be a positive integer, got 0/);
    expect(() => single(new Conv2D({ filters: 6, kernelSize: 3, groups: 3 }), [5, 5, 4])).toThrow(/Conv2D: groups must be a divisor of the input channels \(4\), got 3/);
    expect(() => single(new Conv2D({ filters: 6, kernelSize: 3, groups: 3 }), [5, 6])).toThrow(/Conv2D: input rank must be 4/);
    expect(() => new Conv2D({ filters: -2, kernelSize: 3 })).toThrow(/filters/);
  });
});

describe('DepthwiseConv2D', () => {
  test('applies dilationRate (tfjs 4.22 ignores it), matching tf.depthwiseConv2d', async () => {
    const layer = new DepthwiseConv2D({ kernelSize: 3, dilationRate: 2, depthMultiplier: 2, padding: 'valid', useBias: false });
    const model = single(layer, [9, 9, 3]);
    // Dilation 2 makes the 3x3 kernel span 5x5: 9 - 5 + 1 = 5.
    expect(model.outputs[0]!.shape).toEqual([null, 5, 5, 6]);
    const x = tf.randomUniform([1, 9, 9, 3], -1, 1, 'float32', 4);
    const kernel = layer.getWeights()[0] as tf.Tensor4D;
    const expected = tf.depthwiseConv2d(x as tf.Tensor4D, kernel, 1, 'valid', 'NHWC', 2);
    expect(await maxAbsDiff(model.predict(x) as tf.Tensor, expected)).toBeLessThan(1e-5);
    const loaded = await roundTrip(model);
    expect(await maxAbsDiff(loaded.predict(x) as tf.Tensor, expected)).toBeLessThan(1e-5);
  });

  test('strides with dilation are refused, as in Keras', () => {
    expect(() => new DepthwiseConv2D({ kernelSize: 3, dilationRate: 2, strides: 2 })).toThrow(/DepthwiseConv2D: strides must be all 1 when dilationRate > 1/);
  });
});

/**
 * The kernel of a dilated conv as the equivalent undilated one: taps `rate` apart, zeros between.
 * Its conv has tfjs's own gradients: the reference for the atrous path's.
 */
function zeroInserted(kernel: tf.Tensor4D, [rh, rw]: [number, number]): tf.Tensor4D {
  const [kh, kw, cin, cout] = kernel.shape;
  const values = kernel.arraySync();
  const out = Array.from({ length: (kh - 1) * rh + 1 }, (_, i) =>
    Array.from({ length: (kw - 1) * rw + 1 }, (_, j) =>
      i % rh === 0 && j % rw === 0 ? values[i / rh]![j / rw]! : Array.from({ length: cin }, () => new Array<number>(cout).fill(0)),
    ),
  );
  return tf.tensor4d(out);
}

describe('dilated convolutions train (tfjs 4.22 rejects their gradients)', () => {
  const cases = fc.record({
    size: fc.tuple(fc.integer({ min: 5, max: 11 }), fc.integer({ min: 5, max: 11 })),
    kernel: fc.constantFrom(1, 2, 3),
    rates: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 4 })),
    padding: fc.constantFrom('same' as const, 'valid' as const),
    depthwise: fc.boolean(),
  });

  test('property: atrousConv2d equals the dilated conv, and its gradients those of the zero-inserted kernel', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ size: [h, w], kernel: k, rates, padding, depthwise }) => {
        if (padding === 'valid' && (h < (k - 1) * rates[0] + 1 || w < (k - 1) * rates[1] + 1)) return;
        const x = tf.randomUniform([2, h, w, 3], -1, 1, 'float32', h * w) as tf.Tensor4D;
        const kernel = tf.randomUniform([k, k, 3, depthwise ? 2 : 4], -1, 1, 'float32', k) as tf.Tensor4D;
        const dense = zeroInserted(kernel, rates);
        const reference = (input: tf.Tensor4D, filter: tf.Tensor4D) =>
          depthwise ? tf.depthwiseConv2d(input, filter, 1, padding) : tf.conv2d(input, filter, 1, padding);
        const native = depthwise ? tf.depthwiseConv2d(x, kernel, 1, padding, 'NHWC', rates) : tf.conv2d(x, kernel, 1, padding, 'NHWC', rates);
        const atrous = atrousConv2d(x, kernel, padding, rates, depthwise);
        expect(atrous.shape).toEqual(native.shape);
        expect(await maxAbsDiff(atrous, native)).toBeLessThan(1e-4);
        const dy = tf.randomUniform(native.shape, -1, 1, 'float32', 3);
        const [dx, dk] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(atrousConv2d(a as tf.Tensor4D, b as tf.Tensor4D, padding, rates, depthwise), dy)))([x, kernel]);
        const [dxRef, dDense] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(reference(a as tf.Tensor4D, b as tf.Tensor4D), dy)))([x, dense]);
        // The kernel's gradient is the dense one's at the taps.
        const dkRef = tf.stridedSlice(dDense!, [0, 0, 0, 0], dDense!.shape, [rates[0], rates[1], 1, 1]);
        expect(await maxAbsDiff(dx!, dxRef!)).toBeLessThan(1e-3);
        expect(await maxAbsDiff(dk!, dkRef)).toBeLessThan(1e-3);
        tf.dispose([x, kernel, dense, native, atrous, dy, dx!, dk!, dxRef!, dDense!, dkRef]);
      }),
      { numRuns: 25, seed: 7 },
    );
  });

  test.each([
    ['Conv2D', 1],
    ['Conv2D', 2],
    ['DepthwiseConv2D', 1],
  ] as const)('%s (groups %i) with dilationRate 2 trains; inference runs the dilated kernel itself', async (kind, groups) => {
    const input = tfl.input({ shape: [9, 9, 4] });
    const layer =
      kind === 'Conv2D'
        ? new Conv2D({ filters: 4, kernelSize: 3, padding: 'same', dilationRate: 2, groups })
        : new DepthwiseConv2D({ kernelSize: 3, padding: 'same', dilationRate: 2 });
    const y = layer.apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: tfl.layers.globalAveragePooling2d({}).apply(y) as tfl.SymbolicTensor });
    const losses = await trainBriefly(model, [9, 9, 4]);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.9);
    const x = tf.randomUniform([1, 9, 9, 4], -1, 1, 'float32', 3);
    const info = await tf.profile(() => model.predict(x) as tf.Tensor);
    expect(info.kernelNames).not.toContain('SpaceToBatchND');
    tf.dispose([x, info.result as tf.Tensor]);
  });
});

describe('one engine', () => {
  test('a tensor made through @foveajs/core feeds a layer, on the fovea-wasm backend', async () => {
    const { tf: coreTf, getBackend } = await import('@foveajs/core');
    expect(getBackend()).toBe('fovea-wasm');
    const x = coreTf.ones([1, 3, 3, 2]);
    const layer = new Conv2D({ filters: 2, kernelSize: 1, groups: 2, kernelInitializer: 'ones', useBias: false });
    const y = layer.apply(x) as tf.Tensor;
    expect(tf.engine()).toBe(coreTf.engine());
    expect(Array.from(await y.data())).toEqual(new Array(18).fill(1));
    tf.dispose([x, y]);
  });
});

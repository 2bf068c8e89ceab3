import { tf } from '@foveajs/core';
import { beforeAll, expect, test } from 'vitest';
import { centerCrop, rescaling, resizing, separableConv2d } from './index.js';
import { maxAbsDiff, useFoveaBackend } from '../test/setup.js';

beforeAll(useFoveaBackend);

test("tfjs's Rescaling, CenterCrop, Resizing and SeparableConv2D are available from this package", async () => {
  const x = tf.tidy(() => tf.reshape(tf.range(0, 2 * 6 * 6 * 2), [2, 6, 6, 2]));
  const scaled = rescaling({ scale: 1 / 255, offset: -1 }).apply(x) as tf.Tensor;
  expect(await maxAbsDiff(scaled, tf.sub(tf.div(x, 255), 1))).toBeLessThan(1e-6);
  const cropped = centerCrop({ height: 2, width: 4 }).apply(x) as tf.Tensor;
  expect(await maxAbsDiff(cropped, tf.slice(x, [0, 2, 1, 0], [2, 2, 4, 2]))).toBe(0);
  expect((resizing({ height: 3, width: 4 }).apply(x) as tf.Tensor).shape).toEqual([2, 3, 4, 2]);
  // Keras options tfjs already supports: depthMultiplier and dilationRate.
  const sep = separableConv2d({ filters: 3, kernelSize: 3, depthMultiplier: 2, dilationRate: 2, padding: 'valid' });
  expect((sep.apply(x) as tf.Tensor).shape).toEqual([2, 2, 2, 3]);
});

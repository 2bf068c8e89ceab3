import { tf } from '@foveajs/core';
import { beforeAll, describe, expect, test } from 'vitest';
import { crossEntropyDiceLoss, diceLoss, segmentationLoss, softmaxCrossEntropy } from './losses.js';
import { maxAbsDiff, useFoveaBackend } from './test_support.js';

beforeAll(useFoveaBackend);

/** The losses written with plain ops (tfjs differentiates them): the reference for values and gradients. */
function referenceCrossEntropy(labels: tf.Tensor, logits: tf.Tensor, weights: number[] | null, ignoreIndex = 255): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[3]!;
    let target = tf.oneHot(labels as tf.Tensor3D, classes);
    const valid = tf.cast(tf.notEqual(labels, ignoreIndex), 'float32');
    target = tf.mul(target, tf.expandDims(valid, -1));
    if (weights) target = tf.mul(target, tf.tensor1d(weights));
    return tf.div(tf.neg(tf.sum(tf.mul(target, tf.logSoftmax(logits)))), tf.sum(target)) as tf.Scalar;
  });
}

function referenceDice(labels: tf.Tensor, logits: tf.Tensor, smooth = 1): tf.Scalar {
  return tf.tidy(() => {
    const classes = logits.shape[3]!;
    const g = tf.oneHot(labels as tf.Tensor3D, classes);
    const m = tf.expandDims(tf.sum(g, -1), -1);
    const p = tf.mul(tf.softmax(logits), m);
    const intersection = tf.sum(tf.mul(p, g), [0, 1, 2]);
    const union = tf.add(tf.sum(p, [0, 1, 2]), tf.sum(g, [0, 1, 2]));
    return tf.mean(tf.sub(1, tf.div(tf.add(tf.mul(intersection, 2), smooth), tf.add(union, smooth)))) as tf.Scalar;
  });
}

const labels = tf.tensor3d(
  [
    [
      [0, 1, 2],
      [255, 1, 0],
    ],
    [
      [2, 2, 255],
      [1, 0, 0],
    ],
  ],
  [2, 2, 3],
  'int32',
);
const logits = tf.randomNormal([2, 2, 3, 4], 0, 2, 'float32', 3);

describe('softmaxCrossEntropy', () => {
  test('by hand: one pixel of two classes, one ignored', async () => {
    const x = tf.tensor4d([[[[2, 0], [5, 5]]]]);
    const y = tf.tensor3d([[[0, 255]]], [1, 1, 2], 'int32');
    // −log(e² / (e² + 1)) for the first pixel; the second counts nowhere.
    expect((await softmaxCrossEntropy(y, x).data())[0]).toBeCloseTo(Math.log(1 + Math.exp(-2)), 6);
    // Only ignored pixels: 0, not NaN.
    const none = tf.tensor3d([[[255, 255]]], [1, 1, 2], 'int32');
    expect(Math.abs((await softmaxCrossEntropy(none, x).data())[0]!)).toBe(0);
    tf.dispose([x, y, none]);
  });

  test.each([null, [1, 2, 0.5, 3]])('equals the plain formula and its autodiff gradient (class weights %j)', async (weights) => {
    const ours = (z: tf.Tensor) => softmaxCrossEntropy(labels, z, { classWeights: weights });
    const reference = (z: tf.Tensor) => referenceCrossEntropy(labels, z, weights);
    expect(await maxAbsDiff(ours(logits), reference(logits))).toBeLessThan(1e-5);
    expect(await maxAbsDiff(tf.grad(ours)(logits), tf.grad(reference)(logits))).toBeLessThan(1e-5);
  });

  test('weighted mean as PyTorch: Σ w[y]·loss / Σ w[y]', async () => {
    const x = tf.tensor4d([[[[1, 0], [0, 3]]]]);
    const y = tf.tensor3d([[[0, 1]]], [1, 1, 2], 'int32');
    const l0 = Math.log(1 + Math.exp(-1));
    const l1 = Math.log(1 + Math.exp(-3));
    const value = (await softmaxCrossEntropy(y, x, { classWeights: [2, 5] }).data())[0]!;
    expect(value).toBeCloseTo((2 * l0 + 5 * l1) / 7, 6);
  });

  test('bad inputs name what is wrong', () => {
    expect(() => softmaxCrossEntropy(tf.zeros([2, 2, 3]), logits)).toThrow(/labels must be int32/);
    expect(() => softmaxCrossEntropy(tf.zeros([2, 2, 2], 'int32'), logits)).toThrow(/labels must be \[batch, height, width\] = \[2,2,3\], got shape \[2,2,2\]/);
    expect(() => softmaxCrossEntropy(labels, logits, { ignoreIndex: 2 })).toThrow(/ignoreIndex must be an integer outside 0..3/);
    expect(() => softmaxCrossEntropy(labels, logits, { classWeights: [1, 2] })).toThrow(/classWeights must be 4 non-negative numbers/);
  });
});

describe('diceLoss', () => {
  test('equals the plain formula and its autodiff gradient', async () => {
    expect(await maxAbsDiff(diceLoss(labels, logits), referenceDice(labels, logits))).toBeLessThan(1e-5);
    const ours = tf.grad((z: tf.Tensor) => diceLoss(labels, z))(logits);
    const reference = tf.grad((z: tf.Tensor) => referenceDice(labels, z))(logits);
    expect(await maxAbsDiff(ours, reference)).toBeLessThan(1e-5);
  });

  test('perfect predictions score ~0, a class absent from both counts as perfect', async () => {
    const y = tf.tensor3d([[[0, 1, 1]]], [1, 1, 3], 'int32');
    const confident = tf.mul(tf.oneHot(y as tf.Tensor3D, 3), 50);
    expect((await diceLoss(y, confident).data())[0]).toBeLessThan(1e-6);
  });

  test('crossEntropyDice is their weighted sum; segmentationLoss names them', async () => {
    const sum = crossEntropyDiceLoss(labels, logits, { diceWeight: 0.5 });
    const parts = tf.add(softmaxCrossEntropy(labels, logits), tf.mul(diceLoss(labels, logits), 0.5));
    expect(await maxAbsDiff(sum, parts)).toBeLessThan(1e-6);
    expect(await maxAbsDiff(segmentationLoss('dice')(labels, logits), diceLoss(labels, logits))).toBe(0);
    expect(() => segmentationLoss('focal' as never)).toThrow(/segmentationLoss: name must be/);
  });
});

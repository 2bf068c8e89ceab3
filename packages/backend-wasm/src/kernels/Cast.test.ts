import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

/** float32 values that stress ToInt32: fractions, ±0, NaN, ±Infinity, past ±2^31, past 2^32. */
function castValues(size: number, seed: number): Float32Array {
  const special = [0.5, -0.5, 1.9999, -1.9999, -0, Number.NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31), 3e9, -3e9, 5e9, 1e20, 2147483520];
  return Float32Array.from({ length: size }, (_, i) => ((seed + i) % 3 === 0 ? special[(seed + i) % special.length]! : (((seed * 31 + i * 17) % 2001) - 1000) / 7));
}

describe('Cast', () => {
  it('matches the cpu backend from every dtype to every dtype', () => {
    fc.assert(
      fc.property(shapeArb(0, 3, { min: 0, max: 40 }), dtypeArb, dtypeArb, seedArb, (shape, from, to, seed) =>
        expectSameTensors(() => tf.cast(layoutTensor(shape, from, seed), to)),
      ),
      { numRuns: 150 },
    );
  });

  it('truncates and wraps float32 → int32 as Int32Array.from, and tests float32 → bool as x ≠ 0, in WASM', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), seedArb, (size, seed) => {
        expectSameTensors(() => tf.cast(tf.tensor1d(castValues(size, seed)), 'int32'), { wasm: true });
        expectSameTensors(() => tf.cast(tf.tensor1d(castValues(size, seed)), 'bool'), { wasm: true });
        expectSameTensors(() => tf.cast(tf.tensor1d(castValues(size, seed)).cast('int32'), 'bool'), { wasm: true });
      }),
      { numRuns: 60 },
    );
  });

  it('shares the data where no value changes, and keeps an int32 exact through float32 and back', () => {
    expectSameTensors(() => tf.cast(tf.tensor1d([1, 2, 3], 'int32'), 'float32'), { wasm: false });
    expectSameTensors(() => tf.cast(tf.tensor1d([true, false]), 'int32'), { wasm: false });
    const big = tf.tensor1d([2 ** 31 - 1, -(2 ** 31) + 1, 16777217], 'int32');
    const back = tf.cast(tf.cast(big, 'float32'), 'int32');
    expect(Array.from(back.dataSync())).toEqual([2 ** 31 - 1, -(2 ** 31) + 1, 16777217]);
    tf.dispose([big, back]);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = tf.tensor1d(castValues(1000, 3));
    await expectNoLeaks(() => tf.cast(x, 'int32'));
    x.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectSameTensors, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

/**
 * Values with many ties (few distinct values) or none, of float32 or int32. No NaN or ±Infinity:
 * tfjs's cpu kernel orders them by `b − a`, which is NaN for them, so its order is unspecified.
 */
function topKInput(shape: number[], dtype: 'float32' | 'int32', distinct: number, seed: number): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const values = randomValues(size, seed).map((v) => (distinct > 0 ? Math.round(v * distinct) / distinct : v));
  if (dtype === 'float32') {
    for (let i = 0; i < size; i += 2) if (values[i] === 0) values[i] = -0;
  }
  return dtype === 'int32' ? tf.tensor(Int32Array.from(values, (v) => Math.round(v * 1000)), shape, 'int32') : tf.tensor(values, shape);
}

const problemArb = shapeArb(1, 3, { min: 1, max: 6 }).chain((outer) =>
  fc.record({
    outer: fc.constant(outer.slice(0, -1)),
    n: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 100, max: 3000 })),
    dtype: fc.constantFrom<'float32' | 'int32'>('float32', 'int32'),
    distinct: fc.constantFrom(0, 3, 50),
    seed: seedArb,
  }).chain((p) => fc.record({ p: fc.constant(p), k: fc.oneof(fc.integer({ min: 0, max: Math.min(p.n, 10) }), fc.integer({ min: 0, max: p.n })) })),
);

describe('TopK', () => {
  it('matches the cpu backend (sorted, ties to the lower index) on random rows, k (small: heap; large: quickselect), ties and dtypes', () => {
    fc.assert(
      fc.property(problemArb, ({ p, k }) => {
        const shape = [...p.outer, p.n];
        expectSameTensors(() => {
          const { values, indices } = tf.topk(topKInput(shape, p.dtype, p.distinct, p.seed), k, true);
          return [values, indices];
        }, { wasm: true });
      }),
      { numRuns: 150 },
    );
  });

  it('returns the same selection for sorted = false (sorted, as tfjs allows)', () => {
    const x = topKInput([3, 500], 'float32', 20, 9);
    const sorted = tf.topk(x, 37, true);
    const unsorted = tf.topk(x, 37, false);
    expect(Array.from(unsorted.indices.dataSync())).toEqual(Array.from(sorted.indices.dataSync()));
    tf.dispose([x, sorted.values, sorted.indices, unsorted.values, unsorted.indices]);
  });

  it('ranks NaN above +Infinity, and -0 level with +0', () => {
    const { values, indices } = tf.topk(tf.tensor1d([1, Number.NaN, Infinity, -0, 0, -Infinity, Number.NaN]), 7);
    expect(Array.from(indices.dataSync())).toEqual([1, 6, 2, 0, 3, 4, 5]);
    expect(Array.from(values.dataSync())).toEqual([Number.NaN, Number.NaN, Infinity, 1, -0, 0, -Infinity]);
    tf.dispose([values, indices]);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = topKInput([1, 128 * 80], 'float32', 0, 1);
    await expectNoLeaks(() => {
      const { values, indices } = tf.topk(x, 100);
      indices.dispose();
      return values;
    });
    x.dispose();
  });
});

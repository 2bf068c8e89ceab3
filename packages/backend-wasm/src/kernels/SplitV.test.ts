import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb, wasmCalls } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';
import { cpuCanRun } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// Sizes that add up to the axis (one of them may be -1: the rest), or a count that divides it.
const problemArb = shapeArb(1, 4, { min: 1, max: 6 }).chain((shape) =>
  fc.integer({ min: -shape.length, max: shape.length - 1 }).chain((axis) => {
    const length = shape[axis < 0 ? axis + shape.length : axis]!;
    const sizes = fc
      .array(fc.integer({ min: 0, max: length }), { minLength: 1, maxLength: 4 })
      .map((parts) => {
        const out: number[] = [];
        let left = length;
        for (const part of parts) {
          const take = Math.min(part, left);
          out.push(take);
          left -= take;
        }
        out.push(left);
        return out;
      })
      .chain((out) => fc.constantFrom(out, out.map((s, i) => (i === out.length - 1 ? -1 : s))));
    const counts = fc.constantFrom(...[1, 2, 3, 4, 5, 6].filter((n) => length % n === 0));
    return fc.record({ shape: fc.constant(shape), axis: fc.constant(axis), split: fc.oneof(sizes, counts), dtype: dtypeArb, seed: seedArb });
  }),
);

describe('SplitV', () => {
  it('matches the cpu backend on random sizes (incl. -1 and empty parts), counts, negative axes and dtypes', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectSameTensors(() => tf.split(layoutTensor(p.shape, p.dtype, p.seed), p.split, p.axis))),
      { numRuns: 150 },
    );
  });

  it('cuts every output in one WASM call', () => {
    const x = layoutTensor([1, 20, 20, 24], 'float32', 3);
    expect(wasmCalls(() => tf.dispose(tf.split(x, [4, 8, 12], 3)))).toBe(1);
    x.dispose();
  });

  it('has the same gradient as the cpu backend (a Concat)', () => {
    fc.assert(
      fc.property(problemArb, (p) => {
        const gradient = () =>
          tf.grad((x: tf.Tensor) => tf.addN(tf.split(x, p.split, p.axis).map((t, i) => tf.sum(tf.mul(t, i + 1)))))(layoutTensor(p.shape, 'float32', p.seed));
        // tfjs's SplitV gradient fails on every backend for a split into one part.
        if (cpuCanRun(gradient)) expectSameTensors(gradient, { tolerance: 1e-6 });
      }),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([1, 10, 10, 32], 'float32', 1);
    await expectNoLeaks(() => {
      const parts = tf.split(x, [16, 16], 3);
      parts[1]!.dispose();
      return parts[0]!;
    });
    x.dispose();
  });
});

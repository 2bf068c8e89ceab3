import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb, wasmCalls } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';
import { cpuCanRun } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = shapeArb(1, 4, { min: 0, max: 5 }).chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    axis: fc.integer({ min: -shape.length, max: shape.length - 1 }),
    dtype: dtypeArb,
    seed: seedArb,
  }),
);

describe('Unpack', () => {
  it('matches the cpu backend on random shapes, axes (incl. negative) and dtypes', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectSameTensors(() => tf.unstack(layoutTensor(p.shape, p.dtype, p.seed), p.axis))),
      { numRuns: 150 },
    );
  });

  it('cuts every output in one WASM call', () => {
    const x = layoutTensor([4, 30, 5], 'int32', 3);
    expect(wasmCalls(() => tf.dispose(tf.unstack(x, 1)))).toBe(1);
    x.dispose();
  });

  it('has the same gradient as the cpu backend (a Pack)', () => {
    fc.assert(
      fc.property(problemArb.filter((p) => p.shape.every((d) => d > 0)), (p) => {
        const gradient = () =>
          tf.grad((x: tf.Tensor) => tf.addN(tf.unstack(x, p.axis).map((t, i) => tf.sum(tf.mul(t, i + 1)))))(layoutTensor(p.shape, 'float32', p.seed));
        // tfjs's Unpack gradient fails on every backend for an axis of one.
        if (cpuCanRun(gradient)) expectSameTensors(gradient, { tolerance: 1e-6 });
      }),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([6, 8, 4], 'float32', 1);
    await expectNoLeaks(() => {
      const parts = tf.unstack(x, 1);
      tf.dispose(parts.slice(1));
      return parts[0]!;
    });
    x.dispose();
  });
});

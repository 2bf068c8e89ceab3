import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor } from '../../test/kernels/layout_cases.js';
import { expectMatchesCpu } from '../../test/kernels/matches.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = fc
  .array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      axis: fc.integer({ min: -shape.length, max: shape.length - 1 }),
      // The concatenated axis' size of each input (0 = an empty input, which the cpu handles).
      sizes: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }),
      seed: seedArb,
    }),
  );

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

function inputs(p: Problem): tf.Tensor[] {
  const axis = p.axis < 0 ? p.axis + p.shape.length : p.axis;
  return p.sizes.map((n, i) => {
    const shape = p.shape.map((d, a) => (a === axis ? n : d));
    return tf.tensor(randomValues(shape.reduce((a, b) => a * b, 1), p.seed + i), shape);
  });
}

describe('Concat', () => {
  it('matches the cpu backend on random shapes, axes (incl. negative) and input counts', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectMatchesCpu(() => tf.concat(inputs(p), p.axis), 0)),
      { numRuns: 150 },
    );
  });

  it('has the same gradients as the cpu backend', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectMatchesCpu(() => {
          const xs = inputs(p);
          const weights = () => {
            const out = tf.concat(xs, p.axis);
            return tf.tensor(randomValues(out.size, p.seed + 9), out.shape);
          };
          const w = weights();
          return tf.grads((...args: tf.Tensor[]) => tf.sum(tf.mul(tf.concat(args, p.axis), w)))(xs);
        }, 0),
      ),
      { numRuns: 40 },
    );
  });

  it('matches the cpu backend on int32 and bool inputs, and where all inputs are empty', () => {
    fc.assert(
      fc.property(problemArb, dtypeArb, (p, dtype) => {
        const axis = p.axis < 0 ? p.axis + p.shape.length : p.axis;
        const shapes = p.sizes.map((n) => p.shape.map((d, a) => (a === axis ? n : d)));
        expectSameTensors(() => tf.concat(shapes.map((shape, i) => layoutTensor(shape, dtype, p.seed + i)), p.axis));
      }),
      { numRuns: 100 },
    );
    expectSameTensors(() => tf.concat([tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3], 'int32')]), { wasm: true });
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const a = tf.tensor(randomValues(2 * 5 * 5 * 8, 1), [2, 5, 5, 8]);
    const b = tf.tensor(randomValues(2 * 5 * 5 * 3, 2), [2, 5, 5, 3]);
    await expectNoLeaks(() => tf.concat([a, b], 3));
    tf.dispose([a, b]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { shapePairArb } from '../../test/kernels/broadcast_cases.js';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('Select', () => {
  it('matches the cpu backend on same-shape operands of every dtype', () => {
    fc.assert(
      fc.property(shapeArb(0, 4, { min: 0, max: 9 }), dtypeArb, seedArb, (shape, dtype, seed) =>
        expectSameTensors(() => tf.where(layoutTensor(shape, 'bool', seed) as tf.Tensor, layoutTensor(shape, dtype, seed + 1), layoutTensor(shape, dtype, seed + 2))),
      ),
      { numRuns: 150 },
    );
  });

  it('matches the cpu backend with broadcasting (tf.where broadcasts all three operands)', () => {
    fc.assert(
      fc.property(shapePairArb, dtypeArb, seedArb, ([a, b], dtype, seed) =>
        expectSameTensors(() => tf.where(layoutTensor(a, 'bool', seed), layoutTensor(b, dtype, seed + 1), layoutTensor(a, dtype, seed + 2))),
      ),
      { numRuns: 100 },
    );
  });

  it('takes whole rows for a rank-1 condition (the kernel called directly, as graph models may)', () => {
    // TensorFlow's row select. tfjs's cpu kernel repeats element i of t or e across row i there, so
    // the reference is the same select on the condition broadcast to t's shape.
    fc.assert(
      fc.property(shapeArb(2, 4, { min: 1, max: 6 }), dtypeArb, seedArb, (shape, dtype, seed) => {
        const condition = () => layoutTensor([shape[0]!], 'bool', seed);
        const t = () => layoutTensor(shape, dtype, seed + 1);
        const e = () => layoutTensor(shape, dtype, seed + 2);
        const ours = tf.tidy(() => tf.engine().runKernel('Select', { condition: condition(), t: t(), e: e() }) as tf.Tensor);
        const wide = () => tf.broadcastTo(tf.reshape(condition(), [shape[0]!, ...shape.slice(1).map(() => 1)]), shape);
        const reference = tf.tidy(() => tf.where(wide(), t(), e()));
        expect(ours.dtype).toBe(reference.dtype);
        expect(Array.from(ours.dataSync())).toEqual(Array.from(reference.dataSync()));
        tf.dispose([ours, reference]);
      }),
      { numRuns: 60 },
    );
  });

  it('has the same gradients as the cpu backend', () => {
    fc.assert(
      fc.property(shapeArb(1, 3, { min: 1, max: 6 }), seedArb, (shape, seed) =>
        expectSameTensors(
          () => tf.grads((t: tf.Tensor, e: tf.Tensor) => tf.sum(tf.square(tf.where(layoutTensor(shape, 'bool', seed) as tf.Tensor, t, e))))([layoutTensor(shape, 'float32', seed + 1).clipByValue(-1, 1), layoutTensor(shape, 'float32', seed + 2).clipByValue(-1, 1)]),
          { tolerance: 1e-6 },
        ),
      ),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const c = layoutTensor([32, 32], 'bool', 1);
    const t = layoutTensor([32, 32], 'float32', 2);
    const e = layoutTensor([32, 32], 'float32', 3);
    await expectNoLeaks(() => tf.where(c, t, e));
    tf.dispose([c, t, e]);
  });
});

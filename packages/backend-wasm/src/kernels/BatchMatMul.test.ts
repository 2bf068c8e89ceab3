import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues } from '../../test/kernels/compare.js';
import { matMulArb, matMulGradArb, matMulInputs } from '../../test/kernels/matmul_problems.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

describe('BatchMatMul', () => {
  it('matches the cpu backend on random shapes, transposes and broadcast batches', () => {
    fc.assert(
      fc.property(matMulArb, (p) => {
        expectSameAsCpu(() => {
          const [a, b] = matMulInputs(p);
          return tf.matMul(a, b, p.transposeA, p.transposeB);
        });
      }),
      { numRuns: 80 },
    );
  });

  it('has the same gradients as the cpu backend', () => {
    fc.assert(
      fc.property(matMulGradArb, (p) => {
        expectSameAsCpu(() => {
          const [a, b] = matMulInputs(p);
          const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, p.transposeA, p.transposeB)));
          return tf.grads(f as (...args: tf.Tensor[]) => tf.Tensor)([a, b]);
        }, 2e-4);
      }),
      { numRuns: 25 },
    );
  });

  it('accepts float32 tensors whose storage is an Int32Array (cpu cast from int32)', () => {
    expectSameAsCpu(() => {
      const a = tf.cast(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), 'float32');
      const b = tf.tensor2d(randomValues(3 * 5, 9), [3, 5]);
      return tf.matMul(a, b);
    });
  });

  it('falls back to the cpu kernel for int32 operands', () => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32');
    const b = tf.tensor2d([5, 6, 7, 8], [2, 2], 'int32');
    const y = tf.matMul(a, b);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([19, 22, 43, 50]);
    tf.dispose([a, b, y]);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const a = tf.tensor3d(randomValues(3 * 17 * 9, 1), [3, 17, 9]);
    const b = tf.tensor3d(randomValues(3 * 9 * 13, 2), [3, 9, 13]);
    await expectNoLeaks(() => tf.matMul(a, b));
    tf.dispose([a, b]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FoveaWasmBackend } from '../backend.js';
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

  it('packs a single right-hand matrix once, shares it with _FusedMatMul, repacks a reshape and frees it with the tensor', () => {
    const backend = tf.backend() as unknown as FoveaWasmBackend;
    const live = () => {
      backend.kernels.arena.reset();
      return backend.kernels.heap.liveBytes;
    };
    const product = (a: Float32Array, b: Float32Array, M: number, K: number, N: number) =>
      Array.from({ length: M * N }, (_, i) => {
        let sum = 0;
        for (let k = 0; k < K; k++) sum += a[Math.floor(i / N) * K + k]! * b[k * N + (i % N)]!;
        return sum;
      });
    const expectValues = (y: tf.Tensor, expected: number[]) => {
      const got = y.dataSync();
      y.dispose();
      expect(got.length).toBe(expected.length);
      for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(expected[i]!, 4);
    };
    const aValues = randomValues(6 * 24, 21);
    const bValues = randomValues(24 * 40, 22);
    const a = tf.tensor2d(aValues, [6, 24]);
    const b = tf.tensor2d(bValues, [24, 40]);
    expectValues(tf.matMul(a, b), product(aValues, bValues, 6, 24, 40));
    const packedOnce = live();
    expectValues(tf.matMul(a, b), product(aValues, bValues, 6, 24, 40));
    expectValues(tf.fused.matMul({ a, b }), product(aValues, bValues, 6, 24, 40));
    expect(live()).toBe(packedOnce);
    // Same data, other shape: a reshape keeps the dataId, so the packing must not be reused.
    const a40 = tf.tensor2d(randomValues(3 * 40, 23), [3, 40]);
    const reshaped = tf.reshape(b, [40, 24]);
    expectValues(tf.matMul(a40, reshaped), product(a40.dataSync() as Float32Array, bValues, 3, 40, 24));
    const beforeDispose = live();
    tf.dispose([b, reshaped]);
    // b's block and its packing (24·40 floats each; the repack replaced the first) go back to the heap.
    expect(beforeDispose - live()).toBeGreaterThanOrEqual(2 * 24 * 40 * 4);
    tf.dispose([a, a40]);
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const a = tf.tensor3d(randomValues(3 * 17 * 9, 1), [3, 17, 9]);
    const b = tf.tensor3d(randomValues(3 * 9 * 13, 2), [3, 9, 13]);
    await expectNoLeaks(() => tf.matMul(a, b));
    tf.dispose([a, b]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoLeaks, expectSameAsCpu, FOVEA, randomValues, runOn } from '../../test/kernels/compare.js';
import { imageFields } from '../../test/kernels/resize_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

const problemArb = fc.record({
  ...imageFields,
  outHeight: fc.integer({ min: 1, max: 13 }),
  outWidth: fc.integer({ min: 1, max: 13 }),
  alignCorners: fc.boolean(),
});

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

function resizeGrad(p: Problem): tf.Tensor {
  const images = tf.tensor4d(randomValues(p.batch * p.height * p.width * p.channels, p.seed), [p.batch, p.height, p.width, p.channels]);
  const dy = tf.tensor4d(randomValues(p.batch * p.outHeight * p.outWidth * p.channels, p.seed + 1), [
    p.batch,
    p.outHeight,
    p.outWidth,
    p.channels,
  ]);
  return tf.engine().runKernel('ResizeBilinearGrad', { images, dy }, { alignCorners: p.alignCorners } as unknown as tf.NamedAttrMap) as tf.Tensor;
}

describe('ResizeBilinearGrad', () => {
  it("matches the cpu backend's gradient of resizeBilinear on random square images (up- and down-sizing)", () => {
    fc.assert(
      fc.property(problemArb, (p) => {
        // tfjs's cpu kernel gives the gradient the shape [batch, width, height, C]: square only.
        const q = { ...p, width: p.height };
        expectSameAsCpu(() => {
          const x = tf.tensor4d(randomValues(q.batch * q.height * q.width * q.channels, q.seed), [q.batch, q.height, q.width, q.channels]);
          const w = tf.tensor(randomValues(q.batch * q.outHeight * q.outWidth * q.channels, q.seed + 2));
          const f = (xs: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeBilinear(xs as tf.Tensor4D, [q.outHeight, q.outWidth], q.alignCorners).flatten(), w));
          return tf.grad(f)(x);
        }, 1e-5);
      }),
      { numRuns: 40 },
    );
  });

  it('matches the cpu kernel’s values on non-square images, with the images’ shape', () => {
    fc.assert(
      fc.property(problemArb, (p) => {
        expectSameAsCpu(() => resizeGrad(p).flatten(), 1e-5);
        const [ours] = runOn(FOVEA, () => tf.tensor1d(resizeGrad(p).shape));
        expect(Array.from(ours!)).toEqual([p.batch, p.height, p.width, p.channels]);
      }),
      { numRuns: 40 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const p: Problem = { batch: 2, height: 8, width: 6, channels: 5, outHeight: 16, outWidth: 12, alignCorners: false, seed: 3 };
    await expectNoLeaks(() => tf.tidy(() => resizeGrad(p)));
  });
});

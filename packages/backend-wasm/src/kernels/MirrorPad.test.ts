import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// Paddings up to the axis size − 1 (reflect) or the axis size (symmetric).
const problemArb = fc.constantFrom<'reflect' | 'symmetric'>('reflect', 'symmetric').chain((mode) =>
  shapeArb(1, 4, { min: 1, max: 5 }).chain((shape) =>
    fc.record({
      mode: fc.constant(mode),
      shape: fc.constant(shape),
      paddings: fc.tuple(...shape.map((d) => fc.tuple(fc.nat(d - (mode === 'reflect' ? 1 : 0)), fc.nat(d - (mode === 'reflect' ? 1 : 0))))),
      dtype: dtypeArb,
      seed: seedArb,
    }),
  ),
);

describe('MirrorPad', () => {
  it('matches the cpu backend on random ranks, paddings, both modes and dtypes', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectSameTensors(() => tf.mirrorPad(layoutTensor(p.shape, p.dtype, p.seed), p.paddings as Array<[number, number]>, p.mode), { wasm: true }),
      ),
      { numRuns: 150 },
    );
  });

  it('has the same gradient as the cpu backend', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectSameTensors(
          () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.mirrorPad(x, p.paddings as Array<[number, number]>, p.mode))))(layoutTensor(p.shape, 'float32', p.seed).clipByValue(-1, 1)),
          { tolerance: 1e-6 },
        ),
      ),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([1, 16, 16, 8], 'float32', 1);
    await expectNoLeaks(() => tf.mirrorPad(x, [[0, 0], [3, 3], [3, 3], [0, 0]], 'reflect'));
    x.dispose();
  });
});

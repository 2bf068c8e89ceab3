import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// x [B·Πblock, ...spatial, ...rest] with crops that leave at least nothing of each axis.
const problemArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    blocks: fc.array(fc.record({ block: fc.integer({ min: 1, max: 3 }), size: fc.integer({ min: 1, max: 4 }), start: fc.nat(3), end: fc.nat(3) }), {
      minLength: 1,
      maxLength: 2,
    }),
    rest: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
    dtype: dtypeArb,
    seed: seedArb,
  })
  .map((p) => ({
    ...p,
    shape: [p.batch * p.blocks.reduce((a, b) => a * b.block, 1), ...p.blocks.map((b) => b.size), ...p.rest],
    blockShape: p.blocks.map((b) => b.block),
    crops: p.blocks.map((b) => {
      const full = b.size * b.block;
      const start = Math.min(b.start, full);
      return [start, Math.min(b.end, full - start)] as [number, number];
    }),
  }));

describe('BatchToSpaceND', () => {
  it('matches the cpu backend on random blocks, crops, trailing axes and dtypes', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectSameTensors(() => tf.batchToSpaceND(layoutTensor(p.shape, p.dtype, p.seed), p.blockShape, p.crops))),
      { numRuns: 150 },
    );
  });

  it('has the same gradient as the cpu backend (a SpaceToBatchND)', () => {
    fc.assert(
      fc.property(problemArb, (p) =>
        expectSameTensors(
          () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.batchToSpaceND(x, p.blockShape, p.crops))))(layoutTensor(p.shape, 'float32', p.seed).clipByValue(-1, 1)),
          { tolerance: 1e-6 },
        ),
      ),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([4, 8, 8, 8], 'float32', 1);
    await expectNoLeaks(() => tf.batchToSpaceND(x, [2, 2], [[1, 0], [0, 1]]));
    x.dispose();
  });
});

import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, seedArb } from '../../test/kernels/compare.js';
import { dtypeArb, expectSameTensors, layoutTensor } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// One or two block axes; paddings chosen so each padded axis is a multiple of its block.
const spaceToBatchArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    blocks: fc.array(fc.record({ block: fc.integer({ min: 1, max: 3 }), size: fc.integer({ min: 1, max: 6 }), before: fc.nat(3), extra: fc.nat(2) }), {
      minLength: 1,
      maxLength: 2,
    }),
    rest: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
    dtype: dtypeArb,
    seed: seedArb,
  })
  .map((p) => ({
    ...p,
    shape: [p.batch, ...p.blocks.map((b) => b.size), ...p.rest],
    blockShape: p.blocks.map((b) => b.block),
    paddings: p.blocks.map((b) => {
      const padded = b.size + b.before;
      const after = ((b.block - (padded % b.block)) % b.block) + b.extra * b.block;
      return [b.before, after] as [number, number];
    }),
  }));

describe('SpaceToBatchND', () => {
  it('matches the cpu backend on random blocks, paddings, trailing axes and dtypes', () => {
    fc.assert(
      fc.property(spaceToBatchArb, (p) =>
        expectSameTensors(() => tf.spaceToBatchND(layoutTensor(p.shape, p.dtype, p.seed), p.blockShape, p.paddings), { wasm: true }),
      ),
      { numRuns: 150 },
    );
  });

  it('has the same gradient as the cpu backend (a BatchToSpaceND)', () => {
    fc.assert(
      fc.property(spaceToBatchArb, (p) =>
        expectSameTensors(
          () => tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.spaceToBatchND(x, p.blockShape, p.paddings))))(layoutTensor(p.shape, 'float32', p.seed).clipByValue(-1, 1)),
          { tolerance: 1e-6 },
        ),
      ),
      { numRuns: 30 },
    );
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const x = layoutTensor([1, 15, 15, 8], 'float32', 1);
    await expectNoLeaks(() => tf.spaceToBatchND(x, [2, 2], [[1, 0], [1, 0]]));
    x.dispose();
  });
});

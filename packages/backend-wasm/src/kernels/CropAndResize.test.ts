import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, randomValues, seedArb } from '../../test/kernels/compare.js';
import { expectSameTensors, layoutTensor, shapeArb } from '../../test/kernels/layout_cases.js';

beforeAll(async () => {
  await tf.setBackend(FOVEA);
});

// Boxes inside, across and outside the image (extrapolated), flipped (y2 < y1), of zero size; image
// indices in range (and, for some, past the batch: zeros).
const problemArb = fc.record({
  image: shapeArb(4, 4, { min: 1, max: 6 }),
  boxes: fc.integer({ min: 0, max: 5 }),
  crop: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
  method: fc.constantFrom<'bilinear' | 'nearest'>('bilinear', 'nearest'),
  extrapolation: fc.constantFrom(0, -1.5, Number.NaN),
  pastBatch: fc.boolean(),
  seed: seedArb,
});

type Problem = typeof problemArb extends fc.Arbitrary<infer T> ? T : never;

function run(p: Problem): tf.Tensor {
  const boxes = tf.tensor2d(randomValues(4 * p.boxes, p.seed + 1).map((v) => v * 1.4 + 0.4), [p.boxes, 4]);
  const index = tf.tensor1d(Int32Array.from({ length: p.boxes }, (_, i) => (p.seed + i) % (p.image[0]! + (p.pastBatch ? 1 : 0))), 'int32');
  const image = layoutTensor(p.image, 'float32', p.seed).clipByValue(-100, 100);
  return tf.image.cropAndResize(image as tf.Tensor4D, boxes, index, p.crop, p.method, p.extrapolation);
}

describe('CropAndResize', () => {
  it('matches the cpu backend on random boxes (outside, flipped, empty), crop sizes, both methods and extrapolation values', () => {
    fc.assert(
      fc.property(problemArb, (p) => expectSameTensors(() => run(p), { tolerance: 1e-5 })),
      { numRuns: 150 },
    );
  });

  it('samples many channels four at a time', () => {
    expectSameTensors(() => run({ image: [2, 9, 11, 13], boxes: 4, crop: [7, 5], method: 'bilinear', extrapolation: 0, pastBatch: false, seed: 5 }), {
      wasm: true,
      tolerance: 1e-5,
    });
  });

  it('leaks no tensors and does not grow WASM memory once warm', async () => {
    const image = layoutTensor([1, 32, 32, 8], 'float32', 1) as tf.Tensor4D;
    const boxes = tf.tensor2d([0, 0, 1, 1, 0.2, 0.1, 0.7, 0.9], [2, 4]);
    const index = tf.tensor1d([0, 0], 'int32');
    await expectNoLeaks(() => tf.image.cropAndResize(image, boxes, index, [14, 14]));
    tf.dispose([image, boxes, index]);
  });
});

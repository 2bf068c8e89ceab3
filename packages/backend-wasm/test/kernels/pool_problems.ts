// Random 2-D pooling problems for the MaxPool/AvgPool tests: windows, strides, 'same'/'valid',
// explicit pads (smaller than the window, so no window lies wholly in padding), and a numeric
// pad with each dimRoundingMode.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { outSize, randomValues, seedArb } from './compare.js';

export const poolArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: 10 }),
    width: fc.integer({ min: 1, max: 10 }),
    // Up to 37 channels: the kernel's 16-, 4- and 1-wide loops all run.
    channels: fc.integer({ min: 1, max: 37 }),
    filter: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
    stride: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    padKind: fc.constantFrom('same', 'valid', 'explicit', 'number'),
    explicit: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3), fc.nat(3)),
    numeric: fc.nat(1),
    rounding: fc.constantFrom('floor', 'round', 'ceil') as fc.Arbitrary<'floor' | 'round' | 'ceil'>,
    seed: seedArb,
  })
  .map((p) => {
    const [fh, fw] = p.filter;
    const [t, b, l, r] = p.explicit;
    let pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding = p.padKind as 'same' | 'valid';
    if (p.padKind === 'explicit') {
      pad = [[0, 0], [t % fh, b % fh], [l % fw, r % fw], [0, 0]];
    } else if (p.padKind === 'number' && fh === fw) {
      // tfjs sizes a numeric pad's output with the filter height on both axes: square windows only.
      pad = Math.min(p.numeric, fh - 1);
    } else if (p.padKind === 'number') {
      pad = 'valid';
    }
    return { ...p, pad, roundingMode: typeof pad === 'number' ? p.rounding : undefined };
  })
  .filter((p) => {
    if (typeof p.pad === 'number') return p.height + 2 * p.pad >= p.filter[0] && p.width + 2 * p.pad >= p.filter[1];
    return outSize(p.height, p.filter[0], p.stride[0], 1, p.pad, 1) > 0 && outSize(p.width, p.filter[1], p.stride[1], 1, p.pad, 2) > 0;
  });

export type PoolProblem = typeof poolArb extends fc.Arbitrary<infer T> ? T : never;

export function poolInput(p: PoolProblem): tf.Tensor4D {
  const shape: [number, number, number, number] = [p.batch, p.height, p.width, p.channels];
  return tf.tensor4d(randomValues(shape.reduce((a, b) => a * b), p.seed), shape);
}


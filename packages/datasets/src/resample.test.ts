// The typed-array bilinear resampler against tfjs's resizeBilinear (half-pixel centres) on the cpu backend.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { resizeBilinear } from './resample.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('resizeBilinear', () => {
  it('matches tf.image.resizeBilinear(image, size, false, true) up and down', () => {
    fc.assert(
      fc.property(
        fc.record({
          height: fc.integer({ min: 1, max: 9 }),
          width: fc.integer({ min: 1, max: 9 }),
          channels: fc.integer({ min: 1, max: 3 }),
          outHeight: fc.integer({ min: 1, max: 17 }),
          outWidth: fc.integer({ min: 1, max: 17 }),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        ({ height, width, channels, outHeight, outWidth, seed }) => {
          const values = Float32Array.from({ length: height * width * channels }, (_, i) => ((i * 7919 + seed * 104729) % 256) / 1);
          const ours = resizeBilinear(values, [height, width, channels], [outHeight, outWidth]);
          const theirs = tf.tidy(() =>
            tf.image.resizeBilinear(tf.tensor3d(values, [height, width, channels]), [outHeight, outWidth], false, true).dataSync(),
          );
          expect(ours.length).toBe(theirs.length);
          const worst = ours.reduce((max, value, i) => Math.max(max, Math.abs(value - theirs[i]!)), 0);
          expect(worst).toBeLessThan(1e-3);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('resizes a window of the source and checks its arguments', () => {
    // A 2 × 4 ramp; its right half [2, 3] resized to one row of 2 is the half itself.
    const ramp = Float32Array.from([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(Array.from(resizeBilinear(ramp, [2, 4, 1], [1, 2], { x: 2, y: 0, width: 2, height: 2 }))).toEqual([2, 3]);
    expect(() => resizeBilinear(ramp, [2, 4, 1], [0, 2])).toThrow(/outHeight must be a positive integer, got 0/);
    expect(() => resizeBilinear(ramp, [3, 4, 1], [1, 1])).toThrow(/the source has 8 values, expected 3 × 4 × 1/);
  });
});

// cropAndResize on its own (no tfjs): samples where TensorFlow's definition puts them. The
// backend's test compares it with tfjs's cpu on random boxes.
import { beforeAll, describe, expect, it } from 'vitest';
import { cropAndResize, type FoveaKernels, loadKernels } from './index.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd' });
});

describe('cropAndResize', () => {
  it('cropAndResize samples where TensorFlow does (bilinear and nearest, extrapolation outside)', () => {
    const image = Float32Array.from({ length: 2 * 4 * 5 * 3 }, (_, i) => i);
    const boxes = Float32Array.of(0, 0, 1, 1, 0.25, 0.5, 0.75, 1.25, 1, 1, 0, 0);
    const out = cropAndResize(kernels, image, [2, 4, 5, 3], boxes, Int32Array.of(1, 0, 2), [3, 3], { extrapolationValue: -1 });
    // Box 0 of image 1 on a 3×3 grid hits rows 0, 1.5, 3 and columns 0, 2, 4: the corners exactly.
    expect(out[0]).toBe(image[60]);
    expect(out[8 * 3]).toBe(image[60 + (3 * 5 + 4) * 3]);
    // Box 1 reaches x = 1.25 · 4 = 5 > 4 in its last column: extrapolated.
    expect(out[27 + 2 * 3]).toBe(-1);
    // Box 2 names image 2 of a batch of 2: zeros.
    expect(Array.from(out.subarray(54))).toEqual(new Array(27).fill(0));
  });

});

// The typed API of the windowed rarer kernels on its own (no tfjs): LRN, the 3-D convolutions and
// pools, MaxPoolWithArgmax, Dilation2D, ResizeNearestNeighbor's gradient and the image warps,
// against direct loops written from their definitions on random sizes. (The backend's tests compare each with tfjs's
// cpu backend.)
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Conv3DGeometry, conv3d, conv3dBackpropFilter, conv3dBackpropInput, dilation2d, type FoveaKernels, loadKernels, lrn, maxPoolWithArgmax,
  pool3d, pool3dGrad, resizeNearestNeighborGrad, rotateWithOffset, transform, type Window2DGeometry,
} from './index.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd', sharedMemory: false });
});

const random = (n: number, grid = 0) =>
  Float32Array.from({ length: n }, () => (grid > 0 ? Math.round((Math.random() * 2 - 1) * grid) / grid : Math.fround(Math.random() * 2 - 1)));
const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-5) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (!(Object.is(a[i], b[i]) || Math.abs(a[i]! - b[i]!) <= tol * Math.max(1, Math.abs(b[i]!)))) throw new Error(`element ${i}: got ${a[i]}, expected ${b[i]}`);
  }
};

/** A 'valid' stride-s, dilation-d geometry over a d×h×w input (window k per axis). */
function volume(batch: number, size: number, inC: number, outC: number, k: number, s: number, d: number, pad: number): Conv3DGeometry {
  const out = Math.floor((size + 2 * pad - (k - 1) * d - 1) / s) + 1;
  return {
    batchSize: batch, inDepth: size, inHeight: size, inWidth: size, inChannels: inC, outDepth: out, outHeight: out, outWidth: out, outChannels: outC,
    filterDepth: k, filterHeight: k, filterWidth: k, strideDepth: s, strideHeight: s, strideWidth: s, dilationDepth: d, dilationHeight: d,
    dilationWidth: d, padFront: pad, padTop: pad, padLeft: pad,
  };
}

/** Visits every (output index, input index or -1 outside, tap index) of a volume geometry. */
function eachTap(g: Conv3DGeometry, visit: (b: number, o: number[], x: number[] | null, tap: number[]) => void): void {
  for (let b = 0; b < g.batchSize; b++)
    for (let od = 0; od < g.outDepth; od++)
      for (let oh = 0; oh < g.outHeight; oh++)
        for (let ow = 0; ow < g.outWidth; ow++)
          for (let kd = 0; kd < g.filterDepth; kd++)
            for (let kh = 0; kh < g.filterHeight; kh++)
              for (let kw = 0; kw < g.filterWidth; kw++) {
                const x = [od * g.strideDepth - g.padFront + kd * g.dilationDepth, oh * g.strideHeight - g.padTop + kh * g.dilationHeight, ow * g.strideWidth - g.padLeft + kw * g.dilationWidth];
                const inside = x[0]! >= 0 && x[0]! < g.inDepth && x[1]! >= 0 && x[1]! < g.inHeight && x[2]! >= 0 && x[2]! < g.inWidth;
                visit(b, [od, oh, ow], inside ? x : null, [kd, kh, kw]);
              }
}

const volumeArb = fc.record({
  batch: fc.integer({ min: 1, max: 2 }), size: fc.integer({ min: 3, max: 6 }), inC: fc.integer({ min: 1, max: 4 }), outC: fc.integer({ min: 1, max: 6 }),
  k: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 2 }), pad: fc.integer({ min: 0, max: 1 }),
});

describe('3-D convolution and pooling', () => {
  it('conv3d and both gradients match direct sums', () => {
    fc.assert(
      fc.property(volumeArb, ({ batch, size, inC, outC, k, s, pad }) => {
        const g = volume(batch, size, inC, outC, k, s, 1, pad);
        const xIndex = (b: number, p: number[], c: number) => (((b * size + p[0]!) * size + p[1]!) * size + p[2]!) * inC + c;
        const oIndex = (b: number, p: number[], c: number) => (((b * g.outDepth + p[0]!) * g.outHeight + p[1]!) * g.outWidth + p[2]!) * outC + c;
        const wIndex = (t: number[], ci: number, co: number) => (((t[0]! * k + t[1]!) * k + t[2]!) * inC + ci) * outC + co;
        const x = random(batch * size ** 3 * inC);
        const w = random(k ** 3 * inC * outC);
        const dy = random(batch * g.outDepth ** 3 * outC);
        const y = new Float64Array(dy.length);
        const dx = new Float64Array(x.length);
        const dw = new Float64Array(w.length);
        eachTap(g, (b, o, p, t) => {
          if (p === null) return;
          for (let ci = 0; ci < inC; ci++) {
            for (let co = 0; co < outC; co++) {
              y[oIndex(b, o, co)]! += x[xIndex(b, p, ci)]! * w[wIndex(t, ci, co)]!;
              dx[xIndex(b, p, ci)]! += dy[oIndex(b, o, co)]! * w[wIndex(t, ci, co)]!;
              dw[wIndex(t, ci, co)]! += dy[oIndex(b, o, co)]! * x[xIndex(b, p, ci)]!;
            }
          }
        });
        close(conv3d(kernels, x, w, g), y);
        close(conv3dBackpropInput(kernels, dy, w, g), dx);
        close(conv3dBackpropFilter(kernels, x, dy, g), dw);
      }),
      { numRuns: 30 },
    );
  });

  it('max and average pooling and their gradients match direct loops', () => {
    fc.assert(
      fc.property(volumeArb, ({ batch, size, inC, k, s, pad }) => {
        const g = volume(batch, size, inC, inC, k, s, 1, pad);
        const x = random(batch * size ** 3 * inC, 64);
        const dy = random(batch * g.outDepth ** 3 * inC);
        const max = new Float32Array(dy.length).fill(Number.NEGATIVE_INFINITY);
        const sums = new Float64Array(dy.length);
        const counts = new Float64Array(dy.length);
        const dxAvg = new Float64Array(x.length);
        // Average pooling's dx spreads dy over the whole window size; taps outside x are dropped.
        eachTap(g, (b, o, p) => {
          for (let c = 0; c < inC; c++) {
            const oi = (((b * g.outDepth + o[0]!) * g.outHeight + o[1]!) * g.outWidth + o[2]!) * inC + c;
            if (p === null) continue;
            const xi = (((b * size + p[0]!) * size + p[1]!) * size + p[2]!) * inC + c;
            max[oi] = Math.max(max[oi]!, x[xi]!);
            sums[oi]! += x[xi]!;
            counts[oi]! += 1;
            dxAvg[xi]! += dy[oi]! / k ** 3;
          }
        });
        close(pool3d(kernels, x, 'max', g), max, 0);
        close(pool3d(kernels, x, 'avg', g), sums.map((v, i) => v / Math.max(1, counts[i]!)));
        close(pool3dGrad(kernels, dy, null, 'avg', g), dxAvg);
        // Max: dy reaches one input of each window (values on a grid tie, so check the total).
        const dxMax = pool3dGrad(kernels, dy, x, 'max', g);
        const total = (a: ArrayLike<number>) => Array.from(a).reduce((p, v) => p + v, 0);
        const windowsWithInput = dy.filter((_, i) => counts[i]! > 0);
        expect(Math.abs(total(dxMax) - total(windowsWithInput))).toBeLessThan(1e-3);
      }),
      { numRuns: 30 },
    );
  });
});

describe('2-D windows', () => {
  const windowArb = fc.record({
    batch: fc.integer({ min: 1, max: 2 }), h: fc.integer({ min: 2, max: 7 }), w: fc.integer({ min: 2, max: 7 }), c: fc.integer({ min: 1, max: 9 }),
    k: fc.integer({ min: 1, max: 2 }), s: fc.integer({ min: 1, max: 2 }),
  });
  const geometry = (batch: number, h: number, w: number, c: number, k: number, s: number): Window2DGeometry => ({
    batchSize: batch, inHeight: h, inWidth: w, inChannels: c, outHeight: Math.floor((h - k) / s) + 1, outWidth: Math.floor((w - k) / s) + 1,
    filterHeight: k, filterWidth: k, strideHeight: s, strideWidth: s, dilationHeight: 1, dilationWidth: 1, padInfo: { top: 0, left: 0 },
  });
  /** Calls `visit` for each output of `g` in NHWC order, with its flat index `o`. */
  const eachOutput = (g: Window2DGeometry, visit: (b: number, oy: number, ox: number, ch: number, o: number) => void) => {
    let o = 0;
    for (let b = 0; b < g.batchSize; b++)
      for (let oy = 0; oy < g.outHeight; oy++) for (let ox = 0; ox < g.outWidth; ox++) for (let ch = 0; ch < g.inChannels; ch++) visit(b, oy, ox, ch, o++);
  };

  it('maxPoolWithArgmax gives each window’s first maximum and its flat index', () => {
    fc.assert(
      fc.property(windowArb, fc.boolean(), ({ batch, h, w, c, k, s }, includeBatch) => {
        const g = geometry(batch, h, w, c, k, s);
        const x = random(batch * h * w * c, 4);
        const { values, indexes } = maxPoolWithArgmax(kernels, x, g, includeBatch);
        eachOutput(g, (b, oy, ox, ch, o) => {
          let best = Number.NEGATIVE_INFINITY;
          let index = -1;
          for (let ky = 0; ky < k; ky++)
            for (let kx = 0; kx < k; kx++) {
              const [y, xx] = [oy * s + ky, ox * s + kx];
              const v = x[((b * h + y) * w + xx) * c + ch]!;
              if (v > best) [best, index] = [v, (((includeBatch ? b * h : 0) + y) * w + xx) * c + ch];
            }
          expect([values[o], indexes[o]]).toEqual([best, index]);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('dilation2d is the largest x + filter over the window', () => {
    fc.assert(
      fc.property(windowArb, ({ batch, h, w, c, k, s }) => {
        const g = geometry(batch, h, w, c, k, s);
        const x = random(batch * h * w * c);
        const f = random(k * k * c);
        const out = dilation2d(kernels, x, f, g);
        eachOutput(g, (b, oy, ox, ch, o) => {
          let best = Number.NEGATIVE_INFINITY;
          for (let ky = 0; ky < k; ky++) for (let kx = 0; kx < k; kx++) best = Math.max(best, x[((b * h + oy * s + ky) * w + ox * s + kx) * c + ch]! + f[(ky * k + kx) * c + ch]!);
          expect(out[o]).toBe(Math.fround(best));
        });
        // Each dy lands on one tap: the gradients keep dy's total.
        const dy = random(out.length);
        const total = (a: ArrayLike<number>) => Array.from(a).reduce((p, v) => p + v, 0);
        expect(total(dilation2d(kernels, x, f, g, { of: 'input', dy }))).toBeCloseTo(total(dy), 3);
        expect(total(dilation2d(kernels, x, f, g, { of: 'filter', dy }))).toBeCloseTo(total(dy), 3);
      }),
      { numRuns: 50 },
    );
  });

  it('lrn normalises across the channel window', () => {
    const [pixels, channels, radius] = [7, 11, 2];
    const x = random(pixels * channels);
    const out = lrn(kernels, x, channels, { depthRadius: radius, bias: 1, alpha: 0.5, beta: 0.75 });
    const expected = Array.from(x, (v, i) => {
      const [p, ch] = [Math.floor(i / channels), i % channels];
      let sum = 0;
      for (let k = Math.max(0, ch - radius); k <= Math.min(channels - 1, ch + radius); k++) sum += x[p * channels + k]! ** 2;
      return v * (1 + 0.5 * sum) ** -0.75;
    });
    close(out, expected, 1e-6);
  });

  it('resizeNearestNeighborGrad sums dy into each output pixel’s nearest source', () => {
    const [H, W, C, outH, outW] = [3, 4, 2, 7, 5];
    const dy = random(outH * outW * C);
    const expected = new Float64Array(H * W * C);
    for (let y = 0; y < outH; y++)
      for (let x = 0; x < outW; x++)
        for (let c = 0; c < C; c++) expected[(Math.min(H - 1, Math.floor((y * H) / outH)) * W + Math.min(W - 1, Math.floor((x * W) / outW))) * C + c]! += dy[(y * outW + x) * C + c]!;
    close(resizeNearestNeighborGrad(kernels, dy, 1, H, W, C, outH, outW, false), expected);
  });
});

describe('image warps', () => {
  it('rotateWithOffset takes the nearest pixel of the rotated grid, else the fill', () => {
    const [H, W, C] = [5, 7, 3];
    const image = random(H * W * C);
    const [radians, cx, cy] = [0.7, 3.5, 2.5];
    const out = rotateWithOffset(kernels, image, [1, H, W, C], radians, cx, cy, [9, 8, 7]);
    const expected = new Float32Array(image.length);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const sx = Math.round((x - cx) * Math.cos(radians) - (y - cy) * Math.sin(radians) + cx);
        const sy = Math.round((x - cx) * Math.sin(radians) + (y - cy) * Math.cos(radians) + cy);
        for (let c = 0; c < C; c++) {
          const inside = sx >= 0 && sx < W && sy >= 0 && sy < H;
          expected[(y * W + x) * C + c] = inside ? image[(sy * W + sx) * C + c]! : [9, 8, 7][c]!;
        }
      }
    expect(Array.from(out)).toEqual(Array.from(expected));
  });

  it('transform: the identity copies, an integer shift moves pixels and fills the rest', () => {
    const [H, W, C] = [4, 6, 2];
    const image = random(H * W * C);
    const identity = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(transform(kernels, image, [1, H, W, C], identity, H, W, 'bilinear', 'constant', 0))).toEqual(Array.from(image));
    // out(x, y) = in(x + 2, y - 1).
    const shift = Float32Array.from([1, 0, 2, 0, 1, -1, 0, 0]);
    const out = transform(kernels, image, [1, H, W, C], shift, H, W, 'nearest', 'constant', -5);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        for (let c = 0; c < C; c++) {
          const [sx, sy] = [x + 2, y - 1];
          const inside = sx < W && sy >= 0;
          expect(out[(y * W + x) * C + c]).toBe(inside ? image[(sy * W + sx) * C + c] : -5);
        }
  });
});

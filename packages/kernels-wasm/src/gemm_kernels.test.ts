// The typed API on its own (no tfjs): conv2d, depthwise, transpose and matmul against direct
// loops written from the definitions, on random geometries, and its argument errors.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchMatMul,
  type ConvGeometry,
  conv2d,
  conv2dBackpropInput,
  conv2dBackpropInputByPhases,
  depthwiseConv2d,
  type FoveaKernels,
  groupedConv2d,
  loadKernels,
  packConv2DBackpropInputFilter,
  packConv2DBackpropInputPhases,
  packConv2DFilter,
  packGroupedConv2DFilter,
  packWinogradFilter,
  transposeByPhases,
  winogradApplies,
  winogradConv2d,
} from './index.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd' });
});

const random = (n: number) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);

const geometryArb = fc
  .record({
    batchSize: fc.integer({ min: 1, max: 2 }),
    inHeight: fc.integer({ min: 1, max: 8 }),
    inWidth: fc.integer({ min: 1, max: 8 }),
    inChannels: fc.integer({ min: 1, max: 5 }),
    outChannels: fc.integer({ min: 1, max: 11 }),
    filterHeight: fc.integer({ min: 1, max: 3 }),
    filterWidth: fc.integer({ min: 1, max: 3 }),
    strideHeight: fc.integer({ min: 1, max: 2 }),
    strideWidth: fc.integer({ min: 1, max: 2 }),
    dilationHeight: fc.integer({ min: 1, max: 2 }),
    dilationWidth: fc.integer({ min: 1, max: 2 }),
    top: fc.nat(2),
    left: fc.nat(2),
    bottom: fc.nat(2),
    right: fc.nat(2),
  })
  .map((g) => {
    const effH = (g.filterHeight - 1) * g.dilationHeight + 1;
    const effW = (g.filterWidth - 1) * g.dilationWidth + 1;
    return {
      ...g,
      outHeight: Math.floor((g.inHeight + g.top + g.bottom - effH) / g.strideHeight) + 1,
      outWidth: Math.floor((g.inWidth + g.left + g.right - effW) / g.strideWidth) + 1,
      padInfo: { top: g.top, left: g.left },
    };
  })
  .filter((g) => g.outHeight > 0 && g.outWidth > 0);

/** out[b,oh,ow,o] = Σ x[b, oh·sh + fh·dh − top, ow·sw + fw·dw − left, c] · w(fh, fw, c, o). */
function directConv(
  x: Float32Array,
  g: ConvGeometry,
  weight: (fh: number, fw: number, c: number, o: number) => number,
  inputChannel: (o: number, c: number) => boolean,
): Float32Array {
  const out = new Float32Array(g.batchSize * g.outHeight * g.outWidth * g.outChannels);
  for (let b = 0; b < g.batchSize; b++)
    for (let oh = 0; oh < g.outHeight; oh++)
      for (let ow = 0; ow < g.outWidth; ow++)
        for (let o = 0; o < g.outChannels; o++) {
          let sum = 0;
          for (let fh = 0; fh < g.filterHeight; fh++)
            for (let fw = 0; fw < g.filterWidth; fw++) {
              const i = oh * g.strideHeight + fh * g.dilationHeight - g.padInfo.top;
              const j = ow * g.strideWidth + fw * g.dilationWidth - g.padInfo.left;
              if (i < 0 || i >= g.inHeight || j < 0 || j >= g.inWidth) continue;
              for (let c = 0; c < g.inChannels; c++) {
                if (!inputChannel(o, c)) continue;
                sum += x[((b * g.inHeight + i) * g.inWidth + j) * g.inChannels + c]! * weight(fh, fw, c, o);
              }
            }
          out[((b * g.outHeight + oh) * g.outWidth + ow) * g.outChannels + o] = sum;
        }
  return out;
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    if (Math.abs(actual[i]! - expected[i]!) > 1e-4 * Math.max(1, Math.abs(expected[i]!))) {
      throw new Error(`element ${i}: got ${actual[i]}, expected ${expected[i]}`);
    }
  }
}

describe('conv2d (typed API)', () => {
  it('equals the direct definition on random geometries', () => {
    fc.assert(
      fc.property(geometryArb, (g) => {
        const x = random(g.batchSize * g.inHeight * g.inWidth * g.inChannels);
        const f = random(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels);
        const w = (fh: number, fw: number, c: number, o: number) =>
          f[((fh * g.filterWidth + fw) * g.inChannels + c) * g.outChannels + o]!;
        expectClose(conv2d(kernels, x, packConv2DFilter(kernels, f, g), g), directConv(x, g, w, () => true));
      }),
      { numRuns: 40 },
    );
  });

  it('names the argument, the value and the expectation in its errors', () => {
    const g = { ...fc.sample(geometryArb, { seed: 1, numRuns: 1 })[0]! };
    const f = random(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels);
    expect(() => conv2d(kernels, new Float32Array(1), packConv2DFilter(kernels, f, g), { ...g, batchSize: 3 })).toThrow(
      /^x: got 1 values, expected \d+ \(batch·H·W·Cin\)$/,
    );
    expect(() => packConv2DFilter(kernels, new Float32Array(2), g)).toThrow(/^filter: got 2 values/);
    const x = random(g.batchSize * g.inHeight * g.inWidth * g.inChannels);
    expect(() => conv2d(kernels, x, packConv2DFilter(kernels, f, g), g, { bias: new Float32Array(g.outChannels + 1) })).toThrow(
      `bias: got ${g.outChannels + 1} values, expected ${g.outChannels} (one per output channel) or 1`,
    );
    expect(() => conv2d(kernels, x, packConv2DFilter(kernels, f, g), g, { activation: 'prelu' })).toThrow(/^preluAlpha: got none/);
  });
});

describe('depthwiseConv2d (typed API)', () => {
  it('equals the direct definition with channel multipliers', () => {
    fc.assert(
      fc.property(geometryArb, fc.integer({ min: 1, max: 3 }), (geometry, multiplier) => {
        const g = { ...geometry, outChannels: geometry.inChannels * multiplier };
        const x = random(g.batchSize * g.inHeight * g.inWidth * g.inChannels);
        const f = random(g.filterHeight * g.filterWidth * g.outChannels);
        const w = (fh: number, fw: number, _c: number, o: number) => f[(fh * g.filterWidth + fw) * g.outChannels + o]!;
        const sameChannel = (o: number, c: number) => Math.floor(o / multiplier) === c;
        expectClose(depthwiseConv2d(kernels, x, f, g), directConv(x, g, w, sameChannel));
      }),
      { numRuns: 40 },
    );
  });

  it('equals the direct definition with 5-wide filters at stride 1 (the 4-pixel row kernel), bias and relu6', () => {
    const wide = fc.record({
      batchSize: fc.integer({ min: 1, max: 2 }),
      inHeight: fc.integer({ min: 1, max: 9 }),
      inWidth: fc.integer({ min: 5, max: 21 }),
      inChannels: fc.integer({ min: 1, max: 13 }),
      multiplier: fc.integer({ min: 1, max: 2 }),
      filterHeight: fc.integer({ min: 1, max: 5 }),
      left: fc.nat(4),
      right: fc.nat(4),
      top: fc.nat(4),
    });
    fc.assert(
      fc.property(wide, (p) => {
        const g: ConvGeometry = {
          batchSize: p.batchSize, inHeight: p.inHeight, inWidth: p.inWidth, inChannels: p.inChannels,
          outChannels: p.inChannels * p.multiplier, filterHeight: p.filterHeight, filterWidth: 5,
          outHeight: p.inHeight + p.top - p.filterHeight + 1 + 2, outWidth: p.inWidth + p.left + p.right - 4,
          strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padInfo: { top: p.top, left: p.left },
        };
        if (g.outHeight < 1 || g.outWidth < 1) return;
        // Scaled so that outputs pass both clamps.
        const x = random(g.batchSize * g.inHeight * g.inWidth * g.inChannels).map((v) => v * 3);
        const f = random(g.filterHeight * 5 * g.outChannels);
        const bias = random(g.outChannels);
        const w = (fh: number, fw: number, _c: number, o: number) => f[(fh * 5 + fw) * g.outChannels + o]!;
        const sameChannel = (o: number, c: number) => Math.floor(o / p.multiplier) === c;
        const expected = directConv(x, g, w, sameChannel).map((v, i) => Math.min(6, Math.max(0, v + bias[i % g.outChannels]!)));
        expectClose(depthwiseConv2d(kernels, x, f, g, { bias, activation: 'relu6' }), expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('groupedConv2d (typed API)', () => {
  it('equals the direct definition: output channel o sees only its group\'s input channels', () => {
    fc.assert(
      fc.property(
        geometryArb,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 10 }),
        fc.constantFrom('linear', 'relu6', 'swish') as fc.Arbitrary<'linear' | 'relu6' | 'swish'>,
        (geometry, groups, perGroupIn, perGroupOut, activation) => {
          const g = { ...geometry, inChannels: groups * perGroupIn, outChannels: groups * perGroupOut };
          const x = random(g.batchSize * g.inHeight * g.inWidth * g.inChannels);
          // Keras's grouped layout: [kh, kw, Cin/groups, Cout].
          const f = random(g.filterHeight * g.filterWidth * perGroupIn * g.outChannels);
          const bias = random(g.outChannels);
          const groupOf = (o: number) => Math.floor(o / perGroupOut);
          const w = (fh: number, fw: number, c: number, o: number) =>
            f[((fh * g.filterWidth + fw) * perGroupIn + (c - groupOf(o) * perGroupIn)) * g.outChannels + o]!;
          const expected = directConv(x, g, w, (o, c) => Math.floor(c / perGroupIn) === groupOf(o)).map((v, i) => {
            const y = v + bias[i % g.outChannels]!;
            return activation === 'relu6' ? Math.min(Math.max(y, 0), 6) : activation === 'swish' ? y / (1 + Math.exp(-y)) : y;
          });
          const packed = packGroupedConv2DFilter(kernels, f, g, groups);
          expectClose(groupedConv2d(kernels, x, packed, g, { bias, activation }), expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('names the problem: groups not dividing the channels, a filter of the wrong size or packing', () => {
    const g = { batchSize: 1, inHeight: 4, inWidth: 4, inChannels: 6, outChannels: 4, filterHeight: 3, filterWidth: 3,
      strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, outHeight: 2, outWidth: 2, padInfo: { top: 0, left: 0 } };
    expect(() => packGroupedConv2DFilter(kernels, random(9 * 2 * 4), g, 3)).toThrow(
      /^groups: got 3, expected a positive divisor of both inChannels \(6\) and outChannels \(4\)/,
    );
    expect(() => packGroupedConv2DFilter(kernels, random(10), g, 2)).toThrow(/^filter: got 10 values/);
    const packed = packGroupedConv2DFilter(kernels, random(9 * 3 * 4), g, 2);
    expect(() => groupedConv2d(kernels, random(4 * 4 * 6), packed, { ...g, outChannels: 8 })).toThrow(/^filter: packed 27×4 per group, expected 27×8/);
  });
});

describe('winogradConv2d (typed API)', () => {
  const winogradArb = fc
    .record({
      batchSize: fc.integer({ min: 1, max: 2 }),
      inHeight: fc.integer({ min: 1, max: 9 }),
      inWidth: fc.integer({ min: 1, max: 9 }),
      inQuads: fc.integer({ min: 4, max: 6 }),
      outQuads: fc.integer({ min: 1, max: 5 }),
      top: fc.nat(2),
      left: fc.nat(2),
      bottom: fc.nat(2),
      right: fc.nat(2),
    })
    .map((r) => ({
      batchSize: r.batchSize, inHeight: r.inHeight, inWidth: r.inWidth, inChannels: 4 * r.inQuads, outChannels: 4 * r.outQuads,
      filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
      outHeight: r.inHeight + r.top + r.bottom - 2, outWidth: r.inWidth + r.left + r.right - 2, padInfo: { top: r.top, left: r.left },
    }))
    .filter((g) => g.outHeight > 0 && g.outWidth > 0);

  it('equals the direct definition with bias and activations, odd sizes and uneven padding included', () => {
    fc.assert(
      fc.property(
        winogradArb,
        fc.constantFrom('linear', 'relu', 'relu6', 'prelu', 'swish') as fc.Arbitrary<'linear' | 'relu' | 'relu6' | 'prelu' | 'swish'>,
        (g, activation) => {
          expect(winogradApplies(g)).toBe(true);
          const x = random(g.batchSize * g.inHeight * g.inWidth * g.inChannels);
          const f = random(9 * g.inChannels * g.outChannels);
          const bias = random(g.outChannels);
          const slopes = random(g.outChannels);
          const w = (fh: number, fw: number, c: number, o: number) => f[((fh * 3 + fw) * g.inChannels + c) * g.outChannels + o]!;
          const expected = directConv(x, g, w, () => true).map((v, i) => {
            const o = i % g.outChannels;
            const y = v + bias[o]!;
            if (activation === 'relu') return Math.max(y, 0);
            if (activation === 'relu6') return Math.min(Math.max(y, 0), 6);
            if (activation === 'prelu') return y >= 0 ? y : y * slopes[o]!;
            return activation === 'swish' ? y / (1 + Math.exp(-y)) : y;
          });
          const packed = packWinogradFilter(kernels, f, g);
          expectClose(winogradConv2d(kernels, x, packed, g, { bias, activation, preluAlpha: slopes }), expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('applies only to 3×3 stride-1 undilated filters over channels it can vectorise, and says so', () => {
    const g = { batchSize: 1, inHeight: 6, inWidth: 6, inChannels: 16, outChannels: 8, filterHeight: 3, filterWidth: 3,
      strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, outHeight: 6, outWidth: 6, padInfo: { top: 1, left: 1 } };
    expect(winogradApplies(g)).toBe(true);
    for (const other of [{ strideHeight: 2 }, { dilationWidth: 2 }, { filterHeight: 5 }, { inChannels: 18 }, { outChannels: 6 }, { inChannels: 12 }]) {
      expect(winogradApplies({ ...g, ...other })).toBe(false);
    }
    expect(() => packWinogradFilter(kernels, random(9 * 16 * 8), { ...g, strideWidth: 2 })).toThrow(
      /^winogradConv2d: needs a 3×3 filter, stride 1, .* got 3×3, strides 1×2, dilations 1×1, 16 → 8 channels \(use conv2d\)$/,
    );
    expect(() => packWinogradFilter(kernels, random(5), g)).toThrow(/^filter: got 5 values, expected 1152 \(3·3·Cin·Cout\)$/);
    const direct = packConv2DFilter(kernels, random(9 * 16 * 8), g);
    expect(() => winogradConv2d(kernels, random(6 * 6 * 16), direct, g)).toThrow(
      "filter: packed 144×8, expected 256×8 (packWinogradFilter's 16·Cin × Cout)",
    );
    const packed = packWinogradFilter(kernels, random(9 * 16 * 8), g);
    expect(() => winogradConv2d(kernels, random(7), packed, g)).toThrow(/^x: got 7 values, expected 576 \(batch·H·W·Cin\)$/);
  });

  it('hands inputs it cannot compute like the direct convolution (Inf, NaN, near float32 range) to `direct`, or says why', () => {
    const g = { batchSize: 1, inHeight: 6, inWidth: 6, inChannels: 16, outChannels: 8, filterHeight: 3, filterWidth: 3,
      strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, outHeight: 6, outWidth: 6, padInfo: { top: 1, left: 1 } };
    const f = random(9 * 16 * 8);
    const packed = packWinogradFilter(kernels, f, g);
    const direct = packConv2DFilter(kernels, f, g);
    const x = random(6 * 6 * 16);
    let calls = 0;
    const viaDirect = (input: Float32Array) => () => {
      calls++;
      return conv2d(kernels, input, direct, g, { activation: 'relu' });
    };
    // Ordinary inputs: Winograd's own result, no direct call.
    winogradConv2d(kernels, x, packed, g, { activation: 'relu' }, viaDirect(x));
    expect(calls).toBe(0);
    for (const special of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 3e38, -1e38, 1e31]) {
      const bad = Float32Array.from(x);
      bad[(2 * 6 + 3) * 16 + 5] = special;
      const result = winogradConv2d(kernels, bad, packed, g, { activation: 'relu' }, viaDirect(bad));
      const expected = conv2d(kernels, bad, direct, g, { activation: 'relu' });
      expect(Array.from(result)).toEqual(Array.from(expected));
      expect(() => winogradConv2d(kernels, bad, packed, g, { activation: 'relu' })).toThrow(/near float32's range.*pass `direct`/);
    }
    expect(calls).toBe(6);
    // A huge bias flags every tile too (checked before the activation, which would hide -Inf).
    const bias = new Float32Array(8).fill(-Number.MAX_VALUE);
    expect(() => winogradConv2d(kernels, x, packed, g, { bias, activation: 'relu' })).toThrow(/pass `direct`/);
  });

  it('keeps WASM memory flat across repeated calls once warm', () => {
    const g = { batchSize: 1, inHeight: 30, inWidth: 30, inChannels: 32, outChannels: 32, filterHeight: 3, filterWidth: 3,
      strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, outHeight: 30, outWidth: 30, padInfo: { top: 1, left: 1 } };
    const packed = packWinogradFilter(kernels, random(9 * 32 * 32), g);
    const x = random(30 * 30 * 32);
    winogradConv2d(kernels, x, packed, g, { activation: 'relu' });
    const bytes = kernels.arena.memoryBytes;
    for (let i = 0; i < 20; i++) winogradConv2d(kernels, x, packed, g, { activation: 'relu' });
    expect(kernels.arena.memoryBytes).toBe(bytes);
  });
});

describe('conv2dBackpropInput (typed API)', () => {
  it('is the adjoint of conv2d: <conv(x), dy> = <x, convᵀ(dy)>', () => {
    fc.assert(
      fc.property(geometryArb, (g) => {
        const x = random(g.batchSize * g.inHeight * g.inWidth * g.inChannels);
        const f = random(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels);
        const dy = random(g.batchSize * g.outHeight * g.outWidth * g.outChannels);
        const y = conv2d(kernels, x, packConv2DFilter(kernels, f, g), g);
        const dx = conv2dBackpropInput(kernels, dy, packConv2DBackpropInputFilter(kernels, f, g), g);
        const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
        expect(dot(y, dy)).toBeCloseTo(dot(x, dx), 3);
      }),
      { numRuns: 40 },
    );
  });
});

describe('conv2dBackpropInputByPhases (typed API): strided transposed convs by sub-pixel phases', () => {
  // Strides up to 4 and filters up to 5: phases with several taps, one, or none (stride > filter).
  const stridedArb = fc
    .record({
      batchSize: fc.integer({ min: 1, max: 2 }),
      inHeight: fc.integer({ min: 1, max: 13 }),
      inWidth: fc.integer({ min: 1, max: 13 }),
      inChannels: fc.integer({ min: 1, max: 5 }),
      outChannels: fc.integer({ min: 1, max: 9 }),
      filterHeight: fc.integer({ min: 1, max: 5 }),
      filterWidth: fc.integer({ min: 1, max: 5 }),
      strideHeight: fc.integer({ min: 1, max: 4 }),
      strideWidth: fc.integer({ min: 2, max: 4 }),
      top: fc.nat(3),
      left: fc.nat(3),
      bottom: fc.nat(3),
      right: fc.nat(3),
    })
    .map((g) => ({
      ...g,
      dilationHeight: 1,
      dilationWidth: 1,
      outHeight: Math.floor((g.inHeight + g.top + g.bottom - g.filterHeight) / g.strideHeight) + 1,
      outWidth: Math.floor((g.inWidth + g.left + g.right - g.filterWidth) / g.strideWidth) + 1,
      padInfo: { top: Math.min(g.top, g.filterHeight - 1), left: Math.min(g.left, g.filterWidth - 1) },
    }))
    .filter((g) => g.outHeight > 0 && g.outWidth > 0);

  it('equals the convolution of dy with holes (conv2dBackpropInput) on random strided geometries', () => {
    fc.assert(
      fc.property(stridedArb, (g) => {
        expect(transposeByPhases(g)).toBe(true);
        const f = random(g.filterHeight * g.filterWidth * g.inChannels * g.outChannels);
        const dy = random(g.batchSize * g.outHeight * g.outWidth * g.outChannels);
        const byHoles = conv2dBackpropInput(kernels, dy, packConv2DBackpropInputFilter(kernels, f, g), g);
        const byPhases = conv2dBackpropInputByPhases(kernels, dy, packConv2DBackpropInputPhases(kernels, f, g), g);
        expect(byPhases.length).toBe(byHoles.length);
        byPhases.forEach((v, i) => {
          expect(v).toBeCloseTo(byHoles[i]!, 4);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('FCN-8s\'s ×8 upsampling (16×16, stride 8, same): every output pixel reads 2×2 inputs, not 16×16', () => {
    const g = { batchSize: 1, inHeight: 40, inWidth: 48, inChannels: 3, outChannels: 3, filterHeight: 16, filterWidth: 16,
      strideHeight: 8, strideWidth: 8, dilationHeight: 1, dilationWidth: 1, outHeight: 5, outWidth: 6, padInfo: { top: 4, left: 4 } };
    const f = random(16 * 16 * 9);
    const packed = packConv2DBackpropInputPhases(kernels, f, g);
    expect(packed.phases).toHaveLength(64);
    expect(packed.phases.every((p) => p.tapsHeight === 2 && p.tapsWidth === 2)).toBe(true);
    const dy = random(5 * 6 * 3);
    const byHoles = conv2dBackpropInput(kernels, dy, packConv2DBackpropInputFilter(kernels, f, g), g);
    conv2dBackpropInputByPhases(kernels, dy, packed, g).forEach((v, i) => {
      expect(v).toBeCloseTo(byHoles[i]!, 4);
    });
    expect(() => conv2dBackpropInputByPhases(kernels, dy, packConv2DBackpropInputPhases(kernels, f, { ...g, strideWidth: 4 }), g)).toThrow(
      /filter: packed .* in 32 phases, expected .* in 64 \(use packConv2DBackpropInputPhases\)/,
    );
  });
});

describe('batchMatMul (typed API)', () => {
  it('multiplies with transposes, broadcast batches and a fused relu', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 17 }),
        fc.boolean(),
        fc.boolean(),
        (M, K, N, transposeA, transposeB) => {
          const a = random(2 * M * K);
          const b = random(K * N);
          const bias = random(N);
          const { shape, values } = batchMatMul(
            kernels, a, [2, transposeA ? K : M, transposeA ? M : K], b, [1, transposeB ? N : K, transposeB ? K : N],
            { transposeA, transposeB }, { bias, activation: 'relu' },
          );
          expect(shape).toEqual([2, M, N]);
          const expected = new Float32Array(2 * M * N);
          for (let t = 0; t < 2; t++)
            for (let i = 0; i < M; i++)
              for (let j = 0; j < N; j++) {
                let sum = bias[j]!;
                for (let k = 0; k < K; k++) {
                  const av = a[t * M * K + (transposeA ? k * M + i : i * K + k)]!;
                  const bv = b[transposeB ? j * K + k : k * N + j]!;
                  sum += av * bv;
                }
                expected[(t * M + i) * N + j] = Math.max(sum, 0);
              }
          expectClose(values, expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  // One row of A takes its own path (four panels at a time, the last group partial): Dense at
  // batch 1 and convolutions with one output pixel.
  it('multiplies a single row against any number of panels, with bias and relu6', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 41 }), fc.boolean(), (K, N, withBias) => {
        // Scaled so that sums pass both 0 and 6.
        const a = random(K).map((v) => 4 * v);
        const b = random(K * N).map((v) => 4 * v);
        const bias = withBias ? random(N) : undefined;
        const { values } = batchMatMul(kernels, a, [1, K], b, [K, N], {}, { bias, activation: 'relu6' });
        const expected = new Float32Array(N);
        for (let j = 0; j < N; j++) {
          let sum = bias?.[j] ?? 0;
          for (let k = 0; k < K; k++) sum += a[k]! * b[k * N + j]!;
          expected[j] = Math.min(Math.max(sum, 0), 6);
        }
        expectClose(values, expected);
      }),
      { numRuns: 60 },
    );
  });

  it('convolves to a single output pixel (the row gathered from several filter rows)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 41 }), (k, C, N) => {
        const g: ConvGeometry = {
          batchSize: 1, inHeight: k, inWidth: k, inChannels: C, outChannels: N, outHeight: 1, outWidth: 1,
          filterHeight: k, filterWidth: k, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
          padInfo: { top: 0, left: 0 },
        };
        const x = random(k * k * C);
        const f = random(k * k * C * N);
        const w = (fh: number, fw: number, c: number, o: number) => f[((fh * k + fw) * C + c) * N + o]!;
        expectClose(conv2d(kernels, x, packConv2DFilter(kernels, f, g), g), directConv(x, g, w, () => true));
      }),
      { numRuns: 40 },
    );
  });

  it('rejects mismatched inner dimensions, naming both shapes', () => {
    expect(() => batchMatMul(kernels, random(6), [2, 3], random(8), [4, 2])).toThrow(/inner dimensions: a gives K = 3, b gives 4/);
  });
});

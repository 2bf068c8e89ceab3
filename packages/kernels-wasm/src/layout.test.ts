// The typed API of the layout and indexing kernels on its own (no tfjs): against direct loops
// written from the definitions, on random shapes and every element type (Float32Array, Int32Array,
// Uint8Array for bool), plus argument errors. The backend's tests compare the same kernels with
// tfjs's cpu backend.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  batchToSpaceND, cast, concat, depthToSpace, type FoveaKernels, fill, gather, gatherNd, linspace, loadKernels, mirrorPad,
  oneHot, range, reverse, scatterNd, select, slice, spaceToBatchND, split, stridedSlice, tensorScatterUpdate, tile, transpose, type ElementArray,
} from './index.js';

let kernels: FoveaKernels;
beforeAll(async () => {
  kernels = await loadKernels({ variant: 'simd' });
});

type Kind = 'float32' | 'int32' | 'bool';
const kindArb = fc.constantFrom<Kind>('float32', 'int32', 'bool');
const shapeArb = (minRank: number, maxRank: number, max = 5, min = 1) => fc.array(fc.integer({ min, max }), { minLength: minRank, maxLength: maxRank });
const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const stridesOf = (shape: readonly number[]) => shape.map((_, i) => product(shape.slice(i + 1)));

/** Distinct values (their flat index, + 0.5 for float32; bool: index parity), so any misplaced element shows. */
function values(kind: Kind, n: number): ElementArray {
  if (kind === 'float32') return Float32Array.from({ length: n }, (_, i) => i + 0.5);
  if (kind === 'int32') return Int32Array.from({ length: n }, (_, i) => i * 3 - 7);
  return Uint8Array.from({ length: n }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
}

/** Elements of `x` at flat `indices`, as the same kind of array. */
function pick(x: ElementArray, indices: number[]): ElementArray {
  const out = new (x.constructor as new (n: number) => ElementArray)(indices.length);
  indices.forEach((at, i) => {
    out[i] = x[at]!;
  });
  return out;
}

/** Every coordinate of `shape`, row-major. */
function coordinates(shape: readonly number[]): number[][] {
  const out: number[][] = [];
  const walk = (prefix: number[]) => {
    if (prefix.length === shape.length) out.push(prefix);
    else for (let i = 0; i < shape[prefix.length]!; i++) walk([...prefix, i]);
  };
  walk([]);
  return out;
}

const flat = (coordinate: readonly number[], shape: readonly number[]) => coordinate.reduce((sum, c, i) => sum + c * stridesOf(shape)[i]!, 0);

describe('strided copies', () => {
  it('transpose matches a direct loop on any rank, permutation and element type (tiled where it merges to 2-D)', () => {
    fc.assert(
      fc.property(
        shapeArb(1, 5, 7, 0).chain((shape) => fc.tuple(fc.constant(shape), fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length }))),
        kindArb,
        ([shape, perm], kind) => {
          const x = values(kind, product(shape));
          const outShape = perm.map((p) => shape[p]!);
          const expected = pick(x, coordinates(outShape).map((c) => flat(perm.map((_, i) => c[perm.indexOf(i)]!), shape)));
          const out = transpose(kernels, x, shape, perm);
          expect(out).toBeInstanceOf(x.constructor);
          expect(Array.from(out)).toEqual(Array.from(expected));
        },
      ),
      { numRuns: 200 },
    );
    const big = values('float32', 3 * 67 * 35) as Float32Array;
    const t = transpose(kernels, big, [3, 67, 35], [0, 2, 1]);
    expect(t[1]).toBe(big[35]);
    expect(t[67 * 35 - 1]).toBe(big[67 * 35 - 1]);
  });

  it('stridedSlice, slice and reverse match a direct loop', () => {
    fc.assert(
      fc.property(
        shapeArb(1, 4, 6).chain((shape) =>
          fc.tuple(
            fc.constant(shape),
            fc.tuple(...shape.map((d) => fc.record({ stride: fc.constantFrom(1, 2, 3, -1, -2), begin: fc.nat(d - 1), size: fc.nat(d) }))),
          ),
        ),
        kindArb,
        ([shape, axes], kind) => {
          const x = values(kind, product(shape));
          const begin = axes.map((a) => a.begin);
          const strides = axes.map((a) => a.stride);
          // The most samples that stay inside the axis from begin with this stride.
          const size = axes.map((a, i) => Math.min(a.size, a.stride > 0 ? Math.floor((shape[i]! - 1 - a.begin) / a.stride) + 1 : Math.floor(a.begin / -a.stride) + 1));
          const expected = pick(x, coordinates(size).map((c) => flat(c.map((k, i) => begin[i]! + k * strides[i]!), shape)));
          expect(Array.from(stridedSlice(kernels, x, shape, begin, size, strides))).toEqual(Array.from(expected));
          const ones = shape.map(() => 1);
          const blockSize = size.map((s, i) => Math.min(s, shape[i]! - begin[i]!));
          const block = pick(x, coordinates(blockSize).map((c) => flat(c.map((k, i) => begin[i]! + k), shape)));
          expect(Array.from(slice(kernels, x, shape, begin, blockSize))).toEqual(Array.from(block));
          expect(Array.from(stridedSlice(kernels, x, shape, begin, blockSize, ones))).toEqual(Array.from(block));
          const flipped = shape.map((_, i) => i).filter((i) => strides[i]! < 0);
          const mirrored = pick(x, coordinates(shape).map((c) => flat(c.map((k, i) => (flipped.includes(i) ? shape[i]! - 1 - k : k)), shape)));
          expect(Array.from(reverse(kernels, x, shape, flipped))).toEqual(Array.from(mirrored));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('depthToSpace, spaceToBatchND and batchToSpaceND match their definitions and invert each other', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.nat(2), fc.nat(2), kindArb,
        (n, h, w, c, bh, bw, top, left, kind) => {
          const x = values(kind, n * h * w * c * bh * bh);
          const d2s = depthToSpace(kernels, x, [n, h, w, c * bh * bh], bh);
          const outShape = [n, h * bh, w * bh, c];
          const expected = pick(x, coordinates(outShape).map(([b, y, xx, d]) => flat([b!, Math.floor(y! / bh), Math.floor(xx! / bh), ((y! % bh) * bh + (xx! % bh)) * c + d!], [n, h, w, c * bh * bh])));
          expect(Array.from(d2s)).toEqual(Array.from(expected));

          const image = values(kind, n * h * w * c);
          const bottom = (bh - ((h + top) % bh)) % bh;
          const right = (bw - ((w + left) % bw)) % bw;
          const paddings: Array<[number, number]> = [[top, bottom], [left, right]];
          const s2b = spaceToBatchND(kernels, image, [n, h, w, c], [bh, bw], paddings);
          const ph = (h + top + bottom) / bh;
          const pw = (w + left + right) / bw;
          const zero = kind === 'float32' ? 0 : 0;
          const direct = coordinates([bh * bw * n, ph, pw, c]).map(([batch, y, xx, d]) => {
            const offset = Math.floor(batch! / n);
            const yy = y! * bh + Math.floor(offset / bw) - top;
            const xi = xx! * bw + (offset % bw) - left;
            return yy < 0 || yy >= h || xi < 0 || xi >= w ? zero : image[flat([batch! % n, yy, xi, d!], [n, h, w, c])]!;
          });
          expect(Array.from(s2b)).toEqual(direct);
          expect(Array.from(batchToSpaceND(kernels, s2b, [bh * bw * n, ph, pw, c], [bh, bw], paddings))).toEqual(Array.from(image));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('mirrorPad matches its definition in both modes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<'reflect' | 'symmetric'>('reflect', 'symmetric').chain((mode) =>
          shapeArb(1, 3, 5).chain((shape) =>
            fc.tuple(fc.constant(mode), fc.constant(shape), fc.tuple(...shape.map((d) => fc.tuple(fc.nat(mode === 'reflect' ? d - 1 : d), fc.nat(mode === 'reflect' ? d - 1 : d))))),
          ),
        ),
        kindArb,
        ([mode, shape, paddings], kind) => {
          const x = values(kind, product(shape));
          const offset = mode === 'reflect' ? 0 : 1;
          const outShape = shape.map((d, i) => d + paddings[i]![0] + paddings[i]![1]);
          const source = (c: number, i: number) => {
            const [before] = paddings[i]!;
            const end = before + shape[i]!;
            const k = c < before ? 2 * before - c - offset : c >= end ? 2 * (end - 1) - c + offset : c;
            return k - before;
          };
          const expected = pick(x, coordinates(outShape).map((c) => flat(c.map(source), shape)));
          expect(Array.from(mirrorPad(kernels, x, shape, paddings, mode))).toEqual(Array.from(expected));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('concat, split, tile', () => {
  it('concat and split are inverses of each other and of a direct row walk', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 5 }), kindArb, (outer, inners, kind) => {
        const x = values(kind, outer * inners.reduce((a, b) => a + b, 0));
        const parts = split(kernels, x, outer, inners);
        let at = 0;
        for (let o = 0; o < outer; o++) {
          inners.forEach((inner, i) => {
            expect(Array.from(parts[i]!.subarray(o * inner, (o + 1) * inner))).toEqual(Array.from(x.subarray(at, at + inner)));
            at += inner;
          });
        }
        expect(Array.from(concat(kernels, parts, outer))).toEqual(Array.from(x));
      }),
      { numRuns: 150 },
    );
  });

  it('tile matches a direct loop for every element type', () => {
    fc.assert(
      fc.property(shapeArb(1, 4, 4), kindArb, (shape, kind) => {
        const reps = shape.map((d, i) => ((d + i) % 3) + 1);
        const x = values(kind, product(shape));
        const outShape = shape.map((d, i) => d * reps[i]!);
        const expected = pick(x, coordinates(outShape).map((c) => flat(c.map((k, i) => k % shape[i]!), shape)));
        expect(Array.from(tile(kernels, x, shape, reps))).toEqual(Array.from(expected));
      }),
      { numRuns: 100 },
    );
  });
});

describe('gather and scatter', () => {
  it('gather (with batch axes) and gatherNd match direct loops', () => {
    fc.assert(
      fc.property(shapeArb(1, 4, 5), fc.nat(3), fc.nat(3), shapeArb(0, 2, 4, 0), kindArb, (shape, axisSeed, batchSeed, more, kind) => {
        const axis = axisSeed % shape.length;
        const batchDims = batchSeed % (axis + 1);
        const indicesShape = [...shape.slice(0, batchDims), ...more];
        const indices = Int32Array.from({ length: product(indicesShape) }, (_, i) => (i * 5 + 1) % shape[axis]!);
        const x = values(kind, product(shape));
        const outShape = [...shape.slice(0, axis), ...indicesShape.slice(batchDims), ...shape.slice(axis + 1)];
        const expected = pick(
          x,
          coordinates(outShape).map((c) => {
            const batch = c.slice(0, batchDims);
            const index = c.slice(axis, axis + indicesShape.length - batchDims);
            const picked = indices[flat([...batch, ...index], indicesShape)]!;
            return flat([...c.slice(0, axis), picked, ...c.slice(axis + indicesShape.length - batchDims)], shape);
          }),
        );
        expect(Array.from(gather(kernels, x, shape, indices, indicesShape, axis, batchDims))).toEqual(Array.from(expected));

        const r = Math.min(shape.length, (axisSeed % shape.length) + 1);
        const tuples = Int32Array.from({ length: 3 * r }, (_, i) => (i * 7 + batchSeed) % shape[i % r]!);
        const sliceShape = shape.slice(r);
        const nd = pick(x, [0, 1, 2].flatMap((t) => coordinates(sliceShape).map((c) => flat([...tuples.subarray(t * r, t * r + r), ...c], shape))));
        expect(Array.from(gatherNd(kernels, x, shape, tuples, [3, r]))).toEqual(Array.from(nd));
      }),
      { numRuns: 150 },
    );
  });

  it('scatterNd adds duplicates in order; tensorScatterUpdate keeps the last', () => {
    fc.assert(
      fc.property(shapeArb(1, 3, 5), fc.integer({ min: 1, max: 6 }), fc.constantFrom<'float32' | 'int32'>('float32', 'int32'), (shape, count, kind) => {
        const r = 1;
        const inner = product(shape.slice(r));
        const rows = Int32Array.from({ length: count }, (_, i) => (i * 2) % shape[0]!);
        const updates = values(kind, count * inner);
        const summed = new Float64Array(product(shape));
        const replaced = Array.from(values(kind, product(shape)), Number);
        rows.forEach((row, u) => {
          for (let k = 0; k < inner; k++) {
            summed[row * inner + k]! += updates[u * inner + k]!;
            replaced[row * inner + k] = updates[u * inner + k]!;
          }
        });
        const added = scatterNd(kernels, rows, [count, r], updates, shape);
        expect(Array.from(added)).toEqual(Array.from(kind === 'float32' ? Float32Array.from(summed) : Int32Array.from(summed)));
        expect(Array.from(tensorScatterUpdate(kernels, values(kind, product(shape)), shape, rows, [count, r], updates))).toEqual(replaced);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects indices outside their axis, naming them', () => {
    expect(() => gather(kernels, values('float32', 6), [3, 2], Int32Array.of(0, 3), [2], 0)).toThrow(/indices: got 3 at 1, expected indices in \[0, 2\]/);
    expect(() => gatherNd(kernels, values('int32', 6), [3, 2], Int32Array.of(3, 0), [1, 2])).toThrow(/indices: \[3, 0\] does not index into \[3, 2\]/);
    expect(() => scatterNd(kernels, Int32Array.of(-1), [1, 1], Float32Array.of(1), [2])).toThrow(/indices/);
  });
});

describe('values', () => {
  it('fill, range, linspace and oneHot match direct loops (range and linspace accumulate in float32, as tfjs)', () => {
    expect(Array.from(fill(kernels, 5, 2.5, 'float32'))).toEqual([2.5, 2.5, 2.5, 2.5, 2.5]);
    expect(Array.from(fill(kernels, 3, -7.9, 'int32'))).toEqual([-7, -7, -7]);
    expect(Array.from(fill(kernels, 17, 1, 'bool'))).toEqual(new Array(17).fill(1));
    fc.assert(
      fc.property(fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: -20, max: 20, noNaN: true }), fc.double({ min: 0.05, max: 3, noNaN: true }), (start, stop, step) => {
        const s = stop < start ? -step : step;
        const count = Math.max(0, Math.ceil((stop - start) / s));
        const expected = new Float32Array(count);
        for (let i = 0; i < count; i++) expected[i] = i === 0 ? start : expected[i - 1]! + s;
        expect(Array.from(range(kernels, start, stop, s))).toEqual(Array.from(expected));
        const num = (count % 9) + 2;
        const lin = new Float32Array(num);
        for (let i = 0; i < num; i++) lin[i] = i === 0 ? start : lin[i - 1]! + (stop - start) / (num - 1);
        expect(Array.from(linspace(kernels, start, stop, num))).toEqual(Array.from(lin));
      }),
      { numRuns: 100 },
    );
    expect(Array.from(oneHot(kernels, Int32Array.of(1, -1, 2, 3), 3, 5, -1, 'int32'))).toEqual([-1, 5, -1, -1, -1, -1, -1, -1, 5, -1, -1, -1]);
  });

  it('cast follows ToInt32 and x ≠ 0; select picks per element and per row', () => {
    const x = Float32Array.of(1.9, -1.9, 0, -0, Number.NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31), 5e9, 1e20, 0.1, 7, 8, 9, 10, 11);
    expect(Array.from(cast(kernels, x, 'int32'))).toEqual(Array.from(Int32Array.from(x)));
    expect(Array.from(cast(kernels, x, 'bool'))).toEqual(Array.from(x, (v) => (v !== 0 ? 1 : 0)));
    expect(Array.from(cast(kernels, Int32Array.from([0, 3, -2, 0, ...new Array(20).fill(5)]), 'bool'))).toEqual([0, 1, 1, 0, ...new Array(20).fill(1)]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 5 }), kindArb, (n, inner, kind) => {
        const condition = Uint8Array.from({ length: n }, (_, i) => (i * 5) % 3 === 1 ? 1 : 0);
        const t = values(kind, n * inner);
        const e = values(kind, n * inner).map((v) => (kind === 'bool' ? 1 - v : -v)) as ElementArray;
        const expected = Array.from({ length: n * inner }, (_, i) => (condition[Math.floor(i / inner)] === 1 ? t[i]! : e[i]!));
        expect(Array.from(select(kernels, condition, t, e))).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => transpose(kernels, values('float32', 6), [2, 3], [0, 0])).toThrow(/perm: got \[0, 0\]/);
    expect(() => slice(kernels, values('int32', 6), [2, 3], [0, 2], [1, 2])).toThrow(/begin: axis 1/);
    expect(() => concat(kernels, [Float32Array.of(1), Int32Array.of(1)], 1)).toThrow(/inputs\[1\]: got int32 elements, expected float32/);
    expect(() => mirrorPad(kernels, values('float32', 3), [3], [[3, 0]], 'reflect')).toThrow(/paddings\[0\]: got \[3, 0\], expected each at most 2/);
    expect(() => cast(kernels, Int32Array.of(1), 'int32')).toThrow(/cannot cast int32 to 'int32'/);
    expect(() => depthToSpace(kernels, values('float32', 12), [1, 1, 2, 6], 2)).toThrow(/blockSize: got 2/);
  });
});

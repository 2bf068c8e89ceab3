// The shared property tests of the broadcasting binary kernels beyond Add/Sub/Multiply/RealDiv
// (Maximum … BitwiseAnd): against the cpu backend on random N-d broadcasts (any dims of either
// side set to 1 or dropped, empty dims included), float32 values with NaN, ±Infinity, ±0 and
// repeated values (so that comparisons meet ties), int32 and bool operands where the op takes
// them, dtypes and shapes of the results, and no leaks.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { expectNoLeaks, FOVEA, lcgValues, randomValues, seedArb } from './compare.js';
import { cpuCanRun, expectNativeMatch } from './matches.js';

/** A shape that broadcasts to `out`: some leading dims dropped, some dims set to 1. */
const broadcastingTo = (out: number[]) =>
  fc.tuple(fc.nat(out.length), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length })).map(([drop, ones]) =>
    out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)),
  );

/** Pairs of shapes that broadcast, out dims 0–6 (0 sometimes, for empty tensors). */
export const broadcastPairArb: fc.Arbitrary<[number[], number[]]> = fc
  .array(fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 1, max: 6 }) }, { weight: 1, arbitrary: fc.constant(0) }), {
    minLength: 0,
    maxLength: 5,
  })
  .chain((out) => fc.tuple(broadcastingTo(out), broadcastingTo(out)));

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1, -1, 2, 0.5];

/** float32 values in [-3, 3) with specials and repeats mixed in. */
export function floatValues(n: number, seed: number): Float32Array {
  return (n > 10_000 ? lcgValues : randomValues)(n, seed).map((v, i) => {
    if (i % 7 === 3) return SPECIALS[(i + seed) % SPECIALS.length]!;
    if (i % 5 === 1) return Math.round(v * 3);
    return v * 3;
  });
}

/** int32 values in [-6, 6], with a few large ones. */
export function intValues(n: number, seed: number): Int32Array {
  return Int32Array.from((n > 10_000 ? lcgValues : randomValues)(n, seed), (v, i) => (i % 11 === 5 ? Math.round(v * 2 ** 30) : Math.round(v * 6)));
}

export function boolValues(n: number, seed: number): Uint8Array {
  return Uint8Array.from((n > 10_000 ? lcgValues : randomValues)(n, seed), (v) => (v > 0 ? 1 : 0));
}

export interface BinaryMathCase {
  kernel: string;
  op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  /** Operand dtypes the kernel takes natively. */
  dtypes: Array<'float32' | 'int32' | 'bool'>;
  /** Tolerance on float32 results (relative above magnitude 1); default 0 (exact). */
  tolerance?: number;
  numRuns?: number;
  /** Whether to compare tf.grads of sum(op(a, b)) too. */
  gradients?: boolean;
  /** Operands of one shape only (tfjs's op broadcasts nothing). */
  sameShape?: boolean;
  /** The int32 operands' values; default `intValues`. */
  intOperands?: (n: number, seed: number) => Int32Array;
}

function operands(dtype: 'float32' | 'int32' | 'bool', [aShape, bShape]: [number[], number[]], seed: number, ints = intValues) {
  const make = (shape: number[], s: number) => {
    const n = size(shape);
    if (dtype === 'float32') return tf.tensor(floatValues(n, s), shape, 'float32');
    if (dtype === 'int32') return tf.tensor(ints(n, s), shape, 'int32');
    return tf.tensor(boolValues(n, s), shape, 'bool');
  };
  return [make(aShape, seed), make(bShape, seed + 1)] as const;
}

/** Registers the shared tests as `describe(kernel, ...)`. */
export function describeBinaryMath({ kernel, op, dtypes, tolerance = 0, numRuns = 60, gradients = false, sameShape = false, intOperands }: BinaryMathCase): void {
  const pairs = sameShape ? broadcastPairArb.map(([a]) => [a, a] as [number[], number[]]) : broadcastPairArb;
  describe(kernel, () => {
    beforeAll(async () => {
      await tf.setBackend(FOVEA);
    });

    for (const dtype of dtypes) {
      it(`matches the cpu backend on ${dtype} operands ${sameShape ? 'of random shapes' : 'with any broadcast'}`, () => {
        fc.assert(
          fc.property(pairs, seedArb, (shapes, seed) => {
            expectNativeMatch(() => {
              const [a, b] = operands(dtype, shapes, seed, intOperands);
              return op(a, b);
            }, tolerance, size(shapes[0]) * size(shapes[1]) > 0);
          }),
          { numRuns },
        );
      });
    }

    it('splits a large broadcast across threads like one thread', () => {
      const dtype = dtypes[0]!;
      expectNativeMatch(() => {
        const [a, b] = operands(dtype, sameShape ? [[2, 64, 48, 96], [2, 64, 48, 96]] : [[2, 64, 1, 96], [1, 64, 48, 1]], 7);
        return op(a, b);
      }, tolerance);
    });

    if (gradients) {
      it('has the same gradients as the cpu backend', () => {
        fc.assert(
          fc.property(broadcastPairArb, seedArb, (shapes, seed) => {
            const grads = () => {
              const [a, b] = [tf.tensor(randomValues(size(shapes[0]), seed), shapes[0]), tf.tensor(randomValues(size(shapes[1]), seed + 1), shapes[1])];
              return tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(op(x, y)))([a, b]);
            };
            // tfjs's own gradients throw for some rank-changing broadcasts ([1] against []) on every backend.
            fc.pre(cpuCanRun(grads));
            expectNativeMatch(grads, Math.max(tolerance, 1e-6), false);
          }),
          { numRuns: 30 },
        );
      });
    }

    it('leaks no tensors and does not grow WASM memory once warm', async () => {
      const [a, b] = operands(dtypes[0]!, sameShape ? [[2, 6, 6, 9], [2, 6, 6, 9]] : [[2, 6, 6, 9], [9]], 3);
      await expectNoLeaks(() => op(a, b));
      tf.dispose([a, b]);
    });
  });
}

// Operand shape pairs for the binary kernels: every fast path (same shape, scalar on either side,
// a [C] or [1,…,1,C] vector on either side, a [B,1,…,1,C] vector per batch entry) and a general
// broadcast (rows of one operand against columns of the other).
import fc from 'fast-check';

const dimsArb = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 });

export const shapePairArb: fc.Arbitrary<[number[], number[]]> = fc.oneof(
  dimsArb.map((s) => [s, [...s]] as [number[], number[]]),
  dimsArb.map((s) => [s, []] as [number[], number[]]),
  dimsArb.map((s) => [[], s] as [number[], number[]]),
  dimsArb.map((s) => [s, [1]] as [number[], number[]]),
  dimsArb.map((s) => [s, [s[s.length - 1]!]] as [number[], number[]]),
  dimsArb.map((s) => [[s[s.length - 1]!], s] as [number[], number[]]),
  dimsArb.map((s) => [s, [1, 1, s[s.length - 1]!]] as [number[], number[]]),
  // One channel vector per batch entry (squeeze-and-excitation at batch > 1), on either side.
  fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }))
    .map(([b, h, w, c]) => [[b, h, w, c], [b, 1, 1, c]] as [number[], number[]]),
  fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }))
    .map(([b, h, c]) => [[b, 1, c], [b, h, c]] as [number[], number[]]),
  // A general broadcast: [a,1,c] against [b,1].
  fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 5 }))
    .map(([a, b, c]) => [[a, 1, c], [b, 1]] as [number[], number[]]),
);

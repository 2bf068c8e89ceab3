// Mutations of valid files for the loader fuzzer: truncation, bit flips, a field overwritten with a
// huge value, and format-aware ones (a zip entry's declared sizes, a PNG's declared width and
// height), each a plain value so fast-check can print and shrink it.
import { crc32 } from 'node:zlib';
import fc from 'fast-check';

/**
 * How much fuzzing: `npm test` runs FOVEA_FUZZ_RUNS cases per target (default 12) from fixed seeds;
 * FOVEA_FUZZ_SECONDS=n runs random seeds for n seconds shared by the targets. FOVEA_FUZZ_SEED and
 * FOVEA_FUZZ_PATH replay a failure fast-check reported.
 */
export const FUZZ = {
  runs: Number(process.env['FOVEA_FUZZ_RUNS'] ?? 12),
  seed: process.env['FOVEA_FUZZ_SEED'] === undefined ? undefined : Number(process.env['FOVEA_FUZZ_SEED']),
  path: process.env['FOVEA_FUZZ_PATH'],
  seconds: process.env['FOVEA_FUZZ_SECONDS'] === undefined ? undefined : Number(process.env['FOVEA_FUZZ_SECONDS']),
  trace: process.env['FOVEA_FUZZ_TRACE'],
};

/** fast-check parameters for one of `targets` properties sharing the budget. */
export function fuzzParameters(targets: number, fixedSeed: number): fc.Parameters<unknown> {
  const replay = { ...(FUZZ.seed === undefined ? {} : { seed: FUZZ.seed }), ...(FUZZ.path === undefined ? {} : { path: FUZZ.path }) };
  if (FUZZ.seconds === undefined) return { numRuns: FUZZ.runs, seed: fixedSeed, endOnFailure: true, ...replay };
  return { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: (FUZZ.seconds * 1000) / targets, markInterruptAsFailure: false, ...replay };
}

/** Positions are fractions of the file's length, so one mutation applies to any file. */
export type Mutation =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'flip'; bits: Array<[number, number]> }
  | { kind: 'overwrite'; at: number; width: 2 | 4 | 8; value: 'ones' | 'signed-max' | 'zero' }
  | { kind: 'zip-size'; entry: number; field: 'compressed' | 'uncompressed' | 'both'; value: number }
  | { kind: 'png-size'; width: number; height: number; fixCrc: boolean };

// Uniform over the file (fc.double favours extreme values: nearly every position would be byte 0).
const fraction = fc.integer({ min: 0, max: 0xffff }).map((n) => n / 0x10000);

export function mutationArb(formats: { zip?: boolean; png?: boolean } = {}): fc.Arbitrary<Mutation> {
  const generic: Array<fc.WeightedArbitrary<Mutation>> = [
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fraction }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), bits: fc.array(fc.tuple(fraction, fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }) }) },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('overwrite' as const), at: fraction, width: fc.constantFrom<2 | 4 | 8>(2, 4, 8), value: fc.constantFrom<'ones' | 'signed-max' | 'zero'>('ones', 'signed-max', 'zero') }),
    },
  ];
  if (formats.zip) {
    generic.push({
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('zip-size' as const),
        entry: fc.integer({ min: 0, max: 3 }),
        field: fc.constantFrom<'compressed' | 'uncompressed' | 'both'>('compressed', 'uncompressed', 'both'),
        value: fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 1_500_000_000),
      }),
    });
  }
  if (formats.png) {
    generic.push({
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('png-size' as const),
        width: fc.constantFrom(0, 1, 7, 100, 16_000, 0x7fffffff, 0xffffffff),
        height: fc.constantFrom(0, 1, 9, 100, 16_000, 0x7fffffff, 0xffffffff),
        fixCrc: fc.boolean(),
      }),
    });
  }
  return fc.oneof(...generic);
}

/** A mutated copy of `bytes`. */
export function mutate(bytes: Uint8Array, mutation: Mutation): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const position = (at: number) => Math.min(out.length - 1, Math.floor(at * out.length));
  switch (mutation.kind) {
    case 'none':
      return out;
    case 'truncate':
      return out.subarray(0, Math.floor(mutation.at * out.length));
    case 'flip':
      for (const [at, bit] of mutation.bits) out[position(at)]! ^= 1 << bit;
      return out;
    case 'overwrite': {
      const start = Math.max(0, Math.min(out.length - mutation.width, position(mutation.at)));
      for (let i = 0; i < mutation.width && start + i < out.length; i++) {
        out[start + i] = mutation.value === 'zero' ? 0 : mutation.value === 'signed-max' && i === mutation.width - 1 ? 0x7f : 0xff;
      }
      return out;
    }
    case 'zip-size':
      setZipEntrySize(view, mutation.entry, mutation.field, mutation.value);
      return out;
    case 'png-size':
      // IHDR: length, 'IHDR', width, height, … then its CRC over type and data.
      if (out.length < 33) return out;
      view.setUint32(16, mutation.width >>> 0);
      view.setUint32(20, mutation.height >>> 0);
      if (mutation.fixCrc) view.setUint32(29, crc32(out.subarray(12, 29)) >>> 0);
      return out;
  }
}

/** Overwrite the declared sizes of the `entry`-th file of a zip, in its central and local headers. */
function setZipEntrySize(view: DataView, entry: number, field: 'compressed' | 'uncompressed' | 'both', value: number): void {
  let end = -1;
  for (let at = view.byteLength - 22; at >= 0; at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < count && at + 46 <= view.byteLength; i++) {
    if (view.getUint32(at, true) !== 0x02014b50) return;
    const local = view.getUint32(at + 42, true);
    if (i === entry % count) {
      if (field !== 'uncompressed') view.setUint32(at + 20, value, true);
      if (field !== 'compressed') view.setUint32(at + 24, value, true);
      if (local + 30 <= view.byteLength && view.getUint32(local, true) === 0x04034b50) {
        if (field !== 'uncompressed') view.setUint32(local + 18, value, true);
        if (field !== 'compressed') view.setUint32(local + 22, value, true);
      }
      return;
    }
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
}

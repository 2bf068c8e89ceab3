// The machinery of the kernel fuzzer: hostile tensor values, a case as a program run on both
// backends, the comparison of their outcomes (the same error, or the same result with NaN where
// the cpu has NaN), and the engine checks after every case. Kernel generators are in
// kernel_fuzzers.ts; the runner is kernels.fuzz.test.ts.
import { appendFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import type { FoveaWasmBackend } from '../../src/backend.js';
import { FOVEA } from '../kernels/compare.js';

/**
 * How much fuzzing: `npm test` runs a fixed-seed slice (FOVEA_FUZZ_RUNS cases per kernel, seed
 * FOVEA_FUZZ_SEED); FOVEA_FUZZ_SECONDS=n instead runs random seeds for n seconds in all, shared by
 * the kernels (fast-check prints the seed and the shrunk case of a failure, to replay with
 * FOVEA_FUZZ_SEED and FOVEA_FUZZ_PATH).
 */
export const FUZZ = {
  runs: Number(process.env['FOVEA_FUZZ_RUNS'] ?? 8),
  seed: process.env['FOVEA_FUZZ_SEED'] === undefined ? undefined : Number(process.env['FOVEA_FUZZ_SEED']),
  path: process.env['FOVEA_FUZZ_PATH'],
  seconds: process.env['FOVEA_FUZZ_SECONDS'] === undefined ? undefined : Number(process.env['FOVEA_FUZZ_SECONDS']),
  trace: process.env['FOVEA_FUZZ_TRACE'],
};

/** fast-check parameters for one property out of `properties` sharing the budget. */
export function fuzzParameters<T>(properties: number, fixedSeed: number): fc.Parameters<T> {
  if (FUZZ.seconds !== undefined) {
    return {
      numRuns: Number.MAX_SAFE_INTEGER,
      interruptAfterTimeLimit: (FUZZ.seconds * 1000) / properties,
      markInterruptAsFailure: false,
      ...(FUZZ.seed === undefined ? {} : { seed: FUZZ.seed }),
      ...(FUZZ.path === undefined ? {} : { path: FUZZ.path }),
    };
  }
  return { numRuns: FUZZ.runs, seed: FUZZ.seed ?? fixedSeed, ...(FUZZ.path === undefined ? {} : { path: FUZZ.path }), endOnFailure: true };
}

/** The values a tensor holds: ordinary, with IEEE specials sprinkled in, near float32's range, or denormal. */
export type ValueMode = 'ordinary' | 'specials' | 'huge' | 'tiny';
const SPECIALS = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e38, -1e38, 3.4e38, -3.4e38, 1e-40, -1e-42, 0, -0];

/** A tensor to build: its shape, dtype and the seed and mode of its values. */
export interface TensorSpec {
  shape: number[];
  seed: number;
  mode: ValueMode;
  dtype?: 'float32' | 'int32' | 'bool';
  /** int32 values from min to max inclusive (indices, some out of range); -10 to 9 otherwise. */
  intRange?: [number, number];
}

/** mulberry32: the values of a spec are a function of its seed. */
function generator(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function specValues(spec: TensorSpec): Float32Array | Int32Array | Uint8Array {
  const size = spec.shape.reduce((a, b) => a * b, 1);
  const next = generator(spec.seed);
  if (spec.dtype === 'bool') return Uint8Array.from({ length: size }, () => (next() < 0.5 ? 1 : 0));
  if (spec.dtype === 'int32') {
    const [min, max] = spec.intRange ?? [-10, 9];
    return Int32Array.from({ length: size }, () => min + Math.floor(next() * (max - min + 1)));
  }
  return Float32Array.from({ length: size }, () => {
    const ordinary = next() * 4 - 2;
    const roll = next();
    switch (spec.mode) {
      case 'ordinary':
        return ordinary;
      case 'specials':
        return roll < 0.15 ? SPECIALS[Math.floor(next() * SPECIALS.length)]! : ordinary;
      case 'huge':
        return roll < 0.5 ? (next() < 0.5 ? -1 : 1) * (1e37 + next() * 3.3e38) : ordinary;
      case 'tiny':
        return roll < 0.6 ? (next() - 0.5) * 2e-39 : roll < 0.8 ? 0 : ordinary * 1e-30;
    }
  });
}

export function tensorOf(spec: TensorSpec): tf.Tensor {
  return tf.tensor(specValues(spec), spec.shape, spec.dtype ?? 'float32');
}

export const valueModeArb: fc.Arbitrary<ValueMode> = fc.constantFrom<ValueMode>('ordinary', 'ordinary', 'specials', 'specials', 'huge', 'tiny');

/**
 * A spec of the given shape: mostly float32, now and then int32 (`int32`), or bool too (`bool`:
 * the layout kernels move all three).
 */
export function specArb(shape: fc.Arbitrary<number[]>, options: { int32?: boolean; bool?: boolean; mode?: fc.Arbitrary<ValueMode> } = {}): fc.Arbitrary<TensorSpec> {
  const dtypes: Array<'float32' | 'int32' | 'bool'> = ['float32', 'float32', 'float32'];
  if (options.int32) dtypes.push('int32');
  if (options.bool) dtypes.push('bool');
  return fc.record({ shape, seed: fc.integer(), mode: options.mode ?? valueModeArb, dtype: fc.constantFrom(...dtypes) });
}

/** An int32 index tensor of `shape` whose values run from min to max (out-of-range ones included by the caller's choice). */
export function indexSpecArb(shape: fc.Arbitrary<number[]>, min: number, max: number): fc.Arbitrary<TensorSpec> {
  return fc.record({ shape, seed: fc.integer(), mode: fc.constant<ValueMode>('ordinary'), dtype: fc.constant<'int32'>('int32'), intRange: fc.constant<[number, number]>([min, max]) });
}

/** Dimensions fuzzing likes: mostly small, with 0 and 1 often. */
export const dimArb = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 7 }) });

/**
 * One fuzz case: tensors to build, and the program run on each backend. `reference`, when given,
 * is what the cpu runs instead (for a kernel with no cpu twin); `tolerance` is the relative
 * tolerance of finite results (absolute below magnitude 1).
 */
export interface FuzzCase {
  label: string;
  inputs: TensorSpec[];
  run: (inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  reference?: (inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  tolerance?: number;
  /** A result the kernel may refuse with an error, where the reference computes something meaningless (negative sizes). */
  mayRefuse?: (reference: ResultOutcome) => boolean;
  /** fovea-wasm must refuse the case with an error; the cpu is not asked (it never returns on some such cases). */
  cpuHangs?: boolean;
}

export interface ResultOutcome {
  kind: 'result';
  outputs: Array<{ shape: number[]; dtype: string; values: ArrayLike<number> }>;
}
export type Outcome = ResultOutcome | { kind: 'error'; message: string };

/** Run `fuzzCase` on `backend` in a tidy; every tensor it makes is disposed. */
export function outcomeOn(backend: string, fuzzCase: FuzzCase): Outcome {
  tf.setBackend(backend);
  const program = backend === 'cpu' && fuzzCase.reference !== undefined ? fuzzCase.reference : fuzzCase.run;
  let result: tf.Tensor | tf.Tensor[];
  try {
    result = tf.tidy(() => program(fuzzCase.inputs.map(tensorOf)));
  } catch (error) {
    return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
  }
  const list = Array.isArray(result) ? result : [result];
  try {
    return { kind: 'result', outputs: list.map((t) => ({ shape: [...t.shape], dtype: t.dtype, values: t.dataSync() as ArrayLike<number> })) };
  } catch (error) {
    return { kind: 'error', message: `reading the result failed: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    tf.dispose(list);
  }
}

/** True when some input holds a finite value near float32's range (float32 intermediates may then overflow where float64 ones do not). */
function hugeInputs(fuzzCase: FuzzCase): boolean {
  return fuzzCase.inputs.some((spec) => Array.from(specValues(spec)).some((v) => Number.isFinite(v) && Math.abs(v) >= 1e30));
}

/**
 * Throw unless the two outcomes agree: both errors, or results of the same shapes and dtypes whose
 * values agree — NaN exactly where the cpu has NaN; ±Infinity where it has ±Infinity; finite values
 * within the tolerance. Where inputs hold values near float32's range, the cpu's float64
 * intermediates and our float32 ones may overflow differently: non-finite values then need not
 * agree, except the cpu's NaN.
 */
export function expectSameOutcome(ours: Outcome, cpu: Outcome, fuzzCase: FuzzCase): void {
  const where = `${fuzzCase.label}`;
  if (cpu.kind === 'error') {
    if (ours.kind !== 'error') throw new Error(`${where}: the cpu throws (${cpu.message}) but fovea-wasm returned a result`);
    return;
  }
  if (ours.kind === 'error') {
    if (fuzzCase.mayRefuse?.(cpu)) return;
    throw new Error(`${where}: fovea-wasm throws (${ours.message}) where the cpu returns a result`);
  }
  if (ours.outputs.length !== cpu.outputs.length) throw new Error(`${where}: ${ours.outputs.length} outputs, the cpu has ${cpu.outputs.length}`);
  const huge = hugeInputs(fuzzCase);
  const tolerance = fuzzCase.tolerance ?? 1e-4;
  ours.outputs.forEach((output, t) => {
    const reference = cpu.outputs[t]!;
    if (output.shape.join() !== reference.shape.join() || output.dtype !== reference.dtype) {
      throw new Error(`${where}: output ${t} is ${output.dtype} [${output.shape}], the cpu's ${reference.dtype} [${reference.shape}]`);
    }
    for (let i = 0; i < reference.values.length; i++) {
      const e = reference.values[i]!;
      const v = output.values[i]!;
      const fail = () => new Error(`${where}: output ${t} [${output.shape}], element ${i}: fovea-wasm ${v}, cpu ${e}`);
      if (Number.isNaN(e)) {
        if (!Number.isNaN(v)) throw fail();
        continue;
      }
      if (!Number.isFinite(e) || !Number.isFinite(v)) {
        if (huge || Object.is(v, e)) continue;
        throw fail();
      }
      // Sums of values near float32's range lose their small terms in either order.
      const scale = huge ? 3.4e38 : 1;
      if (Math.abs(v - e) > tolerance * Math.max(1, Math.abs(e)) * scale) throw fail();
    }
  });
}

/** The state a case must leave as it found: tensors, and fovea-wasm's heap blocks beyond scratch. */
export function engineState(): { tensors: number; blocks: number } {
  const { kernels } = tf.findBackend(FOVEA) as unknown as FoveaWasmBackend;
  return { tensors: tf.memory().numTensors, blocks: kernels.heap.liveBlocks - kernels.arena.scratchBlocks };
}

const canaryInput = () => tf.tensor4d(Float32Array.from({ length: 2 * 5 * 5 * 8 }, (_, i) => Math.sin(i)), [2, 5, 5, 8]);
const canaryFilter = () => tf.tensor4d(Float32Array.from({ length: 3 * 3 * 8 * 4 }, (_, i) => Math.cos(i) / 4), [3, 3, 8, 4]);
let canaryExpected: Float32Array | undefined;

/** A small conv + ReLU + pooling on fovea-wasm: the backend still computes what it computed at first. */
function canary(): Float32Array {
  tf.setBackend(FOVEA);
  return tf.tidy(() => tf.maxPool(tf.relu(tf.conv2d(canaryInput(), canaryFilter(), 1, 'same')), 2, 1, 'valid').dataSync() as Float32Array);
}

/** After a case: fovea-wasm's heap consistent and holding the blocks it held, no tensor left, the backend working. */
export function expectEngineAsBefore(before: { tensors: number; blocks: number }, label: string): void {
  const { kernels } = tf.findBackend(FOVEA) as unknown as FoveaWasmBackend;
  kernels.heap.check();
  const after = engineState();
  if (after.tensors !== before.tensors) throw new Error(`${label}: ${after.tensors - before.tensors} tensors left behind`);
  if (after.blocks !== before.blocks) throw new Error(`${label}: fovea-wasm's heap holds ${after.blocks} blocks beyond scratch, ${before.blocks} before the case`);
  canaryExpected ??= canary();
  const now = canary();
  if (now.length !== canaryExpected.length || now.some((v, i) => v !== canaryExpected![i])) throw new Error(`${label}: fovea-wasm computes another canary result after the case`);
  if (engineState().blocks !== before.blocks) throw new Error(`${label}: the canary left blocks behind`);
}

/** One case on both backends: the cpu's outcome, and fovea-wasm as it was before. */
export function checkCase(fuzzCase: FuzzCase): void {
  // FOVEA_FUZZ_TRACE=file: each case's label, written before it runs, names the case a hung run is in.
  if (FUZZ.trace !== undefined) appendFileSync(FUZZ.trace, `${fuzzCase.label}\n`);
  const before = engineState();
  const cpu: Outcome = fuzzCase.cpuHangs ? { kind: 'error', message: 'the cpu never returns' } : outcomeOn('cpu', fuzzCase);
  const ours = outcomeOn(FOVEA, fuzzCase);
  tf.setBackend(FOVEA);
  expectSameOutcome(ours, cpu, fuzzCase);
  expectEngineAsBefore(before, fuzzCase.label);
}

// Suites, cases and the measurement loop shared by every suite.
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import { foveaBackend, TFJS_NAME, type TfjsBackend, useFoveaThreads } from './backends.js';

/** A prepared case: `run` computes once (async where the API measured is, e.g. a detector's predict). */
export interface PreparedCase {
  run(): tf.Tensor | Promise<tf.Tensor>;
  dispose(): void;
}

/** One benchmark: `prepare` builds inputs on the active backend (loading weights, say), `run` computes once. */
export interface BenchCase {
  id: string;
  description: string;
  /** Floating-point operations of one run (for pooling: one per window element); see Suite.unit. */
  flops: number;
  prepare(): PreparedCase | Promise<PreparedCase>;
}

export interface Ratio {
  label: string;
  /** Column labels of the numerator and the denominator (GFLOP/s medians). */
  of: string;
  to: string;
}

/**
 * A check that is not a timing: `bench`'s run repeated `steps` times on fovea-wasm (all threads),
 * tensors and WASM heap compared between an early step and the last. Selected by --case like a case.
 */
export interface MemoryCase {
  id: string;
  description: string;
  bench: BenchCase;
}

export interface Suite {
  name: string;
  title: string;
  cases: BenchCase[];
  /** Ratio columns beyond the runner's defaults (e.g. against tfjs cpu); `threads`: the all-threads columns' count. */
  ratios?: (threads: number) => Ratio[];
  memory?: MemoryCase[];
  /** Measure the machine's peak (src/peak_probe.ts) and report it beside this suite's GFLOP/s. */
  peakProbe?: boolean;
  /**
   * What the tables' numbers are when not GFLOP/s: a case whose `flops` is 1e9 per unit of work
   * (an image, an NMS pass) reports that unit per second, e.g. 'images/s'. Default 'GFLOP/s'.
   */
  unit?: string;
}

/** One column of a table: a backend, and for fovea-wasm the threads its kernels use. */
export interface BackendEntry {
  label: string;
  backend: TfjsBackend;
  /** fovea-wasm only: threads, the calling one included (set before warm-up and before each timed run). */
  threads?: number;
}

export interface MeasureOptions {
  runs: number;
  warmupRuns: number;
  /** Minimum warm-up time per backend: V8 runs a long kernel's first calls in its baseline tier. */
  warmupMs: number;
  /**
   * A backend whose first two warm-up runs each take longer than this is warmed no more and timed
   * at most SLOW_RUNS times (tfjs cpu's Conv2DBackpropFilter, for one), to keep a run's length bounded.
   */
  slowRunMs?: number;
  onStep?: () => void;
}

export const SLOW_RUNS = 3;

export interface Measurement {
  case: string;
  backend: string;
  /** fovea-wasm's thread count for this column, where the entry set one. */
  threads?: number;
  samplesMs: number[];
  medianMs: number;
  gflops: { median: number; min: number; max: number };
  /** Set when the backend cannot run the case (e.g. a kernel it lacks): no samples then. */
  error?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** One timed run: compute, read the output back (part of the cost), free it. */
async function timeOnce(run: PreparedCase['run']): Promise<number> {
  const start = performance.now();
  const y = await run();
  y.dataSync();
  const elapsed = performance.now() - start;
  y.dispose();
  return elapsed;
}

/** Make `entry` the active backend, with its thread count where it has one. */
async function activate(entry: BackendEntry): Promise<void> {
  await tf.setBackend(TFJS_NAME[entry.backend]);
  if (entry.backend === 'fovea-wasm' && entry.threads !== undefined) await useFoveaThreads(entry.threads);
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Measures a case on several backends, interleaving their runs round by round so that load
 * from other processes on the machine hits every backend alike. fovea-wasm can appear more than
 * once (1 thread and all threads): its thread count is set again before each of its runs.
 */
export async function measureCase(bench: BenchCase, backends: BackendEntry[], options: MeasureOptions): Promise<Measurement[]> {
  const prepared: Array<PreparedCase | undefined> = [];
  const errors: Array<string | undefined> = [];
  const runsOf: number[] = [];
  for (const entry of backends) {
    // A backend that cannot run the case is reported with its error rather than ending the run.
    let instance: PreparedCase | undefined;
    try {
      await activate(entry);
      instance = await bench.prepare();
      const start = performance.now();
      // Slow on a second run too: a first run also pays one-off costs (compiling, packing weights).
      const slowRunMs = options.slowRunMs ?? Number.POSITIVE_INFINITY;
      const slow = (await timeOnce(instance.run)) > slowRunMs && (await timeOnce(instance.run)) > slowRunMs;
      for (let i = 1; !slow && (i < options.warmupRuns || performance.now() - start < options.warmupMs); i++) {
        await timeOnce(instance.run);
      }
      runsOf.push(slow ? Math.min(options.runs, SLOW_RUNS) : options.runs);
      errors.push(undefined);
    } catch (error) {
      runsOf.push(0);
      errors.push(message(error));
      instance?.dispose();
      instance = undefined;
    }
    options.onStep?.();
    prepared.push(instance);
  }
  const samples: number[][] = backends.map(() => []);
  for (let r = 0; r < options.runs; r++) {
    for (let b = 0; b < backends.length; b++) {
      const instance = prepared[b];
      if (instance === undefined || r >= runsOf[b]!) continue;
      try {
        await activate(backends[b]!);
        samples[b]!.push(await timeOnce(instance.run));
      } catch (error) {
        errors[b] = message(error);
        instance.dispose();
        prepared[b] = undefined;
      }
    }
    options.onStep?.();
  }
  for (let b = 0; b < backends.length; b++) {
    await tf.setBackend(TFJS_NAME[backends[b]!.backend]);
    prepared[b]?.dispose();
  }
  return backends.map(({ label, threads }, b) => {
    const error = errors[b];
    const base = { case: bench.id, backend: label, ...(threads === undefined ? {} : { threads }) };
    if (error !== undefined) {
      return { ...base, samplesMs: [], medianMs: Number.NaN, gflops: { median: 0, min: 0, max: 0 }, error };
    }
    const ms = samples[b]!;
    const gflops = (t: number) => bench.flops / t / 1e6;
    return {
      ...base,
      samplesMs: ms.map((t) => Math.round(t * 1000) / 1000),
      medianMs: median(ms),
      gflops: { median: gflops(median(ms)), min: gflops(Math.max(...ms)), max: gflops(Math.min(...ms)) },
    };
  });
}

/** What is allocated after a step, its result freed. */
export interface MemorySnapshot {
  step: number;
  numTensors: number;
  numBytes: number;
  /** Bytes of fovea-wasm's heap blocks in use (tensors kept in WASM memory, scratch). */
  heapLiveBytes: number;
  /** Size of fovea-wasm's WebAssembly memory (it only grows). */
  wasmMemoryBytes: number;
}

export interface MemoryCheck {
  case: string;
  description: string;
  backend: string;
  threads?: number;
  steps: number;
  snapshots: MemorySnapshot[];
  /** Every count equal at the first and the last snapshot. */
  stable: boolean;
  error?: string;
}

/** The step after which the first snapshot is taken: past the first steps' one-off allocations. */
export const MEMORY_FIRST_SNAPSHOT = 10;

/** Run `check.bench` `steps` times on `entry` (fovea-wasm) and compare memory after step 10 and the last. */
export async function checkMemory(
  check: MemoryCase,
  entry: BackendEntry,
  steps: number,
  onStep?: () => void,
): Promise<MemoryCheck> {
  const base = { case: check.id, description: check.description, backend: entry.label, ...(entry.threads === undefined ? {} : { threads: entry.threads }), steps };
  const snapshots: MemorySnapshot[] = [];
  let instance: PreparedCase | undefined;
  try {
    await activate(entry);
    const kernels = foveaBackend()?.kernels;
    if (kernels === undefined) throw new Error('the memory check needs fovea-wasm (its WASM heap is what it watches)');
    instance = await check.bench.prepare();
    const at = new Set([Math.min(MEMORY_FIRST_SNAPSHOT, steps), steps]);
    for (let step = 1; step <= steps; step++) {
      const y = await instance.run();
      y.dataSync();
      y.dispose();
      if (at.has(step)) {
        const { numTensors, numBytes } = tf.memory();
        snapshots.push({ step, numTensors, numBytes, heapLiveBytes: kernels.heap.liveBytes, wasmMemoryBytes: kernels.arena.memoryBytes });
      }
      onStep?.();
    }
  } catch (error) {
    return { ...base, snapshots, stable: false, error: message(error) };
  } finally {
    instance?.dispose();
  }
  const first = snapshots[0]!;
  const last = snapshots[snapshots.length - 1]!;
  const stable =
    first.numTensors === last.numTensors &&
    first.numBytes === last.numBytes &&
    first.heapLiveBytes === last.heapLiveBytes &&
    first.wasmMemoryBytes === last.wasmMemoryBytes;
  return { ...base, snapshots, stable };
}

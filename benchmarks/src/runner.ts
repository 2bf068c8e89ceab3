// Suites, cases and the measurement loop shared by every suite.
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, TFJS_NAME } from './backends.js';

/** One benchmark: `prepare` builds inputs on the active backend, `run` computes once. */
export interface BenchCase {
  id: string;
  description: string;
  /** Floating-point operations of one run (for pooling: one per window element). */
  flops: number;
  prepare(): { run(): tf.Tensor; dispose(): void };
}

export interface Suite {
  name: string;
  title: string;
  cases: BenchCase[];
  /** Ratio columns beyond the runner's defaults (e.g. against tfjs cpu), as [numerator, denominator] labels. */
  ratios?: Array<{ label: string; of: string; to: string }>;
}

export interface MeasureOptions {
  runs: number;
  warmupRuns: number;
  /** Minimum warm-up time per backend: V8 runs a long kernel's first calls in its baseline tier. */
  warmupMs: number;
  onStep?: () => void;
}

export interface Measurement {
  case: string;
  backend: string;
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
function timeOnce(run: () => tf.Tensor): number {
  const start = performance.now();
  const y = run();
  y.dataSync();
  const elapsed = performance.now() - start;
  y.dispose();
  return elapsed;
}

/**
 * Measures a case on several backends, interleaving their runs round by round so that load
 * from other processes on the machine hits every backend alike.
 */
export async function measureCase(
  bench: BenchCase,
  backends: Array<{ label: string; backend: BackendName }>,
  options: MeasureOptions,
): Promise<Measurement[]> {
  const prepared: Array<ReturnType<BenchCase['prepare']> | undefined> = [];
  const errors: Array<string | undefined> = [];
  for (const { backend } of backends) {
    await tf.setBackend(TFJS_NAME[backend]);
    // A backend that cannot run the case is reported with its error rather than ending the run.
    let instance: ReturnType<BenchCase['prepare']> | undefined;
    try {
      instance = bench.prepare();
      const start = performance.now();
      for (let i = 0; i < options.warmupRuns || performance.now() - start < options.warmupMs; i++) {
        timeOnce(instance.run);
      }
      errors.push(undefined);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
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
      if (instance === undefined) continue;
      await tf.setBackend(TFJS_NAME[backends[b]!.backend]);
      samples[b]!.push(timeOnce(instance.run));
    }
    options.onStep?.();
  }
  for (let b = 0; b < backends.length; b++) {
    await tf.setBackend(TFJS_NAME[backends[b]!.backend]);
    prepared[b]?.dispose();
  }
  return backends.map(({ label }, b) => {
    const error = errors[b];
    if (error !== undefined) {
      return { case: bench.id, backend: label, samplesMs: [], medianMs: Number.NaN, gflops: { median: 0, min: 0, max: 0 }, error };
    }
    const ms = samples[b]!;
    const gflops = (t: number) => bench.flops / t / 1e6;
    return {
      case: bench.id,
      backend: label,
      samplesMs: ms.map((t) => Math.round(t * 1000) / 1000),
      medianMs: median(ms),
      gflops: { median: gflops(median(ms)), min: gflops(Math.max(...ms)), max: gflops(Math.min(...ms)) },
    };
  });
}

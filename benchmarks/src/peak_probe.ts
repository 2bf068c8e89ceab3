// Measures the arithmetic peak of one core as WASM code reaches it (see assembly/peak_probe.ts), so
// the kernels table can be read against what this machine delivers, not only against the nominal
// clock × FLOP/cycle estimate, which assumes two vector multiply-adds a cycle (some cores reach
// that only with fused multiply-add) and takes the clock a VM reports.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { distDir } from './paths.js';

export type ProbeBuild = 'simd' | 'relaxed-simd';

/** FLOP per step of the probe loop: 12 chains × 4 lanes × (multiply + add). */
export const PROBE_FLOP_PER_ITERATION = 12 * 4 * 2;

export interface PeakMeasurement {
  build: ProbeBuild;
  /** GFLOP/s over the timed runs. */
  median: number;
  min: number;
  max: number;
  runs: number;
}

type ChainsFunction = (iterations: number, multiplier: number, addend: number) => number;


/** The probe's exported loop; fails with the file and the reason when the engine cannot run it. */
export function loadProbe(build: ProbeBuild, dir = distDir): ChainsFunction {
  const file = join(dir, `peak-probe-${build}.wasm`);
  if (!existsSync(file)) throw new Error(`peak probe: ${file} is missing (build @foveajs/benchmarks first: npm run build)`);
  const bytes = readFileSync(file);
  if (!WebAssembly.validate(bytes)) {
    throw new Error(`peak probe: this engine cannot run ${file}${build === 'relaxed-simd' ? ' (relaxed SIMD needs --experimental-wasm-relaxed-simd on Node 20)' : ''}`);
  }
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
  return instance.exports.multiplyAddChains as ChainsFunction;
}

/**
 * Median GFLOP/s of `runs` timed calls of about `runMs` each, after warm-up calls (V8 tiers the
 * loop up on its first calls). The iteration count is calibrated on the warm code.
 */
export function measurePeak(build: ProbeBuild, { runs = 15, runMs = 20 }: { runs?: number; runMs?: number } = {}): PeakMeasurement {
  const chains = loadProbe(build);
  let iterations = 100_000;
  for (let warm = 0; warm < 5; warm++) {
    const start = performance.now();
    chains(iterations, 1, 1);
    const elapsed = performance.now() - start;
    // Aim each run at runMs; only grow or shrink by a bounded factor per step, elapsed may be ~0.
    iterations = Math.max(1000, Math.round(iterations * Math.min(10, Math.max(0.1, runMs / Math.max(elapsed, 1e-3)))));
  }
  const gflops: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    chains(iterations, 1, 1);
    gflops.push((iterations * PROBE_FLOP_PER_ITERATION) / ((performance.now() - start) * 1e6));
  }
  gflops.sort((a, b) => a - b);
  const mid = gflops.length >> 1;
  const median = gflops.length % 2 ? gflops[mid]! : (gflops[mid - 1]! + gflops[mid]!) / 2;
  return { build, median, min: gflops[0]!, max: gflops[gflops.length - 1]!, runs };
}

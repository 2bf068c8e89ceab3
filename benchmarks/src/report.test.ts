import { describe, expect, it } from 'vitest';
import type { MachineDescription } from './machine.js';
import { type ModelsReport, markdownModels } from './suites/models/tables.js';
import { markdownReport, type SuiteReport } from './report.js';
import type { Measurement, MemoryCheck, Suite } from './runner.js';
import type { ModelResult } from './suites/models/run.js';

const machine: MachineDescription = {
  cpuModel: 'Test CPU',
  cores: 4,
  ghz: 2,
  ghzSource: '--ghz',
  node: 'v20.20.2',
  v8: '11.3',
  platform: 'linux',
  wasm: { simd: true, relaxedSimd: true, threads: true, relaxedSimdFlag: 'on by default' },
  foveaThreads: 4,
  loadAverage: [0, 0, 0],
  peakGflopsPerCore: 32,
  peakGflopsAllCores: 128,
};

const measured = (backend: string, gflops: number, threads?: number): Measurement => ({
  case: 'conv3x3',
  backend,
  ...(threads === undefined ? {} : { threads }),
  samplesMs: [1],
  medianMs: 1,
  gflops: { median: gflops, min: gflops, max: gflops },
});

const suite: Suite = { name: 'kernels', title: 'Kernels', cases: [{ id: 'conv3x3', description: 'Conv 3×3', flops: 1, prepare: () => { throw new Error('not run'); } }] };

function report(memory?: MemoryCheck[]): SuiteReport {
  return {
    suite: 'kernels',
    title: 'Kernels',
    command: 'npm run bench',
    date: '2026-11-28T00:00:00.000Z',
    machine,
    options: { runs: 1, warmupRuns: 1, warmupMs: 1 },
    backends: {},
    columns: ['fovea-wasm SIMD128', 'fovea-wasm SIMD128, 4 threads', 'tfjs-wasm XNNPACK'],
    ratios: [
      { label: 'threads / 1 thread', of: 'fovea-wasm SIMD128, 4 threads', to: 'fovea-wasm SIMD128' },
      { label: '4 threads / XNNPACK', of: 'fovea-wasm SIMD128, 4 threads', to: 'tfjs-wasm XNNPACK' },
    ],
    results: [measured('fovea-wasm SIMD128', 20, 1), measured('fovea-wasm SIMD128, 4 threads', 60, 4), measured('tfjs-wasm XNNPACK', 15)],
    ...(memory === undefined ? {} : { memory }),
  };
}

const snapshot = (step: number, heapLiveBytes: number) => ({ step, numTensors: 30, numBytes: 4000, heapLiveBytes, wasmMemoryBytes: 1 << 24 });

describe('suite report', () => {
  it('prints the threaded columns, their ratios and the thread count', () => {
    const md = markdownReport(report(), suite);
    expect(md).toContain('| Case | fovea-wasm SIMD128 | fovea-wasm SIMD128, 4 threads | tfjs-wasm XNNPACK | threads / 1 thread | 4 threads / XNNPACK |');
    expect(md).toContain('| 3.00× | 4.00× |');
    expect(md).toContain("fovea-wasm's threaded columns: 4 threads");
    expect(md).not.toContain('No leaks');
  });

  it('prints the measured peak of each build beside the nominal one, and no peak line without a probe', () => {
    const md = markdownReport(
      {
        ...report(),
        peak: [
          { build: 'simd', median: 23.44, min: 21.96, max: 24.1, runs: 15 },
          { build: 'relaxed-simd', median: 40.9, min: 38, max: 43.2, runs: 15 },
        ],
      },
      suite,
    );
    expect(md).toContain('Nominal SIMD128 peak: 32 GFLOP/s per core (2 GHz × 16 FLOP/cycle)');
    expect(md).toContain(
      'Measured peak, 1 thread, before the cases: SIMD128 (multiply, then add) 23.4 GFLOP/s (22.0–24.1); relaxed SIMD (fused multiply-add) 40.9 GFLOP/s (38.0–43.2). Median (min–max) of 15 runs',
    );
    expect(markdownReport(report(), suite)).not.toContain('Measured peak');
  });

  it('prints memory checks, stable or not', () => {
    const check = (heapAfter: number): MemoryCheck => ({
      case: 'memory-lenet5',
      description: 'LeNet-5 training steps',
      backend: 'fovea-wasm SIMD128, 4 threads',
      threads: 4,
      steps: 1000,
      snapshots: [snapshot(10, 5000), snapshot(1000, heapAfter)],
      stable: heapAfter === 5000,
    });
    const md = markdownReport(report([check(5000), { ...check(9000), description: 'leaky' }]), suite);
    expect(md).toContain('after step 10 and after the last');
    expect(md).toContain('| LeNet-5 training steps | fovea-wasm SIMD128, 4 threads | 1000 | 30 → 30 | 4,000 → 4,000 | 5,000 → 5,000 | 16,777,216 → 16,777,216 | stable |');
    expect(md).toContain('| leaky | fovea-wasm SIMD128, 4 threads | 1000 | 30 → 30 | 4,000 → 4,000 | 5,000 → 9,000 | 16,777,216 → 16,777,216 | **not stable** |');
  });
});

describe('models report', () => {
  const result = (model: string, variant: string, ms: number): ModelResult => ({
    model,
    variant,
    label: variant,
    process: 'main',
    batches: [{ batch: 1, latency: { batch: 1, samplesMs: [ms], medianMs: ms, p90Ms: ms, minMs: ms, maxMs: ms, imagesPerSecond: 1000 / ms } }],
  });

  it('judges the threads targets on the threaded variants', () => {
    const md = markdownModels({
      suite: 'models',
      title: 'Models',
      command: 'npm run bench',
      date: '2026-11-28T00:00:00.000Z',
      machine,
      options: { warmupRuns: 1, minRuns: 1, maxRuns: 1, budgetS: 1, backendBudgetS: 1 },
      backends: {},
      results: [
        result('resnet50', 'fovea-opt', 300),
        result('resnet50', 'fovea-opt-threads', 100),
        result('resnet50', 'fovea-relaxed-opt-threads', 80),
        result('resnet50', 'tfjs-wasm-fused', 330),
        result('resnet50', 'ort-node-n', 40),
      ],
    } satisfies ModelsReport);
    expect(md).toContain('| single thread vs tfjs-wasm fused (BN folded) | ResNet-50 (224×224) | 300 | 330 | 1.10× | – | ≥ 1.3× | **missed** |');
    expect(md).toContain('| 4 threads vs tfjs-wasm fused (1 thread in Node) | ResNet-50 (224×224) | 100 | 330 | 3.30× | 4.13× | ≥ 2.2× | met |');
    expect(md).toContain('| moonshot: relaxed SIMD, 4 threads, within 1.5× of onnxruntime-node, 4 threads | ResNet-50 (224×224) | 80.0 | 40.0 | 2.00× | – | ≤ 1.5× | **missed** |');
    expect(md).not.toContain('no threaded build');
  });
});

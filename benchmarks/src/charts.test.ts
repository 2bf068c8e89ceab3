import { describe, expect, it } from 'vitest';
import { chartSpec, renderSvg } from './charts.js';
import type { ModelsReport } from './suites/models/tables.js';
import type { SuiteReport } from './report.js';
import type { Measurement } from './runner.js';
import type { ModelResult } from './suites/models/run.js';
import { testMachine as machine } from './test_support.js';

function measurement(caseId: string, backend: string, samplesMs: number[], flops = 1e9): Measurement {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  const gflops = (ms: number) => flops / ms / 1e6;
  return {
    case: caseId,
    backend,
    samplesMs,
    medianMs: median,
    gflops: { median: gflops(median), min: gflops(sorted.at(-1)!), max: gflops(sorted[0]!) },
  };
}

const failure = (caseId: string, backend: string, error: string): Measurement => ({
  case: caseId,
  backend,
  samplesMs: [],
  medianMs: Number.NaN,
  gflops: { median: 0, min: 0, max: 0 },
  error,
});

function suiteReport(suite: string, results: Measurement[]): SuiteReport {
  return {
    suite,
    title: `${suite} title`,
    command: `npm run bench -- -- --suite ${suite}`,
    date: '2026-11-28T03:49:55.008Z',
    machine,
    options: { runs: 3, warmupRuns: 1, warmupMs: 1 },
    backends: {},
    columns: ['fovea-wasm SIMD128', 'tfjs-wasm XNNPACK', 'tfjs cpu'],
    ratios: [],
    results,
  };
}

/** The value-carrying bars of a vega SVG, by their accessible labels. */
const bars = (svg: string) => [...svg.matchAll(/<path aria-label="([^"]*)" [^>]*aria-roledescription="bar"/g)].map((m) => m[1]!);

/** Bar heights in px (vega draws a bar as `M x,y h w v height h -w Z`). */
const barHeights = (svg: string) => [...svg.matchAll(/aria-roledescription="bar" d="M[^h]*h[^v]*v(-?[\d.]+)h/g)].map((m) => Number(m[1]));

/** Every bar is drawn with a height (a stacked log scale, for one, draws them all at 0) and no NaN. */
function expectDrawn(svg: string, count: number): void {
  expect(svg).not.toContain('NaN');
  const heights = barHeights(svg);
  expect(heights).toHaveLength(count);
  for (const h of heights) expect(Math.abs(h)).toBeGreaterThan(1);
}

describe('charts', () => {
  it('draws kernels as grouped GFLOP/s bars with the SIMD128 peak, leaving out helper rows and failures', async () => {
    const report = suiteReport('kernels', [
      measurement('conv3x3', 'fovea-wasm SIMD128', [50, 40, 45]),
      measurement('conv3x3', 'tfjs-wasm XNNPACK', [80, 70, 75]),
      measurement('conv3x3', 'tfjs cpu', [4000, 3900, 4100]),
      // The relaxed child's own XNNPACK baseline is a ratio's denominator, not a column.
      measurement('conv3x3', 'tfjs-wasm (relaxed run)', [70, 71, 72]),
      measurement('maxpool3x3s2', 'fovea-wasm SIMD128', [900, 800, 850]),
      failure('maxpool3x3s2', 'tfjs-wasm XNNPACK', "Kernel 'MaxPool' not registered"),
      measurement('maxpool3x3s2', 'tfjs cpu', [9000, 9100, 8900]),
    ]);
    const svg = await renderSvg(chartSpec(report));
    expect(svg.startsWith('<svg')).toBe(true);
    const labels = bars(svg);
    expect(labels).toHaveLength(5);
    expectDrawn(svg, 5);
    expect(labels.some((l) => l.includes('conv3x3') && l.includes('fovea-wasm SIMD128') && l.includes('22.22'))).toBe(true);
    expect(labels.some((l) => l.includes('relaxed run'))).toBe(false);
    expect(svg).toContain('>conv3x3</text>');
    expect(svg).toContain('>maxpool3x3s2</text>');
    expect(svg).toContain('SIMD128 peak, 1 core: 33.6 GFLOP/s');
    expect(svg).toContain("maxpool3x3s2 on tfjs-wasm XNNPACK: fails (Kernel 'MaxPool' not registered)");
    for (const backend of report.columns) expect(svg).toContain(`>${backend}</text>`);
  });

  it('draws fovea-wasm threaded columns beside the others, with the peak of the cores they use', async () => {
    const report = suiteReport('kernels', [
      measurement('conv3x3', 'fovea-wasm SIMD128', [50, 40, 45]),
      { ...measurement('conv3x3', 'fovea-wasm SIMD128, 2 threads', [26, 25, 24]), threads: 2 },
      measurement('conv3x3', 'tfjs-wasm XNNPACK', [80, 70, 75]),
    ]);
    report.columns = ['fovea-wasm SIMD128', 'fovea-wasm SIMD128, 2 threads', 'tfjs-wasm XNNPACK'];
    const svg = await renderSvg(chartSpec(report));
    expectDrawn(svg, 3);
    expect(bars(svg).some((l) => l.includes('2 threads') && l.includes('40'))).toBe(true);
    expect(svg).toContain('SIMD128 peak, 1 core: 33.6 GFLOP/s');
    expect(svg).toContain('SIMD128 peak, 2 cores: 67.2 GFLOP/s');
  });

  it('draws the measured peaks where the run has them', async () => {
    const report = {
      ...suiteReport('kernels', [measurement('conv3x3', 'fovea-wasm SIMD128', [50, 40, 45])]),
      peak: [
        { build: 'simd' as const, median: 23.44, min: 22, max: 24, runs: 3 },
        { build: 'relaxed-simd' as const, median: 40.91, min: 38, max: 43, runs: 3 },
      ],
    };
    const svg = await renderSvg(chartSpec(report));
    expect(svg).toContain('nominal SIMD128 peak, 1 core: 33.6 GFLOP/s');
    expect(svg).toContain('measured SIMD128 peak, 1 core: 23.44 GFLOP/s');
    expect(svg).toContain('measured relaxed-SIMD (FMA) peak, 1 core: 40.91 GFLOP/s');
  });

  it('draws training step times on a log scale', async () => {
    const report = suiteReport('training', [
      measurement('lenet5', 'fovea-wasm SIMD128', [20, 21, 19]),
      failure('lenet5', 'tfjs-wasm XNNPACK', "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"),
      measurement('lenet5', 'tfjs cpu', [2400, 2500, 2300]),
    ]);
    const spec = chartSpec(report);
    expect(JSON.stringify(spec)).toContain('"type":"log"');
    const svg = await renderSvg(spec);
    expect(bars(svg)).toHaveLength(2);
    expectDrawn(svg, 2);
    expect(svg).toContain('>lenet5</text>');
    expect(svg).toContain('ms per step (log scale)');
    expect(svg).toContain("lenet5 on tfjs-wasm XNNPACK: fails (Kernel 'Conv2DBackpropFilter' not registered");
  });

  it('draws batch-1 model latency per engine and names what was not measured', async () => {
    const latency = (medianMs: number) => ({
      batch: 1,
      samplesMs: [medianMs],
      medianMs,
      p90Ms: medianMs,
      minMs: medianMs * 0.9,
      maxMs: medianMs * 1.2,
      imagesPerSecond: 1000 / medianMs,
    });
    const result = (model: string, variant: string, label: string, ms?: number): ModelResult => ({
      model,
      variant,
      label,
      process: 'main',
      batches: ms === undefined ? [] : [{ batch: 1, latency: latency(ms) }],
      ...(ms === undefined ? { skipped: 'skipped: budget' } : {}),
    });
    const report: ModelsReport = {
      suite: 'models',
      title: 'Model inference',
      command: 'npm run bench -- -- --suite models',
      date: '2026-11-28T04:05:00.000Z',
      machine,
      options: {},
      backends: {},
      results: [
        result('mobilenetv2', 'fovea-opt', 'fovea-wasm, optimized', 40),
        result('mobilenetv2', 'cpu-layers', 'tfjs cpu, layers', 3000),
        result('vgg16', 'fovea-opt', 'fovea-wasm, optimized', 900),
        result('vgg16', 'cpu-layers', 'tfjs cpu, layers'),
      ],
    };
    const svg = await renderSvg(chartSpec(report));
    const labels = bars(svg);
    expect(labels).toHaveLength(3);
    expectDrawn(svg, 3);
    expect(labels.some((l) => l.includes('VGG16') && l.includes('fovea-wasm, optimized') && l.includes('900'))).toBe(true);
    expect(svg).toContain('>MobileNetV2</text>');
    expect(svg).toContain('>tfjs cpu, layers</text>');
    expect(svg).toContain('Not measured (see models.md): tfjs cpu, layers on VGG16');
  });

  it('names the suite it cannot chart', () => {
    expect(() => chartSpec(suiteReport('memory', []))).toThrow("got suite 'memory'");
  });
});

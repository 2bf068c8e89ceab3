// SVG charts of the results (vega-lite specs rendered headless by vega: no canvas, no browser).
// One chart per suite, beside its JSON: results/<suite>.svg. Run directly (`node dist/charts.js
// [results dir]`) it redraws the charts from the JSON already there, without benchmarking.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { resultsDir } from './paths.js';
import type { AnyReport, SuiteReport } from './report.js';
import type { ModelsReport } from './suites/models/tables.js';
import { MODELS } from './suites/models/zoo.js';
import type { TrackReport } from './suites/track/tables.js';

const WIDTH = 760;
const HEIGHT = 340;

interface Bar {
  group: string;
  series: string;
  value: number;
  min: number;
  max: number;
}

const round = (n: number) => Number(n.toPrecision(4));

function subtitle(report: AnyReport, notShown: string[]): string[] {
  const m = report.machine;
  return [
    `${report.date.slice(0, 16).replace('T', ' ')} UTC · ${m.cpuModel}, ${m.cores} cores · Node ${m.node} · load ${m.loadAverage[0] ?? '?'}`,
    `\`${report.command}\``,
    'Bars: medians; whiskers: fastest to slowest run.',
    ...notShown,
  ];
}

/**
 * Grouped bars (one group per case or model, one bar per backend) with min–max error bars, plus
 * optional horizontal reference rules (the SIMD128 peak). `log` puts the value axis on a log scale.
 */
function groupedBars(options: {
  report: AnyReport;
  bars: Bar[];
  groupTitle: string;
  valueTitle: string;
  /** Series in legend order (colours follow it, so a backend keeps its colour across charts). */
  series: string[];
  log: boolean;
  notShown: string[];
  rules?: Array<{ value: number; label: string }>;
}): TopLevelSpec {
  const groups = [...new Set(options.bars.map((b) => b.group))];
  const x = { field: 'group', type: 'nominal', sort: groups, title: options.groupTitle, axis: { labelAngle: 0, labelLimit: 160 } } as const;
  const xOffset = { field: 'series', type: 'nominal', sort: options.series } as const;
  const y = {
    field: 'value',
    type: 'quantitative',
    title: options.valueTitle,
    // Side by side, never stacked (a stack starts at 0, which a log scale cannot show).
    stack: null,
    // On a log scale the bars start at the bottom of the axis: their heights are not ratios there.
    scale: options.log ? { type: 'log' } : { zero: true },
  } as const;
  const rules = options.rules ?? [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: options.report.title, subtitle: subtitle(options.report, options.notShown), anchor: 'start' },
    width: WIDTH,
    height: HEIGHT,
    background: 'white',
    config: { font: 'sans-serif', legend: { orient: 'bottom', columns: 3, labelLimit: 320 } },
    layer: [
      {
        data: { values: options.bars.map((b) => ({ ...b, value: round(b.value), min: round(b.min), max: round(b.max) })) },
        layer: [
          {
            mark: { type: 'bar' },
            encoding: {
              x,
              xOffset,
              y,
              color: { field: 'series', type: 'nominal', title: null, scale: { domain: options.series, scheme: 'tableau10' } },
              tooltip: [{ field: 'group' }, { field: 'series' }, { field: 'value' }, { field: 'min' }, { field: 'max' }],
            },
          },
          {
            // Error bars: the fastest and the slowest run.
            mark: { type: 'rule', color: '#333', strokeWidth: 1 },
            encoding: { x, xOffset, y: { field: 'min', type: 'quantitative' }, y2: { field: 'max' } },
          },
        ],
      },
      ...(rules.length === 0
        ? []
        : [
            {
              data: { values: rules },
              layer: [
                { mark: { type: 'rule', color: '#c0392b', strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'value', type: 'quantitative' } } },
                {
                  mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, x: 'width', color: '#c0392b', fontSize: 11 },
                  encoding: { y: { field: 'value', type: 'quantitative' }, text: { field: 'label' } },
                },
              ],
            },
          ]),
    ],
  } as TopLevelSpec;
}

function isModels(report: AnyReport): report is ModelsReport {
  return report.suite === 'models';
}

function isTrack(report: AnyReport): report is TrackReport {
  return report.suite === 'track';
}

/** Kernels: median GFLOP/s per case and backend, min–max, the nominal SIMD128 peak and the measured peaks. */
function kernelsSpec(report: SuiteReport): TopLevelSpec {
  const shown = report.results.filter((r) => report.columns.includes(r.backend) && r.error === undefined);
  const failed = report.results.filter((r) => report.columns.includes(r.backend) && r.error !== undefined);
  const peak = report.machine.peakGflopsPerCore;
  // fovea-wasm's all-threads columns can pass one core's peak: draw the peak of the cores they use too.
  const threads = Math.max(1, ...shown.map((r) => r.threads ?? 1));
  const rules = [{ value: peak, label: `nominal SIMD128 peak, 1 core: ${peak} GFLOP/s (${report.machine.ghz} GHz × 16 FLOP/cycle)` }];
  if (threads > 1) rules.push({ value: round(peak * threads), label: `nominal SIMD128 peak, ${threads} cores: ${round(peak * threads)} GFLOP/s` });
  for (const measured of report.peak ?? []) {
    const build = measured.build === 'simd' ? 'SIMD128' : 'relaxed-SIMD (FMA)';
    rules.push({ value: round(measured.median), label: `measured ${build} peak, 1 core: ${round(measured.median)} GFLOP/s` });
  }
  return groupedBars({
    report,
    bars: shown.map((r) => ({ group: r.case, series: r.backend, value: r.gflops.median, min: r.gflops.min, max: r.gflops.max })),
    groupTitle: 'case',
    valueTitle: 'GFLOP/s',
    series: report.columns,
    log: false,
    notShown: failed.map((r) => `${r.case} on ${r.backend}: fails (${r.error})`),
    rules,
  });
}

/** Training: ms per step (log scale: tfjs cpu is two orders of magnitude slower). */
function trainingSpec(report: SuiteReport): TopLevelSpec {
  const shown = report.results.filter((r) => report.columns.includes(r.backend) && r.error === undefined && r.samplesMs.length > 0);
  const failed = report.results.filter((r) => report.columns.includes(r.backend) && r.error !== undefined);
  return groupedBars({
    report,
    bars: shown.map((r) => ({ group: r.case, series: r.backend, value: r.medianMs, min: Math.min(...r.samplesMs), max: Math.max(...r.samplesMs) })),
    groupTitle: 'model (batch 32)',
    valueTitle: 'ms per step (log scale)',
    series: report.columns,
    log: true,
    notShown: failed.map((r) => `${r.case} on ${r.backend}: fails (${r.error})`),
  });
}

const shortModelName = (id: string) => (MODELS.find((m) => m.id === id)?.name ?? id).replace(/ \(.*\)$/, '');

/** Models: batch-1 median latency per model and engine (log scale). */
function modelsSpec(report: ModelsReport): TopLevelSpec {
  const bars: Bar[] = [];
  const missing = new Map<string, string[]>();
  for (const r of report.results) {
    const latency = r.batches.find((b) => b.batch === 1)?.latency;
    if (latency === undefined) {
      missing.set(r.label, [...(missing.get(r.label) ?? []), shortModelName(r.model)]);
      continue;
    }
    bars.push({ group: shortModelName(r.model), series: r.label, value: latency.medianMs, min: latency.minMs, max: latency.maxMs });
  }
  return groupedBars({
    report,
    bars,
    groupTitle: 'model (batch 1)',
    valueTitle: 'ms per inference (log scale)',
    series: [...new Set(report.results.map((r) => r.label))],
    log: true,
    notShown: [...missing].map(([label, models]) => `Not measured (see models.md): ${label} on ${models.join(', ')}`),
  });
}

/** Track: each tracker's ms per frame (median of runs, whiskers: the fastest and slowest run), with its target. */
function trackSpec(report: TrackReport): TopLevelSpec {
  const targets = [...new Set(report.perFrame.results.map((r) => r.targetMs))];
  return groupedBars({
    report,
    bars: report.perFrame.results.map((r) => ({
      group: r.tracker,
      series: 'update() per frame, 100 objects',
      value: r.medianMs,
      min: Math.min(...r.runMediansMs),
      max: Math.max(...r.runMediansMs),
    })),
    groupTitle: 'tracker (no detector, no embedder)',
    valueTitle: 'ms per frame',
    series: ['update() per frame, 100 objects'],
    log: false,
    notShown: ['Assignment, embedder and accuracy tables: see track.md.'],
    rules: targets.map((t) => ({ value: t, label: `target ≤ ${t} ms` })),
  });
}

/** The vega-lite spec of a suite's chart. */
export function chartSpec(report: AnyReport): TopLevelSpec {
  if (isModels(report)) return modelsSpec(report);
  if (isTrack(report)) return trackSpec(report);
  if (report.suite === 'training') return trainingSpec(report);
  if (report.suite === 'kernels') return kernelsSpec(report);
  throw new Error(`chartSpec: got suite '${report.suite}', expected kernels, training, models or track`);
}

/** Render a vega-lite spec to SVG in Node (renderer 'none': text widths are estimated, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Write <dir>/<suite>.svg for a report; returns its path. */
export async function writeChart(dir: string, report: AnyReport): Promise<string> {
  const path = join(dir, `${report.suite}.svg`);
  writeFileSync(path, await renderSvg(chartSpec(report)));
  return path;
}

/**
 * For the runner: a chart that cannot be drawn must not lose a finished run's JSON and table, so
 * this reports the failure and carries on.
 */
export async function writeChartAfterRun(dir: string, report: AnyReport): Promise<void> {
  try {
    console.error(`Chart: ${await writeChart(dir, report)}`);
  } catch (error) {
    console.error(`chart for ${report.suite} not written (${error instanceof Error ? error.message : error}); redraw it with node dist/charts.js`);
  }
}

/** Redraw the charts of every suite whose JSON is in `dir`. */
export async function redrawCharts(dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const suite of ['kernels', 'training', 'models', 'track']) {
    const json = join(dir, `${suite}.json`);
    if (!existsSync(json)) continue;
    written.push(await writeChart(dir, JSON.parse(readFileSync(json, 'utf8')) as AnyReport));
  }
  return written;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2] ?? resultsDir;
  redrawCharts(dir)
    .then((written) => {
      if (written.length === 0) throw new Error(`no <suite>.json in ${dir}`);
      for (const path of written) console.log(path);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}

// The results files of every suite (writeResults), the opening lines and number format their
// Markdown shares, and the case-based suites' tables.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeChartAfterRun } from './charts.js';
import type { MachineDescription } from './machine.js';
import type { PeakMeasurement } from './peak_probe.js';
import { type MemoryCheck, type Measurement, type Ratio, SLOW_RUNS, type Suite } from './runner.js';
import type { ModelsReport } from './suites/models/tables.js';
import type { TrackReport } from './suites/track/tables.js';

export interface SuiteReport {
  suite: string;
  title: string;
  command: string;
  date: string;
  machine: MachineDescription;
  options: { runs: number; warmupRuns: number; warmupMs: number; slowRunMs?: number };
  /** Which build each backend ran (fovea's kernel build; tfjs-wasm's version, SIMD, threads). */
  backends: Record<string, unknown>;
  /** Column labels in table order. */
  columns: string[];
  /** For a ratio column: [numerator, denominator] labels, measured in the same process. */
  ratios: Ratio[];
  results: Measurement[];
  /** Memory checks (training: no leaks over many steps), where the suite has them and they ran. */
  memory?: MemoryCheck[];
  /** The measured peak (Suite.peakProbe): the SIMD128 build's, and the relaxed build's where it ran. */
  peak?: PeakMeasurement[];
}

/** A report of any suite: a case-based one's, the models suite's or the track suite's. */
export type AnyReport = SuiteReport | ModelsReport | TrackReport;

/** Three significant figures or so, in every table and chart: 0.19, 45.8, 325. */
export const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

export function markdownTable(report: SuiteReport, suite: Suite): string {
  const find = (caseId: string, label: string) => report.results.find((r) => r.case === caseId && r.backend === label);
  const header = ['Case', ...report.columns, ...report.ratios.map((r) => r.label)];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const bench of suite.cases) {
    if (!report.results.some((r) => r.case === bench.id)) continue;
    const cells = [bench.description];
    for (const label of report.columns) {
      const m = find(bench.id, label);
      if (m?.error !== undefined) cells.push(`fails: ${m.error.replace(/\|/g, '\\|')}`);
      else if (m === undefined) cells.push('–');
      else {
        // Fewer runs than asked: a backend too slow for them (see MeasureOptions.slowRunMs).
        const runs = m.samplesMs.length < report.options.runs ? `; ${m.samplesMs.length} runs` : '';
        cells.push(`${fmt(m.gflops.median)} (${fmt(m.gflops.min)}–${fmt(m.gflops.max)}${runs})`);
      }
    }
    for (const ratio of report.ratios) {
      const of = find(bench.id, ratio.of);
      const to = find(bench.id, ratio.to);
      const failed = of?.error !== undefined || to?.error !== undefined;
      cells.push(of === undefined || to === undefined || failed ? '–' : `${(of.gflops.median / to.gflops.median).toFixed(2)}×`);
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function machineLine(m: MachineDescription): string {
  return (
    `${m.cpuModel}, ${m.cores} cores at ${m.ghz} GHz (${m.ghzSource}); Node ${m.node} (V8 ${m.v8}), ${m.platform}; ` +
    `WASM SIMD128 ${m.wasm.simd ? 'yes' : 'no'}, relaxed SIMD ${m.wasm.relaxedSimdFlag}, threads ${m.wasm.threads ? 'available' : 'no'}` +
    `${m.foveaThreads === undefined ? '' : ` (fovea-wasm's threaded columns: ${m.foveaThreads} threads)`}. ` +
    `Nominal SIMD128 peak: ${m.peakGflopsPerCore} GFLOP/s per core (${m.ghz} GHz × 16 FLOP/cycle), ${m.peakGflopsAllCores} on all ${m.cores} cores. ` +
    `Load average at start: ${m.loadAverage.join(' / ')} (1/5/15 min)${(m.loadAverage[0] ?? 0) > m.cores ? ' — other work shared the cores' : ''}.`
  );
}

/**
 * The opening lines every report shares: title, when and with which command, the machine and the
 * backends (`wallSeconds` where the run records it).
 */
export function reportHeader(
  report: { title: string; date: string; command: string; machine: MachineDescription; backends: Record<string, unknown> },
  wallSeconds?: number,
): string[] {
  return [
    `## ${report.title}`,
    '',
    `Measured ${report.date} with \`${report.command}\`${wallSeconds === undefined ? '' : ` (${wallSeconds} s wall time)`}.`,
    '',
    `Machine: ${machineLine(report.machine)}`,
    '',
    `Backends: ${Object.entries(report.backends)
      .map(([name, d]) => `${name} ${JSON.stringify(d)}`)
      .join('; ')}.`,
    '',
  ];
}

const PEAK_BUILDS: Record<PeakMeasurement['build'], string> = {
  simd: 'SIMD128 (multiply, then add)',
  'relaxed-simd': 'relaxed SIMD (fused multiply-add)',
};

/** The measured-peak line: what one core delivered to the probe, per build. */
export function peakLine(peak: PeakMeasurement[]): string {
  const figures = peak.map((p) => `${PEAK_BUILDS[p.build]} ${fmt(p.median)} GFLOP/s (${fmt(p.min)}–${fmt(p.max)})`);
  return (
    `Measured peak, 1 thread, before the cases: ${figures.join('; ')}. Median (min–max) of ${peak[0]?.runs ?? 0} runs of ` +
    '`assembly/peak_probe.ts`, twelve independent f32x4 multiply-add chains with no memory traffic: what WASM ' +
    "code gets out of one core's vector units, the ceiling of that build's 1-thread columns (XNNPACK's: SIMD128)."
  );
}

export function markdownReport(report: SuiteReport, suite: Suite): string {
  return [
    ...reportHeader(report),
    ...(report.peak === undefined || report.peak.length === 0 ? [] : [peakLine(report.peak), '']),
    `Median GFLOP/s (min–max) of ${report.options.runs} runs after warm-up (≥ ${report.options.warmupRuns} runs and ` +
      `${report.options.warmupMs} ms per backend), output read back included` +
      `${report.options.slowRunMs === undefined ? '' : `; a backend whose first two runs take over ${report.options.slowRunMs} ms each is warmed no more and timed ${SLOW_RUNS} times`}. ` +
      'Ratios compare medians measured in the same process.',
    '',
    markdownTable(report, suite),
    '',
    ...(report.memory === undefined || report.memory.length === 0 ? [] : [memoryTable(report.memory), '']),
  ].join('\n');
}

const bytes = (n: number) => n.toLocaleString('en-US');

/** The memory checks: counts after the first and the last snapshot, and whether they held still. */
export function memoryTable(checks: MemoryCheck[]): string {
  const lines = [
    `No leaks: what stays allocated after a training step (its loss read back and freed), after step ${checks[0]?.snapshots[0]?.step ?? 10} and after the last. ` +
      'Stable means every count is the same at both points.',
    '',
    '| Check | Backend | Steps | tensors (tf.memory) | tensor bytes | WASM heap bytes in use | WASM memory bytes | result |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const c of checks) {
    const first = c.snapshots[0];
    const last = c.snapshots[c.snapshots.length - 1];
    const pair = (f: (s: NonNullable<typeof first>) => string) =>
      first === undefined || last === undefined ? '–' : `${f(first)} → ${f(last)}`;
    const result = c.error !== undefined ? `fails: ${c.error.replace(/\|/g, '\\|')}` : c.stable ? 'stable' : '**not stable**';
    lines.push(
      `| ${c.description} | ${c.backend} | ${c.steps} | ${pair((s) => String(s.numTensors))} | ${pair((s) => bytes(s.numBytes))} | ` +
        `${pair((s) => bytes(s.heapLiveBytes))} | ${pair((s) => bytes(s.wasmMemoryBytes))} | ${result} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The command as typed at the repo root (the first `--` ends npm's options, the second turbo's),
 * recorded in every report.
 */
export function benchCommand(argv: string[]): string {
  return `npm run bench${argv.length > 0 ? ` -- -- ${argv.join(' ')}` : ''}`;
}

/**
 * Write a run's results, for every suite: <suite>.json (the report: every sample, the machine, the
 * command), <suite>.md (`markdown`, the suite's tables) and <suite>.svg (its chart), into
 * `resultsDir` for a complete run and into `resultsDir`/tmp (not committed) for any other. Prints
 * the Markdown.
 */
export async function writeResults(resultsDir: string, report: AnyReport, markdown: string, complete: boolean): Promise<void> {
  const dir = complete ? resultsDir : join(resultsDir, 'tmp');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${report.suite}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(dir, `${report.suite}.md`), markdown);
  await writeChartAfterRun(dir, report);
  console.log(markdown);
}

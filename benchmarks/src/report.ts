// Results files: <suite>.json (every sample, machine, command) and <suite>.md (the table), and
// the README's copy of the table between its markers.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MachineDescription } from './machine.js';
import type { Measurement, Suite } from './runner.js';

export interface SuiteReport {
  suite: string;
  title: string;
  command: string;
  date: string;
  machine: MachineDescription;
  options: { runs: number; warmupRuns: number; warmupMs: number };
  /** Which build each backend ran (fovea's kernel build; tfjs-wasm's version, SIMD, threads). */
  backends: Record<string, unknown>;
  /** Column labels in table order. */
  columns: string[];
  /** For a ratio column: [numerator, denominator] labels, measured in the same process. */
  ratios: Array<{ label: string; of: string; to: string }>;
  results: Measurement[];
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2));

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
      else cells.push(m === undefined ? '–' : `${fmt(m.gflops.median)} (${fmt(m.gflops.min)}–${fmt(m.gflops.max)})`);
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
    `WASM SIMD128 ${m.wasm.simd ? 'yes' : 'no'}, relaxed SIMD ${m.wasm.relaxedSimdFlag}, threads ${m.wasm.threads ? 'available' : 'no'}. ` +
    `SIMD128 peak: ${m.peakGflopsPerCore} GFLOP/s per core (${m.ghz} GHz × 16 FLOP/cycle), ${m.peakGflopsAllCores} on all ${m.cores} cores. ` +
    `Load average at start: ${m.loadAverage.join(' / ')} (1/5/15 min)${(m.loadAverage[0] ?? 0) > m.cores ? ' — other work shared the cores' : ''}.`
  );
}

export function markdownReport(report: SuiteReport, suite: Suite): string {
  return [
    `## ${report.title}`,
    '',
    `Measured ${report.date} with \`${report.command}\`.`,
    '',
    `Machine: ${machineLine(report.machine)}`,
    '',
    `Backends: ${Object.entries(report.backends)
      .map(([name, d]) => `${name} ${JSON.stringify(d)}`)
      .join('; ')}.`,
    '',
    `Median GFLOP/s (min–max) of ${report.options.runs} runs after warm-up (≥ ${report.options.warmupRuns} runs and ` +
      `${report.options.warmupMs} ms per backend), output read back included. Ratios compare medians measured in the same process.`,
    '',
    markdownTable(report, suite),
    '',
  ].join('\n');
}

/** Write results/<suite>.json and .md; a filtered run goes to results/tmp/ (not committed). */
export function saveReport(resultsDir: string, report: SuiteReport, suite: Suite, complete: boolean): string {
  const dir = complete ? resultsDir : join(resultsDir, 'tmp');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${report.suite}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const md = markdownReport(report, suite);
  writeFileSync(join(dir, `${report.suite}.md`), md);
  return join(dir, `${report.suite}.md`);
}

/** Replace the README's table for `suite` between <!-- results:<suite>:start/end --> markers. */
export function updateReadme(readmePath: string, report: SuiteReport, suite: Suite): boolean {
  if (!existsSync(readmePath)) return false;
  const text = readFileSync(readmePath, 'utf8');
  const start = `<!-- results:${report.suite}:start -->`;
  const end = `<!-- results:${report.suite}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return false;
  const body = markdownReport(report, suite).replace(/^## .*\n\n/, '');
  writeFileSync(readmePath, `${text.slice(0, from + start.length)}\n${body}\n${text.slice(to)}`);
  return true;
}

// The graphs suite's report and its Markdown: a targets table (speed against tfjs-wasm, output
// error against tfjs cpu, fovea-wasm's time in cpu-fallback kernels), the models not run, and a
// per-kernel profile of each model on fovea-wasm and tfjs-wasm.
import { FOVEA_SIMD, TFJS_CPU, TFJS_WASM, withThreads } from '../../backends.js';
import type { MachineDescription } from '../../machine.js';
import { fmt, reportHeader } from '../../report.js';
import { type EngineProfile, type EngineResult, type GraphModelResult, worstError } from './run.js';

/** Issue #25's targets. */
export const GRAPH_TARGETS = {
  /** fovea-wasm on 1 thread over tfjs-wasm (1 thread), in speed. */
  oneThread: 1.3,
  /** fovea-wasm on N threads over tfjs-wasm (1 thread). */
  threads: 2,
  /** Output error relative to each output's largest |value| on tfjs cpu… */
  relError: 1e-4,
  /** …or within this factor of tfjs-wasm's own, where that is larger. */
  tfjsWasmFactor: 10,
  /** No fallback kernel above this share of fovea-wasm's kernel time. */
  fallbackShare: 0.05,
} as const;

export interface GraphsReport {
  suite: 'graphs';
  title: string;
  command: string;
  date: string;
  machine: MachineDescription;
  options: { runs: number; warmupRuns: number; warmupMs: number; budgetS: number; threads: number; wallSeconds: number };
  backends: Record<string, unknown>;
  /** The npm package the models come from, pinned. */
  package: { name: string; version: string };
  /** fovea-wasm's native kernels in this build; every other kernel it runs is tfjs's cpu one. */
  nativeKernels: string[];
  targets: typeof GRAPH_TARGETS;
  results: GraphModelResult[];
}

const esc = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const shortError = (text: string) => esc(text.length > 160 ? `${text.slice(0, 157)}…` : text);
const ms = (n: number) => (n < 1 ? n.toFixed(3) : fmt(n));
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const sci = (x: number) => (x === 0 ? '0' : Number.isFinite(x) ? x.toExponential(1) : 'differs');

/** The row labels of one run: fovea-wasm at 1 and N threads, tfjs-wasm, tfjs cpu. */
export function graphColumns(threads: number): string[] {
  return [FOVEA_SIMD, ...(threads > 1 ? [withThreads(FOVEA_SIMD, threads)] : []), TFJS_WASM, TFJS_CPU];
}

const engineOf = (r: GraphModelResult, label: string) => r.engines.find((e) => e.label === label);

/** An engine's figure for a model: its median, or tfjs cpu's one run. */
export function engineMs(e: EngineResult | undefined): number | undefined {
  return e?.latency?.medianMs ?? e?.singleRunMs;
}

function msCell(e: EngineResult | undefined, runs: number): string {
  if (e === undefined) return '–';
  if (e.error !== undefined) return `fails: ${shortError(e.error)}`;
  if (e.latency !== undefined) {
    const n = e.latency.samplesMs.length;
    return `${ms(e.latency.medianMs)}${n < runs ? ` (${n} run${n === 1 ? '' : 's'})` : ''}`;
  }
  return e.singleRunMs === undefined ? '–' : `${ms(e.singleRunMs)} (1 run, cold)`;
}

/** Speed of `of` over `to` (their medians' inverse ratio), or undefined where either lacks one. */
export function speedRatio(r: GraphModelResult, of: string, to: string): number | undefined {
  const median = (label: string) => {
    const e = engineOf(r, label);
    return e?.error === undefined ? e?.latency?.medianMs : undefined;
  };
  const a = median(of);
  const b = median(to);
  return a === undefined || b === undefined ? undefined : b / a;
}

const ratioCell = (ratio: number | undefined, target: number) =>
  ratio === undefined ? '–' : `${ratio.toFixed(2)}× ${ratio >= target ? 'met' : '**missed**'}`;

/** The output target for fovea-wasm's rows: within 1e-4, or within 10× tfjs-wasm's own error. */
export function outputTarget(r: GraphModelResult, threads: number): { met: boolean; fovea: number; tfjsWasm?: number } | undefined {
  const foveaErrors = [FOVEA_SIMD, withThreads(FOVEA_SIMD, threads)].map((l) => worstError(engineOf(r, l)?.outputs)).filter((e) => e !== undefined);
  if (foveaErrors.length === 0) return undefined;
  const fovea = Math.max(...foveaErrors);
  const tfjsWasm = worstError(engineOf(r, TFJS_WASM)?.outputs);
  const bound = Math.max(GRAPH_TARGETS.relError, GRAPH_TARGETS.tfjsWasmFactor * (tfjsWasm ?? 0));
  return { met: fovea <= bound, fovea, ...(tfjsWasm === undefined ? {} : { tfjsWasm }) };
}

/** fovea-wasm's profile: its fallback kernels' share of kernel time, and the largest of them. */
export function fallbackOf(r: GraphModelResult): { share: number; top: EngineProfile['kernels'] } | undefined {
  const p = r.profiles.find((q) => q.label === FOVEA_SIMD);
  if (p === undefined || p.error !== undefined || p.totalMs <= 0) return undefined;
  const fallbacks = p.kernels.filter((k) => k.fallback === true);
  return { share: (p.fallbackMs ?? 0) / p.totalMs, top: fallbacks };
}

/** The largest single fallback kernel's share: the target is per kernel. */
const largestFallbackShare = (r: GraphModelResult) => {
  const f = fallbackOf(r);
  const total = r.profiles.find((q) => q.label === FOVEA_SIMD)?.totalMs ?? 0;
  return f === undefined || total <= 0 ? undefined : (f.top[0]?.ms ?? 0) / total;
};

const inputText = (r: GraphModelResult) => (r.input === undefined ? '' : ` (${r.input.shape.join('×')}${r.input.dtype === 'float32' ? '' : ` ${r.input.dtype}`})`);

function targetsTable(report: GraphsReport): string[] {
  const t = report.options.threads;
  const columns = graphColumns(t);
  const header = [
    'Model (input)',
    ...columns.map((c) => `${c} (ms)`),
    `1 thread / tfjs-wasm (≥ ${GRAPH_TARGETS.oneThread}×)`,
    ...(t > 1 ? [`${t} threads / tfjs-wasm (≥ ${GRAPH_TARGETS.threads}×)`] : []),
    'output error vs cpu: fovea-wasm (worst of its rows) / tfjs-wasm',
    'largest fallback kernel (≤ 5 %)',
    'fallback kernels: share of kernel time, largest',
  ];
  const lines = [`| ${header.join(' | ')} |`, `| --- |${header.slice(1).map(() => ' ---: ').join('|')}|`];
  for (const r of report.results.filter((q) => q.skipped === undefined)) {
    const output = outputTarget(r, t);
    const fallback = fallbackOf(r);
    const largest = largestFallbackShare(r);
    const cells = [
      `${r.id}${inputText(r)}`,
      ...columns.map((c) => msCell(engineOf(r, c), report.options.runs)),
      ratioCell(speedRatio(r, FOVEA_SIMD, TFJS_WASM), GRAPH_TARGETS.oneThread),
      ...(t > 1 ? [ratioCell(speedRatio(r, withThreads(FOVEA_SIMD, t), TFJS_WASM), GRAPH_TARGETS.threads)] : []),
      output === undefined
        ? '–'
        : `${sci(output.fovea)} / ${output.tfjsWasm === undefined ? '–' : sci(output.tfjsWasm)} ${output.met ? 'met' : '**missed**'}`,
      largest === undefined ? '–' : `${pct(largest)} ${largest <= GRAPH_TARGETS.fallbackShare ? 'met' : '**missed**'}`,
      fallback === undefined
        ? '–'
        : `${pct(fallback.share)}${fallback.top.length === 0 ? '' : `: ${fallback.top.slice(0, 3).map((k) => `${k.kernel} ${ms(k.ms)} ms (${k.calls})`).join(', ')}`}`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

/** How many models met each target, of those where it could be judged. */
function summary(report: GraphsReport): string {
  const t = report.options.threads;
  const run = report.results.filter((r) => r.skipped === undefined);
  const count = (judge: (r: GraphModelResult) => boolean | undefined) => {
    const judged = run.map(judge).filter((v) => v !== undefined);
    return `${judged.filter(Boolean).length} of ${judged.length}`;
  };
  const ratio = (of: string, target: number) => (r: GraphModelResult) => {
    const v = speedRatio(r, of, TFJS_WASM);
    return v === undefined ? undefined : v >= target;
  };
  return (
    `Targets met: 1 thread ≥ ${GRAPH_TARGETS.oneThread}× tfjs-wasm on ${count(ratio(FOVEA_SIMD, GRAPH_TARGETS.oneThread))} models` +
    (t > 1 ? `; ${t} threads ≥ ${GRAPH_TARGETS.threads}× on ${count(ratio(withThreads(FOVEA_SIMD, t), GRAPH_TARGETS.threads))}` : '') +
    `; outputs on ${count((r) => outputTarget(r, t)?.met)}; no fallback kernel above 5 % on ${count((r) => {
      const s = largestFallbackShare(r);
      return s === undefined ? undefined : s <= GRAPH_TARGETS.fallbackShare;
    })}.`
  );
}

function notRun(report: GraphsReport): string[] {
  const skipped = report.results.filter((r) => r.skipped !== undefined);
  if (skipped.length === 0) return [];
  return ['### Models not run', '', '| Model | why |', '| --- | --- |', ...skipped.map((r) => `| ${r.id} | ${esc(r.skipped!)} |`), ''];
}

/** Kernels shown per model: the largest few of each engine. */
const TOP_KERNELS = 6;

function profileTable(r: GraphModelResult): string[] {
  const fovea = r.profiles.find((p) => p.label === FOVEA_SIMD);
  const wasm = r.profiles.find((p) => p.label === TFJS_WASM);
  const names = [...new Set([...(fovea?.kernels ?? []).slice(0, TOP_KERNELS), ...(wasm?.kernels ?? []).slice(0, TOP_KERNELS)].map((k) => k.kernel))];
  /** A kernel's time (calls) and share of the engine's kernel time. */
  const cells = (p: EngineProfile | undefined, name: string): [string, string] => {
    const k = p?.kernels.find((q) => q.kernel === name);
    return k === undefined || p === undefined ? ['–', '–'] : [`${ms(k.ms)} (${k.calls})`, pct(p.totalMs > 0 ? k.ms / p.totalMs : 0)];
  };
  const order = names.sort((a, b) => (fovea?.kernels.find((k) => k.kernel === b)?.ms ?? 0) - (fovea?.kernels.find((k) => k.kernel === a)?.ms ?? 0));
  const errors = [fovea, wasm].filter((p) => p?.error !== undefined).map((p) => `${p!.label}: profile fails: ${shortError(p!.error!)}`);
  const total = (p: EngineProfile | undefined) => (p === undefined ? '–' : `${ms(p.totalMs)} ms in ${p.kernels.reduce((s, k) => s + k.calls, 0)} kernel calls`);
  return [
    `#### ${r.id}${inputText(r)}${r.executeAsync === true ? ', executeAsync (control flow)' : ''}`,
    '',
    `fovea-wasm (1 thread): ${total(fovea)}; tfjs-wasm: ${total(wasm)}.${errors.length === 0 ? '' : ` ${errors.join('; ')}.`}`,
    '',
    '| kernel | fovea-wasm ms (calls) | share | on fovea-wasm | tfjs-wasm ms (calls) | share |',
    '| --- | ---: | ---: | --- | ---: | ---: |',
    ...order.map((name) => {
      const k = fovea?.kernels.find((q) => q.kernel === name);
      const kind = k === undefined ? '–' : k.fallback === true ? '**cpu fallback**' : 'native';
      return `| ${name} | ${cells(fovea, name).join(' | ')} | ${kind} | ${cells(wasm, name).join(' | ')} |`;
    }),
    '',
  ];
}

export function markdownGraphs(report: GraphsReport): string {
  const { runs, warmupMs, budgetS, threads } = report.options;
  return [
    ...reportHeader(report, report.options.wallSeconds),
    `Graph models of npm's \`${report.package.name}@${report.package.version}\` (MIT; tfjs graph models converted from TensorFlow), ` +
      "each loaded with tfjs-converter's `loadGraphModel` through `@foveajs/models`' file handler, once per tfjs backend, and fed one " +
      'seeded input (values in [0, 1), or 0..255 for integer inputs) of the shape its signature gives, open dimensions filled ' +
      "(batch 1; issue #25's sizes). Time per inference, outputs read back included: the median of " +
      `${runs} runs after ≥ ${warmupMs} ms of warm-up per engine (fewer runs, at least 3, where one engine's runs outlast ${budgetS} s), ` +
      'the engines taking turns run by run in one process. tfjs-wasm runs 1 thread; fovea-wasm 1 and ' +
      `${threads} threads. tfjs cpu is the reference for the outputs and is timed only where ${runs} of its runs fit the budget; ` +
      'elsewhere its cell is its first (cold) run. Output error: max |difference| from tfjs cpu over that output\'s largest |value| ' +
      `on cpu, the worst output; the target is ≤ ${GRAPH_TARGETS.relError} or ≤ ${GRAPH_TARGETS.tfjsWasmFactor}× tfjs-wasm's own error. ` +
      `fovea-wasm registers ${report.nativeKernels.length} kernels natively; a kernel outside that list is tfjs's cpu kernel run by its ` +
      'fallback. Fallback shares are of the kernel time `tf.profile` records for one run on fovea-wasm (1 thread); a native kernel ' +
      'that hands an unusual dtype or attribute to the cpu kernel internally counts as native here.',
    '',
    summary(report),
    '',
    ...targetsTable(report),
    '',
    ...notRun(report),
    '### Per-kernel profiles',
    '',
    `Each model under \`tf.profile\` on fovea-wasm (1 thread) and tfjs-wasm after its timed runs (one untimed run first): per kernel, ` +
      `the median of its time over 3 profiled runs where the engine's median run is under 100 ms, else one run; the ${TOP_KERNELS} kernels ` +
      "that took longest on either engine, with their calls per run and share of that engine's kernel time. Kernel time excludes the " +
      "graph executor's own work, so it is less than the timed figure; one run on a loaded machine is noisy.",
    '',
    ...report.results.filter((r) => r.skipped === undefined && r.profiles.length > 0).flatMap(profileTable),
    ...leaks(report),
  ].join('\n');
}

function leaks(report: GraphsReport): string[] {
  const leaked = report.results.filter((r) => r.leakedTensors !== 0);
  return [
    leaked.length === 0
      ? 'Tensors: none left behind by any model once it and its inputs were disposed.'
      : `Tensors left behind once a model was disposed: ${leaked.map((r) => `${r.id} ${r.leakedTensors}`).join(', ')}.`,
    '',
  ];
}

#!/usr/bin/env node
// fovea-bench: runs benchmark suites on several tfjs backends in one process and writes
// results/<suite>.json + .md. The relaxed-SIMD columns need an engine flag on Node 20, so they are
// measured by a child process of this same script started with that flag.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KernelVariant } from '@foveajs/kernels-wasm';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import {
  allThreads,
  type BenchBackend,
  BENCH_BACKENDS,
  FOVEA_RELAXED,
  FOVEA_SIMD,
  isTfjsBackend,
  setUpBackends,
  TFJS_CPU,
  TFJS_WASM,
  TFJS_WASM_RELAXED_RUN,
  type TfjsBackend,
  withThreads,
} from './backends.js';
import { describeMachine, relaxedSimdNodeFlags } from './machine.js';
import { resultsDir } from './paths.js';
import { measurePeak, type PeakMeasurement, type ProbeBuild } from './peak_probe.js';
import { benchCommand, machineLine, markdownReport, type SuiteReport, writeResults } from './report.js';
import { type BackendEntry, checkMemory, type Measurement, type MemoryCase, type MemoryCheck, measureCase, type Suite } from './runner.js';
import { runNodeChild } from './subprocess.js';
import { SUITES } from './suites/index.js';
import { MODELS_SUITE, runModelsSuite } from './suites/models/index.js';
import { MODELS } from './suites/models/zoo.js';
import { runTrackSuite, TRACK_SUITE } from './suites/track/index.js';

/** The case-based suites, then the two that are not: models and track (run in that order, last). */
const ALL_SUITES = [...SUITES.map((s) => s.name), MODELS_SUITE, TRACK_SUITE];

/** Training steps of a memory check in a complete run (another count writes to results/tmp/). */
const MEMORY_STEPS = 1000;

function list(allowed: readonly string[], what: string) {
  return (value: string): string[] => {
    const items = value.split(',').map((s) => s.trim()).filter(Boolean);
    for (const item of items) {
      if (!allowed.includes(item)) throw new InvalidArgumentError(`${what} '${item}' is not one of ${allowed.join(', ')}`);
    }
    return items;
  };
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`got '${value}', expected a positive integer`);
  return n;
}

const program = new Command('fovea-bench')
  .description('Benchmark Fovea against tfjs-backend-wasm (XNNPACK) and tfjs cpu, side by side in one process.')
  .option('--suite <names>', `suites to run (${ALL_SUITES.join(', ')})`, list(ALL_SUITES, 'suite'))
  // onnxruntime-web/-node are peers of the models suite only; the other suites ignore them.
  .option('--backend <names>', `backends (${BENCH_BACKENDS.join(', ')})`, list(BENCH_BACKENDS, 'backend'))
  .option('--case <ids>', 'only cases whose id contains one of these (comma-separated)')
  .option('--runs <n>', 'timed runs per case and backend', positiveInt, 15)
  .option('--warmup <n>', 'warm-up runs per case and backend (at least)', positiveInt, 5)
  .option('--warmup-ms <ms>', 'warm-up time per case and backend (at least)', positiveInt, 500)
  .option('--slow-run-ms <ms>', 'a backend whose first two runs of a case each take longer is warmed no more and timed 3 times', positiveInt, 2000)
  .option('--no-relaxed', 'skip the relaxed-SIMD columns (measured in a child process)')
  .option('--threads <n>', "threads of fovea-wasm's all-threads columns (default: one per core)", positiveInt)
  .option('--no-memory', 'skip the memory (leak) checks of the training suite')
  .option('--memory-steps <n>', 'training steps of a memory check', positiveInt, MEMORY_STEPS)
  .option('--ghz <clock>', 'CPU clock for the peak estimate, when the reported one is nominal', Number.parseFloat)
  .option('--results <dir>', 'where results go', resultsDir)
  .option('--model <ids>', `models suite: only these models (${MODELS.map((m) => m.id).join(', ')})`, list(MODELS.map((m) => m.id), 'model'))
  .option('--min-runs <n>', 'models suite: timed runs per batch size (at least, where they fit the budget)', positiveInt, 5)
  .option('--max-runs <n>', 'models suite: timed runs per batch size (at most)', positiveInt, 20)
  .option('--budget-s <s>', 'models suite: seconds of timed runs per model, engine and batch size', positiveInt, 5)
  .option('--backend-budget-s <s>', 'models suite: seconds one engine may spend on all models before it skips the rest', positiveInt, 45)
  .option('--cold-start-max-s <s>', 'models suite: no cold-start process where one warm run takes longer', positiveInt, 5)
  .option('--relaxed-child <file>', '(internal) measure the relaxed-SIMD build and write the samples to <file>');

interface Options {
  suite?: string[];
  backend?: BenchBackend[];
  case?: string;
  runs: number;
  warmup: number;
  warmupMs: number;
  slowRunMs: number;
  relaxed: boolean;
  threads?: number;
  memory: boolean;
  memorySteps: number;
  ghz?: number;
  results: string;
  relaxedChild?: string;
  model?: string[];
  minRuns: number;
  maxRuns: number;
  budgetS: number;
  backendBudgetS: number;
  coldStartMaxS: number;
}

function selected<T extends { id: string }>(items: T[], filter: string | undefined): T[] {
  if (filter === undefined) return items;
  const needles = filter.split(',').map((s) => s.trim());
  return items.filter((c) => needles.some((n) => c.id.includes(n)));
}

const selectedCases = (suite: Suite, filter: string | undefined) => selected(suite.cases, filter);

/** The memory checks to run: only in the main process, on fovea-wasm's all-threads entry. */
function selectedMemory(suite: Suite, options: Options, backends: BackendEntry[]): { checks: MemoryCase[]; on?: BackendEntry } {
  const fovea = backends.filter((b) => b.backend === 'fovea-wasm').sort((a, b) => (b.threads ?? 1) - (a.threads ?? 1))[0];
  if (!options.memory || options.relaxedChild !== undefined || fovea === undefined) return { checks: [] };
  return { checks: selected(suite.memory ?? [], options.case), on: fovea };
}

interface SuiteResults {
  measurements: Measurement[];
  memory: MemoryCheck[];
}

async function measureSuites(suites: Suite[], backends: BackendEntry[], options: Options): Promise<Map<string, SuiteResults>> {
  const out = new Map<string, SuiteResults>();
  const steps = suites.reduce(
    (n, s) =>
      n + selectedCases(s, options.case).length * (backends.length + options.runs) + selectedMemory(s, options, backends).checks.length * options.memorySteps,
    0,
  );
  const bar = new SingleBar({
    format: ' {bar} {percentage}% | {suite} {case} | {value}/{total}',
    stream: process.stderr,
    hideCursor: true,
  });
  bar.start(steps, 0, { suite: '', case: '' });
  for (const suite of suites) {
    const results: Measurement[] = [];
    for (const bench of selectedCases(suite, options.case)) {
      bar.update({ suite: suite.name, case: bench.id });
      const measured = await measureCase(bench, backends, {
        runs: options.runs,
        warmupRuns: options.warmup,
        warmupMs: options.warmupMs,
        slowRunMs: options.slowRunMs,
        onStep: () => bar.increment(),
      });
      results.push(...measured);
    }
    const memory: MemoryCheck[] = [];
    const { checks, on } = selectedMemory(suite, options, backends);
    for (const check of checks) {
      bar.update({ suite: suite.name, case: check.id });
      memory.push(await checkMemory(check, on!, options.memorySteps, () => bar.increment()));
    }
    out.set(suite.name, { measurements: results, memory });
  }
  bar.stop();
  return out;
}

/** One fovea-wasm column at 1 thread and, where there is more than one, one at all threads. */
function foveaEntries(label: string, threads: number): BackendEntry[] {
  const one: BackendEntry = { label, backend: 'fovea-wasm', threads: 1 };
  return threads > 1 ? [one, { label: withThreads(label, threads), backend: 'fovea-wasm', threads }] : [one];
}

function entriesFor(backendNames: TfjsBackend[], fovea: string, wasm: string, threads: number): BackendEntry[] {
  return backendNames.flatMap((backend): BackendEntry[] =>
    backend === 'fovea-wasm' ? foveaEntries(fovea, threads) : [{ label: backend === 'tfjs-wasm' ? wasm : TFJS_CPU, backend }],
  );
}

/** What the relaxed-SIMD child measured: samples per suite, and its build's peak where a suite asks. */
interface RelaxedRun {
  samples: Record<string, Measurement[]>;
  peak?: PeakMeasurement;
}

/** The probe's peak for `build`, when one of the suites reports it (Suite.peakProbe). */
function suitesPeak(suites: Suite[], build: ProbeBuild): PeakMeasurement | undefined {
  return suites.some((s) => s.peakProbe === true) ? measurePeak(build) : undefined;
}

/** Re-run this script with the relaxed-SIMD flag (where the engine needs it); returns what it measured. */
function measureRelaxed(argv: string[]): RelaxedRun | undefined {
  const child = runNodeChild<RelaxedRun>(fileURLToPath(import.meta.url), [...argv, '--relaxed-child'], {
    nodeFlags: relaxedSimdNodeFlags(),
    stdout: 'inherit',
    stderr: 'inherit',
  });
  if (child.status !== 0 || child.output === undefined) {
    console.error(`relaxed-SIMD run failed (exit ${child.status ?? child.signal}); its column is left out`);
    return undefined;
  }
  return child.output;
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<Options>();
  const suites = options.suite === undefined ? SUITES : SUITES.filter((s) => options.suite!.includes(s.name));
  const wanted: readonly BenchBackend[] = options.backend ?? BENCH_BACKENDS;
  const backendNames = wanted.filter(isTfjsBackend);
  const modelsWanted = options.suite === undefined || options.suite.includes(MODELS_SUITE);
  const argv = process.argv.slice(2);
  const threads = options.threads ?? allThreads();

  if (options.relaxedChild !== undefined) {
    // Child: the relaxed build (1 thread and all threads) beside XNNPACK in this same process, so
    // its ratios are like for like.
    const backends = backendNames.filter((b) => b === 'fovea-wasm' || b === 'tfjs-wasm');
    await setUpBackends(backends, 'relaxed-simd');
    const peak = suitesPeak(suites, 'relaxed-simd');
    const results = await measureSuites(suites, entriesFor(backends, FOVEA_RELAXED, TFJS_WASM_RELAXED_RUN, threads), options);
    const run: RelaxedRun = { samples: Object.fromEntries([...results].map(([name, r]) => [name, r.measurements])), ...(peak === undefined ? {} : { peak }) };
    writeFileSync(options.relaxedChild, JSON.stringify(run));
    return;
  }

  const trackWanted = options.suite === undefined || options.suite.includes(TRACK_SUITE);
  if (suites.length === 0 && !trackWanted) {
    if (modelsWanted) await runModelsSuite({ ...options, threads }, argv);
    return;
  }

  const variant: KernelVariant = 'simd';
  const backendDetails = await setUpBackends(backendNames, variant);
  const machine = describeMachine(options.ghz, threads);
  console.error(`Machine: ${machineLine(machine)}`);
  const labelled = entriesFor(backendNames, FOVEA_SIMD, TFJS_WASM, threads);
  if (backendDetails['fovea-wasm'] !== undefined) {
    backendDetails['fovea-wasm'] = { ...(backendDetails['fovea-wasm'] as object), threads: foveaEntries(FOVEA_SIMD, threads).map((e) => e.threads) };
  }
  // The case suites add their relaxed-SIMD child's details, which the track suite does not run.
  const trackBackends = { ...backendDetails };
  if (suites.length > 0) await runCaseSuites(suites, { options, argv, threads, backendNames, machine, labelled, backendDetails });
  if (modelsWanted) await runModelsSuite({ ...options, threads }, argv);
  if (trackWanted) {
    const complete = options.case === undefined && options.backend === undefined;
    await runTrackSuite({ ...options, complete }, argv, { machine, entries: labelled, backends: trackBackends });
  }
}

interface CaseSuitesContext {
  options: Options;
  argv: string[];
  threads: number;
  backendNames: TfjsBackend[];
  machine: ReturnType<typeof describeMachine>;
  labelled: BackendEntry[];
  backendDetails: Record<string, unknown>;
}

/** The case-based suites: measured here (SIMD128) and in the relaxed-SIMD child, then written. */
async function runCaseSuites(suites: Suite[], context: CaseSuitesContext): Promise<void> {
  const { options, argv, threads, backendNames, machine, labelled, backendDetails } = context;
  const peak = suitesPeak(suites, 'simd');
  const results = await measureSuites(suites, labelled, options);
  const relaxed = options.relaxed && backendNames.includes('fovea-wasm') ? measureRelaxed(argv) : undefined;
  if (relaxed !== undefined) {
    backendDetails[FOVEA_RELAXED] = {
      build: 'relaxed-simd',
      threads: foveaEntries(FOVEA_RELAXED, threads).map((e) => e.threads),
      process: `child: ${['node', ...relaxedSimdNodeFlags(), 'dist/cli.js', '--relaxed-child'].join(' ')}`,
    };
  }

  // A complete run (no filter, the full leak check) writes to results/; any other to results/tmp/.
  const complete =
    options.case === undefined && options.backend === undefined && options.relaxed && options.memory && options.memorySteps === MEMORY_STEPS;
  const command = benchCommand(argv);
  for (const suite of suites) {
    const measured = [...(results.get(suite.name)?.measurements ?? []), ...(relaxed?.samples[suite.name] ?? [])];
    const peaks = suite.peakProbe === true ? [peak, relaxed?.peak].filter((p) => p !== undefined) : [];
    // fovea-wasm's columns first (SIMD128, then relaxed SIMD; 1 thread, then all threads), then the peers.
    const foveaColumns = [...foveaEntries(FOVEA_SIMD, threads), ...(relaxed === undefined ? [] : foveaEntries(FOVEA_RELAXED, threads))].map((e) => e.label);
    const columns = [
      ...foveaColumns.filter((label) => measured.some((m) => m.backend === label)),
      ...labelled.filter((l) => l.backend !== 'fovea-wasm').map((l) => l.label),
    ];
    const ratios = [
      { label: 'SIMD128 / XNNPACK', of: FOVEA_SIMD, to: TFJS_WASM },
      { label: 'relaxed / XNNPACK', of: FOVEA_RELAXED, to: TFJS_WASM_RELAXED_RUN },
      { label: 'threads / 1 thread', of: withThreads(FOVEA_SIMD, threads), to: FOVEA_SIMD },
      { label: `${threads} threads / XNNPACK`, of: withThreads(FOVEA_SIMD, threads), to: TFJS_WASM },
      { label: `relaxed ${threads} threads / XNNPACK`, of: withThreads(FOVEA_RELAXED, threads), to: TFJS_WASM_RELAXED_RUN },
      ...(suite.ratios?.(threads) ?? []),
    ].filter((r) => measured.some((m) => m.backend === r.of) && measured.some((m) => m.backend === r.to));
    const memory = results.get(suite.name)?.memory ?? [];
    const report: SuiteReport = {
      suite: suite.name,
      title: suite.title,
      command,
      date: new Date().toISOString(),
      machine,
      options: { runs: options.runs, warmupRuns: options.warmup, warmupMs: options.warmupMs, slowRunMs: options.slowRunMs },
      backends: backendDetails,
      columns,
      ratios,
      results: measured,
      ...(memory.length === 0 ? {} : { memory }),
      ...(peaks.length === 0 ? {} : { peak: peaks }),
    };
    await writeResults(options.results, report, markdownReport(report, suite), complete);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

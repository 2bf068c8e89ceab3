#!/usr/bin/env node
// fovea-bench: runs benchmark suites on several tfjs backends in one process and writes
// results/<suite>.json + .md. The relaxed-SIMD column needs an engine flag on Node 20, so it is
// measured by a child process of this same script started with that flag.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectWasmFeatures, type KernelVariant } from '@fovea/kernels-wasm';
import { SingleBar } from 'cli-progress';
import { Command, InvalidArgumentError } from 'commander';
import { BACKENDS, type BackendName, setUpBackends } from './backends.js';
import { writeChartAfterRun } from './charts.js';
import { describeMachine } from './machine.js';
import { machineLine, type SuiteReport, saveReport, updateReadme } from './report.js';
import { type Measurement, measureCase, type Suite } from './runner.js';
import { SUITES } from './suites/index.js';
import { runModelsSuite } from './models/main.js';
import { MODEL_BACKENDS, MODELS_SUITE } from './suites/models.js';
import { MODELS } from './models/zoo.js';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const RELAXED_FLAG = '--experimental-wasm-relaxed-simd';
const RELAXED_LABEL = 'fovea-wasm relaxed SIMD';
const RELAXED_BASELINE = 'tfjs-wasm (relaxed run)';

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
  .option('--suite <names>', `suites to run (${[...SUITES.map((s) => s.name), MODELS_SUITE].join(', ')})`, list([...SUITES.map((s) => s.name), MODELS_SUITE], 'suite'))
  // onnxruntime-web/-node are peers of the models suite only; the other suites ignore them.
  .option('--backend <names>', `backends (${MODEL_BACKENDS.join(', ')})`, list(MODEL_BACKENDS, 'backend'))
  .option('--case <ids>', 'only cases whose id contains one of these (comma-separated)')
  .option('--runs <n>', 'timed runs per case and backend', positiveInt, 15)
  .option('--warmup <n>', 'warm-up runs per case and backend (at least)', positiveInt, 5)
  .option('--warmup-ms <ms>', 'warm-up time per case and backend (at least)', positiveInt, 500)
  .option('--no-relaxed', 'skip the relaxed-SIMD column (measured in a child process)')
  .option('--ghz <clock>', 'CPU clock for the peak estimate, when the reported one is nominal', Number.parseFloat)
  .option('--results <dir>', 'where results go', join(packageRoot, 'results'))
  .option('--model <ids>', `models suite: only these models (${MODELS.map((m) => m.id).join(', ')})`, list(MODELS.map((m) => m.id), 'model'))
  .option('--min-runs <n>', 'models suite: timed runs per batch size (at least, where they fit the budget)', positiveInt, 5)
  .option('--max-runs <n>', 'models suite: timed runs per batch size (at most)', positiveInt, 20)
  .option('--budget-s <s>', 'models suite: seconds of timed runs per model, engine and batch size', positiveInt, 5)
  .option('--backend-budget-s <s>', 'models suite: seconds one engine may spend on all models before it skips the rest', positiveInt, 45)
  .option('--cold-start-max-s <s>', 'models suite: no cold-start process where one warm run takes longer', positiveInt, 5)
  .option('--relaxed-child <file>', '(internal) measure the relaxed-SIMD build and write the samples to <file>');

interface Options {
  suite?: string[];
  backend?: BackendName[];
  case?: string;
  runs: number;
  warmup: number;
  warmupMs: number;
  relaxed: boolean;
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

function selectedCases(suite: Suite, filter: string | undefined): Suite['cases'] {
  if (filter === undefined) return suite.cases;
  const needles = filter.split(',').map((s) => s.trim());
  return suite.cases.filter((c) => needles.some((n) => c.id.includes(n)));
}

async function measureSuites(
  suites: Suite[],
  backends: Array<{ label: string; backend: BackendName }>,
  options: Options,
): Promise<Map<string, Measurement[]>> {
  const out = new Map<string, Measurement[]>();
  const steps = suites.reduce((n, s) => n + selectedCases(s, options.case).length * (backends.length + options.runs), 0);
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
        onStep: () => bar.increment(),
      });
      results.push(...measured);
    }
    out.set(suite.name, results);
  }
  bar.stop();
  return out;
}

/** Re-run this script with the relaxed-SIMD flag (where the engine needs it); returns its samples. */
function measureRelaxed(argv: string[]): Record<string, Measurement[]> | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-bench-'));
  const file = join(dir, 'relaxed.json');
  try {
    const flags = detectWasmFeatures().relaxedSimd ? [] : [RELAXED_FLAG];
    const child = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), ...argv, '--relaxed-child', file], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (child.status !== 0) {
      console.error(`relaxed-SIMD run failed (exit ${child.status}); its column is left out`);
      return undefined;
    }
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, Measurement[]>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<Options>();
  const suites = options.suite === undefined ? SUITES : SUITES.filter((s) => options.suite!.includes(s.name));
  const backendNames = (options.backend ?? [...BACKENDS]).filter((b) => (BACKENDS as readonly string[]).includes(b));
  const modelsWanted = options.suite === undefined || options.suite.includes(MODELS_SUITE);
  const argv = process.argv.slice(2);

  if (options.relaxedChild !== undefined) {
    // Child: the relaxed build beside XNNPACK in this same process, so its ratio is like for like.
    const backends = backendNames.filter((b) => b === 'fovea-wasm' || b === 'tfjs-wasm');
    await setUpBackends(backends, 'relaxed-simd');
    const labelled = backends.map((backend) => ({
      backend,
      label: backend === 'fovea-wasm' ? RELAXED_LABEL : RELAXED_BASELINE,
    }));
    const results = await measureSuites(suites, labelled, options);
    writeFileSync(options.relaxedChild, JSON.stringify(Object.fromEntries(results)));
    return;
  }

  if (suites.length === 0) {
    if (modelsWanted) await runModelsSuite(options, argv);
    return;
  }

  const variant: KernelVariant = 'simd';
  const backendDetails = await setUpBackends(backendNames, variant);
  const machine = describeMachine(options.ghz);
  console.error(`Machine: ${machineLine(machine)}`);
  const labelled = backendNames.map((backend) => ({
    backend,
    label: backend === 'fovea-wasm' ? 'fovea-wasm SIMD128' : backend === 'tfjs-wasm' ? 'tfjs-wasm XNNPACK' : 'tfjs cpu',
  }));
  const results = await measureSuites(suites, labelled, options);
  const relaxed = options.relaxed && backendNames.includes('fovea-wasm') ? measureRelaxed(argv) : undefined;
  if (relaxed !== undefined) {
    backendDetails[RELAXED_LABEL] = {
      build: 'relaxed-simd',
      process: `child: node ${detectWasmFeatures().relaxedSimd ? '' : `${RELAXED_FLAG} `}dist/cli.js --relaxed-child`,
    };
  }

  const complete = options.case === undefined && options.backend === undefined && options.relaxed;
  // As typed at the repo root: the first `--` ends npm's options, the second turbo's.
  const command = `npm run bench${argv.length > 0 ? ` -- -- ${argv.join(' ')}` : ''}`;
  for (const suite of suites) {
    const measured = [...(results.get(suite.name) ?? []), ...(relaxed?.[suite.name] ?? [])];
    const columns = labelled.map((l) => l.label);
    if (relaxed !== undefined) columns.splice(1, 0, RELAXED_LABEL);
    const ratios = [
      { label: 'SIMD128 / XNNPACK', of: 'fovea-wasm SIMD128', to: 'tfjs-wasm XNNPACK' },
      { label: 'relaxed / XNNPACK', of: RELAXED_LABEL, to: RELAXED_BASELINE },
      ...(suite.ratios ?? []),
    ].filter((r) => measured.some((m) => m.backend === r.of) && measured.some((m) => m.backend === r.to));
    const report: SuiteReport = {
      suite: suite.name,
      title: suite.title,
      command,
      date: new Date().toISOString(),
      machine,
      options: { runs: options.runs, warmupRuns: options.warmup, warmupMs: options.warmupMs },
      backends: backendDetails,
      columns,
      ratios,
      results: measured,
    };
    const path = saveReport(options.results, report, suite, complete);
    await writeChartAfterRun(dirname(path), report);
    if (complete) updateReadme(join(packageRoot, 'README.md'), report, suite);
    console.log(readFileSync(path, 'utf8'));
  }
  if (modelsWanted) await runModelsSuite(options, argv);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

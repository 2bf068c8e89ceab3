// One graph model on every engine of this process: loaded once per tfjs backend (a GraphModel's
// weights live on the backend that was active when it loaded; sharing one model would move them at
// every switch), outputs compared with tfjs cpu's, timed interleaved, and profiled kernel by kernel.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { loadGraphModel } from '@foveajs/models';
import type { GraphModel } from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import { FOVEA_SIMD, TFJS_CPU, TFJS_NAME, TFJS_WASM, type TfjsBackend, useFoveaThreads, withThreads } from '../../backends.js';
import { seededUnitValues } from '../../seeded.js';
import { type Contender, type Latency, type LatencyOptions, measureInterleaved, type Session } from '../models/session.js';
import { fillShape, ISSUE_MODELS } from './catalog.js';

/** One engine's row for a model: its latency, or the one run it had, or why it could not run. */
export interface EngineResult {
  label: string;
  backend: TfjsBackend;
  threads?: number;
  latency?: Latency;
  /** tfjs cpu where timed runs would not fit the budget: its one (reference) run, not warmed. */
  singleRunMs?: number;
  error?: string;
  /** Per output, against tfjs cpu's: max |diff| / max |cpu value|, or why they cannot be compared. */
  outputs?: OutputCheck[];
}

export interface OutputCheck {
  name: string;
  relError?: number;
  mismatch?: string;
}

export interface KernelTime {
  kernel: string;
  ms: number;
  calls: number;
  /** fovea-wasm only: tfjs's cpu kernel, registered for fovea-wasm by its fallback. */
  fallback?: boolean;
}

/** Profiled runs: time per kernel name (median over the runs), most first. */
export interface EngineProfile {
  label: string;
  runs: number;
  totalMs: number;
  kernels: KernelTime[];
  /** fovea-wasm only: the time of its cpu-fallback kernels. */
  fallbackMs?: number;
  error?: string;
}

export interface GraphModelResult {
  id: string;
  /** What the model is, for the issue's ten. */
  note?: string;
  weightsBytes: number;
  input?: { name: string; shape: number[]; dtype: string };
  outputs?: string[];
  /** The graph has control flow or dynamic ops, so it runs with executeAsync. */
  executeAsync?: boolean;
  /** Not measured at all: several inputs, or it fails on tfjs cpu (the reference). */
  skipped?: string;
  engines: EngineResult[];
  profiles: EngineProfile[];
  /** tf.memory().numTensors after the model and its inputs were disposed, minus before. */
  leakedTensors: number;
}

export interface GraphRunOptions {
  modelsDir: string;
  backends: readonly TfjsBackend[];
  /** fovea-wasm's all-threads row. */
  threads: number;
  latency: LatencyOptions;
}

const engineOf = (engines: EngineResult[], label: string) => engines.find((e) => e.label === label);

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The model's outputs as a list, from execute or (control flow) executeAsync. */
async function runGraph(model: GraphModel, x: tf.Tensor, async: boolean): Promise<tf.Tensor[]> {
  const out = async ? await model.executeAsync(x) : model.execute(x);
  return Array.isArray(out) ? out : [out];
}

async function readAndDispose(outputs: tf.Tensor[]): Promise<void> {
  try {
    await Promise.all(outputs.map((o) => o.data()));
  } finally {
    tf.dispose(outputs);
  }
}

/** max |a − ref| over max |ref| (max |a − ref| where ref is all zeros); NaN must match NaN. */
export function compareOutput(name: string, a: tf.TypedArray | undefined, ref: tf.TypedArray, shapes: [number[], number[]]): OutputCheck {
  if (a === undefined || shapes[0].join('×') !== shapes[1].join('×')) {
    return { name, mismatch: `shape ${shapes[0].join('×')}, cpu's ${shapes[1].join('×')}` };
  }
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i]!;
    const v = a[i]!;
    if (Number.isNaN(r) || Number.isNaN(v)) {
      if (Number.isNaN(r) !== Number.isNaN(v)) return { name, mismatch: `NaN at ${i} on one side only` };
      continue;
    }
    diff = Math.max(diff, Math.abs(v - r));
    scale = Math.max(scale, Math.abs(r));
  }
  return { name, relError: scale > 0 ? diff / scale : diff };
}

/** The worst of an engine's output checks: a number, or Infinity where one could not be compared. */
export function worstError(outputs: OutputCheck[] | undefined): number | undefined {
  if (outputs === undefined || outputs.length === 0) return undefined;
  return Math.max(...outputs.map((o) => o.relError ?? Number.POSITIVE_INFINITY));
}

/** Seeded input values: image-like [0, 1) for floats, 0..255 for integer inputs (movenet's, handtrack's). */
function inputTensor(shape: number[], dtype: string): tf.Tensor {
  const values = seededUnitValues(shape.reduce((a, b) => a * b, 1), 25);
  if (dtype === 'int32') return tf.tensor(Int32Array.from(values, (v) => Math.floor(v * 256)), shape, 'int32');
  return tf.tensor(values, shape, 'float32');
}

/** A model loaded on one backend, with its input there. */
interface Loaded {
  backend: TfjsBackend;
  model: GraphModel;
  x: tf.Tensor;
}

async function activate(backend: TfjsBackend, threads?: number): Promise<void> {
  await tf.setBackend(TFJS_NAME[backend]);
  if (backend === 'fovea-wasm') await useFoveaThreads(threads ?? 1);
}

function session(loaded: Loaded, async: boolean): Session {
  return {
    activate: (threads) => activate(loaded.backend, threads),
    infer: async () => readAndDispose(await runGraph(loaded.model, loaded.x, async)),
    wasmHeapBytes: () => undefined,
    dispose: async () => {
      loaded.model.dispose();
      loaded.x.dispose();
    },
  };
}

/** Profiled runs of a model whose runs take less than this; one run of a slower model. */
const PROFILE_SHORT_MS = 100;
const PROFILE_SHORT_RUNS = 3;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};

/**
 * Per-kernel times under tf.profile (the median over `runs` runs of each kernel's time in a run),
 * after one untimed run: the first run after a backend switch pays for kernel setup. `native`:
 * fovea-wasm's own kernels, to tell its cpu fallbacks.
 */
async function profileRuns(label: string, loaded: Loaded, async: boolean, runs: number, threads: number | undefined, native?: Set<string>): Promise<EngineProfile> {
  try {
    await activate(loaded.backend, threads);
    await readAndDispose(await runGraph(loaded.model, loaded.x, async));
    const perRun: Array<Map<string, { ms: number; calls: number }>> = [];
    for (let i = 0; i < runs; i++) {
      const info = await tf.profile(async () => runGraph(loaded.model, loaded.x, async));
      tf.dispose(info.result as tf.Tensor[]);
      const byName = new Map<string, { ms: number; calls: number }>();
      // Only registered kernels: an op with a custom gradient (fusedConv2d) is profiled as its
      // scope ('fusedConv2d__op') around its kernel (FusedConv2D), which would count twice.
      for (const k of info.kernels.filter((q) => tf.getKernel(q.name, TFJS_NAME[loaded.backend]) !== undefined)) {
        const entry = byName.get(k.name) ?? { ms: 0, calls: 0 };
        entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
        entry.calls++;
        byName.set(k.name, entry);
      }
      perRun.push(byName);
    }
    const names = new Set(perRun.flatMap((m) => [...m.keys()]));
    const kernels: KernelTime[] = [...names]
      .map((kernel) => ({
        kernel,
        ms: Math.round(median(perRun.map((m) => m.get(kernel)?.ms ?? 0)) * 1000) / 1000,
        calls: perRun[0]!.get(kernel)?.calls ?? 0,
        ...(native === undefined ? {} : { fallback: !native.has(kernel) }),
      }))
      .sort((a, b) => b.ms - a.ms);
    const totalMs = kernels.reduce((s, k) => s + k.ms, 0);
    const fallbackMs = native === undefined ? undefined : kernels.filter((k) => k.fallback).reduce((s, k) => s + k.ms, 0);
    return { label, runs, totalMs, kernels, ...(fallbackMs === undefined ? {} : { fallbackMs }) };
  } catch (error) {
    return { label, runs, totalMs: 0, kernels: [], error: message(error) };
  }
}

/** Load on the active backend and build the input there. */
async function loadOn(backend: TfjsBackend, path: string, input: { shape: number[]; dtype: string }): Promise<Loaded> {
  await activate(backend);
  const model = await loadGraphModel(path);
  return { backend, model, x: inputTensor(input.shape, input.dtype) };
}

/** fovea-wasm's native kernel names (the rest of its registry is tfjs's cpu kernels). */
export async function foveaNativeKernels(): Promise<Set<string>> {
  const { foveaKernelConfigs } = await import('@foveajs/backend-wasm');
  return new Set(foveaKernelConfigs.map((k) => k.kernelName));
}

export async function runGraphModel(id: string, options: GraphRunOptions, native: Set<string>, onRun?: () => void): Promise<GraphModelResult> {
  const path = join(options.modelsDir, `${id}.json`);
  const base = {
    id,
    ...(ISSUE_MODELS.find((m) => m.id === id) === undefined ? {} : { note: ISSUE_MODELS.find((m) => m.id === id)!.note }),
    weightsBytes: statSync(join(options.modelsDir, `${id}.bin`), { throwIfNoEntry: false })?.size ?? 0,
  };
  const loaded: Loaded[] = [];
  const skip = (skipped: string, extra: Partial<GraphModelResult> = {}): GraphModelResult => ({
    ...base,
    ...extra,
    skipped,
    engines: [],
    profiles: [],
    // Counted by runGraphModels once everything is disposed.
    leakedTensors: 0,
  });
  try {
    // tfjs cpu first: its outputs are the reference, and its signature says what to feed.
    await activate('cpu');
    let reference: GraphModel;
    try {
      reference = await loadGraphModel(path);
    } catch (error) {
      return skip(`fails to load: ${message(error)}`);
    }
    const inputs = reference.inputs;
    if (inputs.length !== 1) {
      reference.dispose();
      return skip(`needs ${inputs.length} inputs (${inputs.map((i) => i.name).join(', ')}); the suite feeds one`);
    }
    const signature = inputs[0]!;
    const shape = fillShape(signature.shape, id);
    if (shape === undefined) {
      reference.dispose();
      return skip(`input '${signature.name}' has shape [${signature.shape}], with open dimensions the suite cannot fill`);
    }
    const input = { name: signature.name, shape, dtype: signature.dtype };
    const cpu: Loaded = { backend: 'cpu', model: reference, x: inputTensor(shape, input.dtype) };
    loaded.push(cpu);
    const outputs = reference.outputs.map((o) => o.name);

    // The reference run, timed: where timed runs of cpu would not fit the budget, this is its figure.
    let async = false;
    let start = performance.now();
    let cpuOut: tf.Tensor[];
    try {
      try {
        cpuOut = await runGraph(reference, cpu.x, false);
      } catch (error) {
        if (!/executeAsync/.test(message(error))) throw error;
        async = true;
        start = performance.now();
        cpuOut = await runGraph(reference, cpu.x, true);
      }
    } catch (error) {
      return skip(`fails on tfjs cpu (the reference): ${message(error)}`, { input, outputs });
    }
    const refValues = await Promise.all(cpuOut.map((o) => o.data()));
    const refShapes = cpuOut.map((o) => o.shape);
    tf.dispose(cpuOut);
    const cpuFirstMs = performance.now() - start;

    const engines: EngineResult[] = [];
    const contenders: Contender[] = [];
    const contenderRows: EngineResult[] = [];
    const rows: Array<{ label: string; backend: TfjsBackend; threads?: number }> = [];
    if (options.backends.includes('fovea-wasm')) {
      rows.push({ label: FOVEA_SIMD, backend: 'fovea-wasm', threads: 1 });
      if (options.threads > 1) rows.push({ label: withThreads(FOVEA_SIMD, options.threads), backend: 'fovea-wasm', threads: options.threads });
    }
    if (options.backends.includes('tfjs-wasm')) rows.push({ label: TFJS_WASM, backend: 'tfjs-wasm' });
    const onBackend = new Map<TfjsBackend, Loaded | string>();
    for (const row of rows) {
      const result: EngineResult = { ...row };
      engines.push(result);
      let target = onBackend.get(row.backend);
      if (target === undefined) {
        try {
          target = await loadOn(row.backend, path, input);
          loaded.push(target);
        } catch (error) {
          target = `fails to load: ${message(error)}`;
        }
        onBackend.set(row.backend, target);
      }
      if (typeof target === 'string') {
        result.error = target;
        continue;
      }
      try {
        await activate(row.backend, row.threads);
        const out = await runGraph(target.model, target.x, async);
        const values = await Promise.all(out.map((o) => o.data()));
        result.outputs = outputs.map((name, i) => compareOutput(name, values[i], refValues[i]!, [out[i]?.shape ?? [], refShapes[i]!]));
        tf.dispose(out);
      } catch (error) {
        result.error = message(error);
        continue;
      }
      contenders.push({ session: session(target, async), ...(row.threads === undefined ? {} : { threads: row.threads }) });
      contenderRows.push(result);
    }
    // tfjs cpu is timed only where its runs fit the budget; otherwise its reference run stands.
    const cpuRow: EngineResult = { label: TFJS_CPU, backend: 'cpu' };
    if (options.backends.includes('cpu')) {
      engines.push(cpuRow);
      if (cpuFirstMs * options.latency.maxRuns <= options.latency.budgetMs) {
        contenders.push({ session: session(cpu, async) });
        contenderRows.push(cpuRow);
      } else {
        cpuRow.singleRunMs = cpuFirstMs;
      }
    }

    const measured = await measureInterleaved(contenders, [1], options.latency, () => onRun?.());
    measured.forEach((batches, i) => {
      const latency = batches[0]?.latency;
      if (latency !== undefined) contenderRows[i]!.latency = latency;
      else contenderRows[i]!.error = batches[0]?.skipped ?? 'not measured';
    });

    const profiles: EngineProfile[] = [];
    const runsFor = (label: string) => ((engineOf(engines, label)?.latency?.medianMs ?? Number.POSITIVE_INFINITY) < PROFILE_SHORT_MS ? PROFILE_SHORT_RUNS : 1);
    const fovea = onBackend.get('fovea-wasm');
    if (fovea !== undefined && typeof fovea !== 'string') profiles.push(await profileRuns(FOVEA_SIMD, fovea, async, runsFor(FOVEA_SIMD), 1, native));
    const wasm = onBackend.get('tfjs-wasm');
    if (wasm !== undefined && typeof wasm !== 'string') profiles.push(await profileRuns(TFJS_WASM, wasm, async, runsFor(TFJS_WASM), undefined));

    return { ...base, input, outputs, ...(async ? { executeAsync: true } : {}), engines, profiles, leakedTensors: 0 };
  } finally {
    for (const l of loaded) {
      await tf.setBackend(TFJS_NAME[l.backend]);
      l.model.dispose();
      l.x.dispose();
    }
  }
}

/** Run `ids` in turn; the tensors left after each model are counted into its result. */
export async function runGraphModels(ids: string[], options: GraphRunOptions, onModel: (id: string) => void, onRun?: () => void): Promise<GraphModelResult[]> {
  const native = await foveaNativeKernels();
  const results: GraphModelResult[] = [];
  for (const id of ids) {
    onModel(id);
    const before = tf.memory().numTensors;
    const result = await runGraphModel(id, options, native, onRun);
    result.leakedTensors = tf.memory().numTensors - before;
    results.push(result);
  }
  return results;
}

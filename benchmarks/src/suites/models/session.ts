// One model loaded on one engine, behind the same `infer(batch)` for tfjs and onnxruntime, and the
// latency loop shared by the runner's process and the child processes.
import { performance } from 'node:perf_hooks';
import type { Engine, ModelSpec } from './zoo.js';
import { onnxPath } from './zoo.js';
import { seededUnitValues } from '../../seeded.js';

export interface Session {
  /**
   * Make this session's engine the active one (tfjs backend; fovea-wasm's thread count, or
   * `threads` when given, and zero-copy mode): sessions of one process take turns.
   */
  activate(threads?: number): Promise<void>;
  /** One inference on a prepared input of `batch` images, output read back. */
  infer(batch: number): Promise<void>;
  /** Bytes of the engine's WebAssembly memory, where it exposes it. */
  wasmHeapBytes(): number | undefined;
  dispose(): Promise<void>;
}

export interface OpenedSession {
  session: Session;
  /** Loading the engine's packages and initialising its backend (near 0 once loaded). */
  importMs: number;
  /** Building the model (random weights) or creating the onnxruntime session. */
  buildMs: number;
}

async function openTfjs(engine: Extract<Engine, { kind: 'tfjs' }>, model: ModelSpec): Promise<OpenedSession> {
  let start = performance.now();
  const tf = await import('@tensorflow/tfjs-core');
  const { setUpBackends, TFJS_NAME, useFoveaThreads } = await import('../../backends.js');
  const threads = engine.threads ?? 1;
  if (engine.backend === 'fovea-wasm') {
    // Before the backend starts (in a fresh process), so that it starts only the workers it needs.
    (await import('@foveajs/backend-wasm')).setThreadsCount(threads);
  }
  // The engine's registry holds initialised backends only (the runner's process set them up).
  const registry = (tf.engine() as unknown as { registry: Record<string, unknown> }).registry;
  if (registry[TFJS_NAME[engine.backend]] === undefined) {
    await setUpBackends([engine.backend], engine.relaxed ? 'relaxed-simd' : 'simd');
  }
  const activate = async (threadsNow = threads) => {
    await tf.setBackend(TFJS_NAME[engine.backend]);
    // Workers start in the background: wait for them (part of the import time), or the first runs
    // would use fewer threads.
    if (engine.backend === 'fovea-wasm') {
      await useFoveaThreads(threadsNow);
      // One fovea-wasm backend serves every variant of this process: set the mode each time.
      const { kernels } = tf.backend() as unknown as { kernels: { arena: { setZeroCopy(on: boolean): boolean } } };
      kernels.arena.setZeroCopy(engine.zeroCopy ?? true);
    }
  };
  await activate();
  const zoo = await import('@foveajs/models');
  const builders = (model.package === '@foveajs/segment' ? await import('@foveajs/segment') : zoo) as unknown as Record<string, unknown>;
  const importMs = performance.now() - start;

  start = performance.now();
  // Every builder takes Keras's options; with no weights it returns the model synchronously.
  const builder = builders[model.builder] as (options: { inputShape: number[] }) => import('@tensorflow/tfjs-layers').LayersModel;
  const built = builder({ ...model.options, inputShape: model.inputShape });
  // optimizeForInference returns a new model that shares no variable with the built one.
  const net = engine.form === 'optimized' ? zoo.optimizeForInference(built) : built;
  if (net !== built) built.dispose();
  const buildMs = performance.now() - start;

  const inputs = new Map<number, import('@tensorflow/tfjs-core').Tensor>();
  const backendName = TFJS_NAME[engine.backend];
  return {
    importMs,
    buildMs,
    session: {
      activate,
      async infer(batch) {
        let x = inputs.get(batch);
        if (x === undefined) {
          const shape = [batch, ...model.inputShape];
          x = tf.tensor(seededUnitValues(shape.reduce((a, b) => a * b, 1), 7), shape);
          inputs.set(batch, x);
        }
        const y = net.predict(x) as import('@tensorflow/tfjs-core').Tensor;
        await y.data();
        y.dispose();
      },
      wasmHeapBytes() {
        const backend = tf.findBackend(backendName) as unknown as {
          kernels?: { arena?: { memoryBytes?: number } };
          wasm?: { HEAPU8?: Uint8Array };
        } | null;
        return backend?.kernels?.arena?.memoryBytes ?? backend?.wasm?.HEAPU8?.byteLength;
      },
      async dispose() {
        net.dispose();
        for (const x of inputs.values()) x.dispose();
      },
    },
  };
}

/** The subset of onnxruntime-common's API both packages export. */
interface OrtModule {
  env: { wasm: { numThreads?: number } };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown;
  InferenceSession: {
    create(path: string, options: Record<string, unknown>): Promise<{
      inputNames: readonly string[];
      run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>>;
      release(): Promise<void>;
    }>;
  };
}

async function openOrt(engine: Extract<Engine, { kind: 'ort' }>, model: ModelSpec): Promise<OpenedSession> {
  let start = performance.now();
  const ort = (await import(engine.package)) as unknown as OrtModule;
  // onnxruntime-web reads the thread count when its wasm module starts (the first session): one
  // setting per process, which is why each onnxruntime column runs in a process of its own.
  if (engine.package === 'onnxruntime-web') ort.env.wasm.numThreads = engine.threads;
  const importMs = performance.now() - start;

  start = performance.now();
  const options: Record<string, unknown> =
    engine.package === 'onnxruntime-web'
      ? { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }
      : { executionProviders: ['cpu'], graphOptimizationLevel: 'all', intraOpNumThreads: engine.threads, interOpNumThreads: 1 };
  const onnx = await ort.InferenceSession.create(onnxPath(model), options);
  const buildMs = performance.now() - start;

  const [h, w, c] = model.inputShape;
  const feeds = new Map<number, Record<string, unknown>>();
  return {
    importMs,
    buildMs,
    session: {
      // One onnxruntime engine per process: nothing to switch.
      async activate() {},
      async infer(batch) {
        let feed = feeds.get(batch);
        if (feed === undefined) {
          const dims = [batch, c, h, w];
          feed = { [onnx.inputNames[0]!]: new ort.Tensor('float32', seededUnitValues(batch * c * h * w, 7), dims) };
          feeds.set(batch, feed);
        }
        // Outputs come back in JS memory: the read-back is part of run().
        const out = await onnx.run(feed);
        for (const t of Object.values(out)) void t.data;
      },
      wasmHeapBytes: () => undefined,
      dispose: () => onnx.release(),
    },
  };
}

export function openSession(engine: Engine, model: ModelSpec): Promise<OpenedSession> {
  return engine.kind === 'tfjs' ? openTfjs(engine, model) : openOrt(engine, model);
}

export interface LatencyOptions {
  /** Warm-up runs (the first one compiles and allocates); fewer when one run eats the budget. */
  warmupRuns: number;
  /**
   * Warm-up time: runs go on until this much is spent too. A few runs of a sub-millisecond model
   * leave the engines' JavaScript unoptimised, and that JavaScript is most of what such a model
   * costs: counted in runs alone, its warm-up would end before V8 optimises it.
   */
  warmupMs: number;
  minRuns: number;
  maxRuns: number;
  /** Timed runs stop once this much time is spent and minRuns are done. */
  budgetMs: number;
}

export interface Latency {
  batch: number;
  samplesMs: number[];
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  /** Images per second at the median latency. */
  imagesPerSecond: number;
}

function quantile(sorted: number[], q: number): number {
  // Linear interpolation between closest ranks (numpy's default).
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarise(batch: number, samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const medianMs = quantile(sorted, 0.5);
  return {
    batch,
    samplesMs: samples.map((t) => Math.round(t * 1000) / 1000),
    medianMs,
    p90Ms: quantile(sorted, 0.9),
    minMs: sorted[0]!,
    maxMs: sorted[sorted.length - 1]!,
    imagesPerSecond: (batch * 1000) / medianMs,
  };
}

/**
 * Warm-up runs: at least `warmupRuns` and `warmupMs`, but no more once a quarter of the budget is
 * spent (a model that takes seconds per run is warm after one: more would only eat the budget).
 */
async function warmUp(timeOnce: () => Promise<number>, options: LatencyOptions): Promise<void> {
  let warm = 0;
  for (let i = 0; i < options.warmupRuns || warm < options.warmupMs; i++) {
    warm += await timeOnce();
    if (warm > options.budgetMs / 4) break;
  }
}

/**
 * Whether a session has timed enough runs: `maxRuns`; or, once the budget is spent, three (a
 * median and a spread; `minRuns` where that is fewer), or one where a single run outlasts the
 * whole budget (tfjs cpu on the large models).
 */
function enoughRuns(runs: number, spentMs: number, lastMs: number, options: LatencyOptions): boolean {
  if (runs >= options.maxRuns) return true;
  if (spentMs < options.budgetMs) return false;
  return runs >= Math.min(3, options.minRuns) || lastMs > options.budgetMs;
}

/** The batch size left out, where one run at it (estimated from a smaller batch) would exceed the budget. */
function overBudgetBatch(batch: number, perImageMs: number | undefined, options: LatencyOptions): BatchResult | undefined {
  // Batching only amortises, so the estimate from a smaller batch errs long.
  const estimateMs = (perImageMs ?? 0) * batch;
  if (estimateMs <= options.budgetMs) return undefined;
  return {
    batch,
    skipped: `skipped: one run would take ~${(estimateMs / 1000).toFixed(0)} s, over the ${options.budgetMs / 1000} s budget per case`,
  };
}

export async function measureLatency(session: Session, batch: number, options: LatencyOptions, onRun?: () => void): Promise<Latency> {
  const timeOnce = async () => {
    const start = performance.now();
    await session.infer(batch);
    return performance.now() - start;
  };
  await warmUp(timeOnce, options);
  const samples: number[] = [];
  let spent = 0;
  while (samples.length < options.maxRuns) {
    const t = await timeOnce();
    samples.push(t);
    spent += t;
    onRun?.();
    if (enoughRuns(samples.length, spent, t, options)) break;
  }
  return summarise(batch, samples);
}

/** Runs shorter than this get an untimed run first after their engine is switched to. */
const REWARM_BELOW_MS = 100;

/** One engine of an interleaved measurement: a session, the thread count it runs at. */
export interface Contender {
  session: Session;
  threads?: number;
}

/**
 * Latency of several sessions of one process at each batch size, their runs interleaved round by
 * round (one run of each per round), so that load from elsewhere on the machine hits each alike:
 * on a shared machine, measuring engines one after another can move a ratio by tens of percent.
 * Each session stops by the rules of measureLatency (its own budget, minRuns, maxRuns); a batch
 * size whose one run would exceed the budget is skipped for that session. `onRun` sees each timed
 * run with the session's index.
 */
export async function measureInterleaved(
  contenders: Contender[],
  batches: number[],
  options: LatencyOptions,
  onRun?: (index: number, ms: number) => void,
): Promise<BatchResult[][]> {
  const results: BatchResult[][] = contenders.map(() => []);
  const perImageMs: (number | undefined)[] = contenders.map(() => undefined);
  const lastMs: (number | undefined)[] = contenders.map(() => undefined);
  const timeOnce = async (i: number, batch: number) => {
    const c = contenders[i]!;
    await c.session.activate(c.threads);
    // Switching tfjs backends re-runs every kernel's setup (tfjs-wasm re-wraps its WASM
    // functions), and the first run after a switch pays for it: as much as a whole run of a small
    // model (LeNet-5). Runs that short are preceded by an untimed one; for longer runs it is noise.
    if (contenders.length > 1 && (lastMs[i] ?? 0) < REWARM_BELOW_MS) await c.session.infer(batch);
    const start = performance.now();
    await c.session.infer(batch);
    const ms = performance.now() - start;
    lastMs[i] = ms;
    return ms;
  };
  for (const batch of batches) {
    const active: number[] = [];
    contenders.forEach((_, i) => {
      const skipped = overBudgetBatch(batch, perImageMs[i], options);
      if (skipped === undefined) active.push(i);
      else results[i]!.push(skipped);
    });
    for (const i of active) await warmUp(() => timeOnce(i, batch), options);
    const samples = new Map<number, number[]>(active.map((i) => [i, []]));
    const spent = new Map<number, number>(active.map((i) => [i, 0]));
    let running = [...active];
    while (running.length > 0) {
      const next: number[] = [];
      for (const i of running) {
        const t = await timeOnce(i, batch);
        onRun?.(i, t);
        const list = samples.get(i)!;
        list.push(t);
        const total = spent.get(i)! + t;
        spent.set(i, total);
        if (!enoughRuns(list.length, total, t, options)) next.push(i);
      }
      running = next;
    }
    for (const i of active) {
      const latency = summarise(batch, samples.get(i)!);
      perImageMs[i] ??= latency.medianMs / batch;
      results[i]!.push({ batch, latency });
    }
  }
  return results;
}

export interface MemoryUse {
  /** Peak resident set of the process (KB → MB), which includes every wasm heap. */
  peakRssMb: number;
  wasmHeapMb?: number;
}

export function memoryUse(session: Session): MemoryUse {
  const heap = session.wasmHeapBytes();
  return {
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(heap === undefined ? {} : { wasmHeapMb: Math.round(heap / 2 ** 20) }),
  };
}

export interface BatchResult {
  batch: number;
  latency?: Latency;
  /** Why this batch size was not measured. */
  skipped?: string;
}

/** Latency at each batch size; a batch whose one run would exceed the budget is skipped. */
export async function measureBatches(
  session: Session,
  batches: number[],
  options: LatencyOptions,
  onRun?: () => void,
): Promise<BatchResult[]> {
  const out: BatchResult[] = [];
  let perImageMs: number | undefined;
  for (const batch of batches) {
    const skipped = overBudgetBatch(batch, perImageMs, options);
    if (skipped !== undefined) {
      out.push(skipped);
      continue;
    }
    const latency = await measureLatency(session, batch, options, onRun);
    perImageMs ??= latency.medianMs / batch;
    out.push({ batch, latency });
  }
  return out;
}

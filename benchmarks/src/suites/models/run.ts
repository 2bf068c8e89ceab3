// The models suite's measurements: every selected (model, engine) pair, warm runs in this process
// or in a child process of their own, cold start and peak memory from a fresh process, and the
// onnxruntime peers' ONNX files exported where missing.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { SingleBar } from 'cli-progress';
import { relaxedSimdNodeFlags } from '../../machine.js';
import { distDir } from '../../paths.js';
import { runNodeChild } from '../../subprocess.js';
import type { ChildResult, ChildSpec, ColdStart } from './child.js';
import {
  type BatchResult,
  type Contender,
  type LatencyOptions,
  type MemoryUse,
  measureBatches,
  measureInterleaved,
  openSession,
  type Session,
} from './session.js';
import { ensureOnnx } from './onnx_export.js';
import { MODELS, type ModelSpec, type Variant, variants } from './zoo.js';


export interface ModelsOptions {
  models?: string[];
  backends?: string[];
  batches: number[];
  latency: LatencyOptions;
  /** Total seconds one engine may spend across the models (tfjs cpu reaches it first). */
  backendBudgetS: number;
  /** Cold start is skipped where one warm batch-1 run already takes longer than this. */
  coldStartMaxS: number;
  relaxed: boolean;
  cores: number;
}

export interface ModelResult {
  model: string;
  variant: string;
  label: string;
  /** 'main': the runner's process, beside the other tfjs backends; 'child': a process of its own. */
  process: 'main' | 'child';
  batches: BatchResult[];
  coldStart?: ColdStart;
  /** From the cold-start process, after the first inference at batch 1. */
  memory?: MemoryUse;
  coldStartSkipped?: string;
  /** Why the engine did not run this model at all. */
  skipped?: string;
  error?: string;
  /** Tensors a main-process case left allocated after disposing its model (should be 0). */
  leakedTensors?: number;
}

const childScript = join(distDir, 'suites', 'models', 'child.js');

function runChild(spec: ChildSpec, nodeFlags: string[]): ChildResult {
  const child = runNodeChild<ChildResult>(childScript, [JSON.stringify(spec)], { nodeFlags, stdout: 'ignore', stderr: 'pipe' });
  return child.output ?? { error: `child process exited ${child.status ?? child.signal}: ${child.stderrTail}` };
}

/** Why an onnxruntime package cannot run here, or undefined when it can. */
function ortUnavailable(pkg: string): string | undefined {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return undefined;
  } catch {
    return `${pkg} is not installed (a devDependency of @foveajs/benchmarks: run npm install)`;
  }
}

export async function runModels(options: ModelsOptions): Promise<ModelResult[]> {
  const models = options.models === undefined ? MODELS : MODELS.filter((m) => options.models!.includes(m.id));
  const selected = variants(options.cores).filter(
    (v) => (options.backends === undefined || options.backends.includes(v.backend)) && (options.relaxed || !(v.engine.kind === 'tfjs' && v.engine.relaxed === true)),
  );
  const usesOrt = selected.some((v) => v.engine.kind === 'ort');
  const onnxMissing = usesOrt ? ensureOnnx(models) : new Map<string, string>();
  const spentMs = new Map<string, number>();
  const results: ModelResult[] = [];

  const bar = new SingleBar({ format: ' {bar} {percentage}% | models {model} {variant} | {value}/{total}', stream: process.stderr, hideCursor: true });
  bar.start(models.length * selected.length, 0, { model: '', variant: '' });
  for (const model of models) {
    const byVariant = new Map<string, ModelResult>();
    const together = selected.filter(interleaved);
    if (together.length > 0) {
      bar.update({ model: model.id, variant: together.map((v) => v.id).join(' + ') });
      for (const result of await runInterleaved(model, together, options, spentMs, () => bar.increment())) {
        byVariant.set(result.variant, result);
      }
    }
    for (const variant of selected.filter((v) => !interleaved(v))) {
      bar.update({ model: model.id, variant: variant.id });
      const started = Date.now();
      const result = await runOne(model, variant, options, {
        spentMs: spentMs.get(variant.id) ?? 0,
        onnxMissing: variant.engine.kind === 'ort' ? (ortUnavailable(variant.engine.package) ?? onnxMissing.get(model.id)) : undefined,
      });
      spentMs.set(variant.id, (spentMs.get(variant.id) ?? 0) + Date.now() - started);
      byVariant.set(variant.id, result);
      bar.increment();
    }
    for (const variant of selected) results.push(byVariant.get(variant.id)!);
  }
  bar.stop();
  return results;
}

/**
 * The engines the targets compare, measured interleaved in this process: fovea-wasm's optimized
 * form (1 thread and all threads, one model) and tfjs-wasm's fused form. The other main-process
 * engines (layers forms, the copying ablation, tfjs cpu) run one after another: keeping every form
 * of a large model (VGG16) in memory at once would not fit fovea-wasm's 4 GiB heap.
 */
function interleaved(variant: Variant): boolean {
  const e = variant.engine;
  return variant.where === 'main' && e.kind === 'tfjs' && e.form === 'optimized' && e.backend !== 'cpu' && e.zeroCopy !== false;
}

async function runInterleaved(
  model: ModelSpec,
  group: Variant[],
  options: ModelsOptions,
  spentMs: Map<string, number>,
  onVariantDone: () => void,
): Promise<ModelResult[]> {
  const base = (v: Variant) => ({ model: model.id, variant: v.id, label: v.label, process: v.where, batches: [] as BatchResult[] });
  const out = new Map<string, ModelResult>();
  const sessions = new Map<string, Session>();
  const contenders: { variant: Variant; contender: Contender; leaked: number; firstRuns: Set<number> }[] = [];
  const started = Date.now();
  for (const variant of group) {
    if ((spentMs.get(variant.id) ?? 0) > options.backendBudgetS * 1000) {
      out.set(variant.id, { ...base(variant), skipped: overBudget(options) });
      continue;
    }
    // Engines equal but for the thread count share one model: the same weights at 1 and N threads.
    const { threads = 1, ...rest } = variant.engine as Extract<Variant['engine'], { kind: 'tfjs' }>;
    const key = JSON.stringify(rest);
    try {
      let session = sessions.get(key);
      if (session === undefined) {
        session = (await openSession({ ...rest, threads }, model)).session;
        sessions.set(key, session);
      }
      const entry = { variant, contender: { session, threads }, leaked: 0, firstRuns: new Set<number>() };
      const inner = session;
      // A run that leaves tensors behind would skew the others' memory and time: count them (the
      // first run at each batch size makes the input tensor the session keeps).
      entry.contender.session = {
        ...inner,
        async infer(batch) {
          const before = tf.memory().numTensors;
          await inner.infer(batch);
          if (entry.firstRuns.has(batch)) entry.leaked += tf.memory().numTensors - before;
          entry.firstRuns.add(batch);
        },
      };
      contenders.push(entry);
    } catch (error) {
      out.set(variant.id, { ...base(variant), error: error instanceof Error ? error.message : String(error) });
    }
  }
  try {
    const measured = await measureInterleaved(
      contenders.map((c) => c.contender),
      options.batches,
      options.latency,
    );
    contenders.forEach(({ variant, leaked }, i) => {
      if (leaked !== 0) console.error(`models: ${model.id} on ${variant.label} left ${leaked} tensor(s) behind`);
      out.set(variant.id, { ...base(variant), batches: measured[i]!, ...(leaked === 0 ? {} : { leakedTensors: leaked }) });
    });
  } catch (error) {
    for (const { variant } of contenders) out.set(variant.id, { ...base(variant), error: error instanceof Error ? error.message : String(error) });
  } finally {
    for (const session of sessions.values()) await session.dispose();
  }
  // The group's time counts against each engine's budget, as if each had run alone.
  const groupMs = (Date.now() - started) / Math.max(1, contenders.length);
  for (const { variant } of contenders) spentMs.set(variant.id, (spentMs.get(variant.id) ?? 0) + groupMs);
  const results: ModelResult[] = [];
  for (const variant of group) {
    const warm = out.get(variant.id)!;
    results.push(warm.error !== undefined || warm.skipped !== undefined ? warm : coldStart(model, variant, options, warm));
    onVariantDone();
  }
  return results;
}

/** A main-process engine's warm result plus its cold start and memory, from a fresh process. */
function coldStart(model: ModelSpec, variant: Variant, options: ModelsOptions, warm: ModelResult): ModelResult {
  const warmMs = warm.batches[0]?.latency?.medianMs ?? 0;
  if (warmMs > options.coldStartMaxS * 1000) {
    return {
      ...warm,
      coldStartSkipped: `skipped: one warm run takes ${(warmMs / 1000).toFixed(1)} s, over --cold-start-max-s ${options.coldStartMaxS}`,
    };
  }
  const child = runInChild(model, variant, options, false);
  if (child.error !== undefined) return { ...warm, coldStartSkipped: `cold-start process failed: ${child.error}` };
  return { ...warm, coldStart: child.coldStart, memory: child.memory };
}

/** Cold start and memory of (model, engine) from a fresh process, and its warm runs when `measure`. */
function runInChild(model: ModelSpec, variant: Variant, options: ModelsOptions, measure: boolean): ChildResult {
  const spec: ChildSpec = { model: model.id, engine: variant.engine, measure, batches: options.batches, latency: options.latency };
  return runChild(spec, variant.engine.kind === 'tfjs' && variant.engine.relaxed ? relaxedSimdNodeFlags() : []);
}

function overBudget(options: ModelsOptions): string {
  return `skipped: this engine spent its ${options.backendBudgetS} s budget (--backend-budget-s) on the smaller models`;
}

async function runOne(
  model: ModelSpec,
  variant: Variant,
  options: ModelsOptions,
  context: { spentMs: number; onnxMissing: string | undefined },
): Promise<ModelResult> {
  const base = { model: model.id, variant: variant.id, label: variant.label, process: variant.where, batches: [] };
  if (context.onnxMissing !== undefined) return { ...base, skipped: context.onnxMissing };
  if (context.spentMs > options.backendBudgetS * 1000) {
    return { ...base, skipped: overBudget(options) };
  }
  if (variant.where === 'child') {
    const child = runInChild(model, variant, options, true);
    if (child.error !== undefined) return { ...base, error: child.error };
    return { ...base, batches: child.batches ?? [], coldStart: child.coldStart, memory: child.memory };
  }

  // Warm runs in this process, beside the other tfjs backends; then cold start in a fresh one.
  let batches: BatchResult[];
  const tensorsBefore = tf.memory().numTensors;
  try {
    const { session } = await openSession(variant.engine, model);
    try {
      batches = await measureBatches(session, options.batches, options.latency);
    } finally {
      await session.dispose();
    }
  } catch (error) {
    return { ...base, error: error instanceof Error ? error.message : String(error) };
  }
  // A leak would skew the next case's memory and time: report it rather than hide it.
  const leaked = tf.memory().numTensors - tensorsBefore;
  if (leaked !== 0) console.error(`models: ${model.id} on ${variant.label} left ${leaked} tensor(s) behind`);
  return coldStart(model, variant, options, { ...base, batches, ...(leaked === 0 ? {} : { leakedTensors: leaked }) });
}

// A fresh process for one (model, engine): cold start (import + model build + first inference at
// batch 1) and peak memory, then, when asked, the warm latency runs. Writes its result as JSON to
// the file named by its second argument; the runner's process reads it back.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { type BatchResult, type LatencyOptions, type MemoryUse, measureBatches, memoryUse, openSession } from './session.js';
import { type Engine, MODELS } from './zoo.js';

export interface ChildSpec {
  model: string;
  engine: Engine;
  /** Also measure warm latency (for engines measured only in a child). */
  measure: boolean;
  batches: number[];
  latency: LatencyOptions;
}

export interface ColdStart {
  importMs: number;
  buildMs: number;
  firstInferenceMs: number;
  /** import + build + first inference, timed inside the process. */
  totalMs: number;
  /** Since the process started (adds Node's own start-up). */
  sinceProcessStartMs: number;
}

export interface ChildResult {
  coldStart?: ColdStart;
  memory?: MemoryUse;
  batches?: BatchResult[];
  error?: string;
}

async function main(): Promise<ChildResult> {
  const spec = JSON.parse(process.argv[2]!) as ChildSpec;
  const model = MODELS.find((m) => m.id === spec.model);
  if (model === undefined) throw new Error(`model '${spec.model}' is not one of ${MODELS.map((m) => m.id).join(', ')}`);
  const start = performance.now();
  const { session, importMs, buildMs } = await openSession(spec.engine, model);
  const inferStart = performance.now();
  await session.infer(1);
  const firstInferenceMs = performance.now() - inferStart;
  const coldStart = { importMs, buildMs, firstInferenceMs, totalMs: performance.now() - start, sinceProcessStartMs: performance.now() };
  const memory = memoryUse(session);
  const batches = spec.measure ? await measureBatches(session, spec.batches, spec.latency) : undefined;
  await session.dispose();
  return { coldStart, memory, ...(batches === undefined ? {} : { batches }) };
}

main()
  .catch((error: unknown): ChildResult => ({ error: error instanceof Error ? error.message : String(error) }))
  .then((result) => {
    writeFileSync(process.argv[3]!, JSON.stringify(result));
    // onnxruntime's and tfjs-wasm's worker threads would keep the process alive.
    process.exit(0);
  });

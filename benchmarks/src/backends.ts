// The backends a benchmark can run on, registered in this one process so that every column of a
// table is measured side by side.
import os from 'node:os';
import type { BackendName } from '@foveajs/core';
import type { KernelVariant } from '@foveajs/kernels-wasm';
import * as tf from '@tensorflow/tfjs-core';

/**
 * The tfjs backends the suites measure, by @foveajs/core's names (its GPU backends, webgpu and
 * tensorflow, are not benchmarked here). Checked against core's BackendName rather than taken
 * from its BACKEND_NAMES at run time: importing @foveajs/core loads fovea-wasm and tfjs's extras
 * into every process, and the models suite's cold-start times would count that.
 */
export const TFJS_BACKENDS = ['fovea-wasm', 'tfjs-wasm', 'cpu'] as const satisfies readonly BackendName[];
export type TfjsBackend = (typeof TFJS_BACKENDS)[number];

/** The models suite's other engines: onnxruntime's packages, not tfjs backends. */
export const ORT_PACKAGES = ['onnxruntime-web', 'onnxruntime-node'] as const;
export type OrtPackage = (typeof ORT_PACKAGES)[number];

/** Every name --backend takes: the tfjs backends, and onnxruntime for the models suite. */
export const BENCH_BACKENDS = [...TFJS_BACKENDS, ...ORT_PACKAGES] as const;
export type BenchBackend = (typeof BENCH_BACKENDS)[number];

export const isTfjsBackend = (name: string): name is TfjsBackend => (TFJS_BACKENDS as readonly string[]).includes(name);

/** tfjs's registry name of each backend, as core's setBackend maps it (tfjs-backend-wasm registers as 'wasm'). */
export const TFJS_NAME: Record<TfjsBackend, string> = { 'fovea-wasm': 'fovea-wasm', 'tfjs-wasm': 'wasm', cpu: 'cpu' };

/** Column labels; fovea-wasm's all-threads columns add their thread count (`withThreads`). */
export const FOVEA_SIMD = 'fovea-wasm SIMD128';
export const FOVEA_RELAXED = 'fovea-wasm relaxed SIMD';
export const TFJS_WASM = 'tfjs-wasm XNNPACK';
/** The relaxed child's own XNNPACK run: the denominator of its ratios, not a column. */
export const TFJS_WASM_RELAXED_RUN = 'tfjs-wasm (relaxed run)';
export const TFJS_CPU = 'tfjs cpu';
export const withThreads = (label: string, threads: number) => `${label}, ${threads} threads`;

/** Threads of the "all threads" columns: one per core the process may use. */
export function allThreads(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** The slice of fovea-wasm's backend the benchmarks read: its kernel module. */
export interface FoveaBackendLike {
  kernels: {
    variant: string;
    threads: number;
    sharedMemory: boolean;
    whenThreadsReady(timeoutMs?: number): Promise<boolean>;
    heap: { liveBytes: number };
    arena: { memoryBytes: number };
  };
}

/** fovea-wasm's initialised backend, or undefined before `tf.setBackend('fovea-wasm')`. */
export function foveaBackend(): FoveaBackendLike | undefined {
  return (tf.findBackend(TFJS_NAME['fovea-wasm']) as unknown as FoveaBackendLike | null) ?? undefined;
}

/**
 * Run fovea-wasm's kernels on `threads` threads (the calling one included) and wait until every
 * worker is up: workers start in the background, and a run before then would use fewer threads.
 * Lowering the count stops workers, so switching back costs a restart; it is never timed.
 */
export async function useFoveaThreads(threads: number): Promise<void> {
  const fovea = await import('@foveajs/backend-wasm');
  fovea.setThreadsCount(threads);
  const backend = foveaBackend();
  if (backend !== undefined && !(await backend.kernels.whenThreadsReady())) {
    throw new Error(`fovea-wasm: ${threads - 1} worker thread(s) did not start within 10 s`);
  }
}

/**
 * Import and initialise the backends. fovea-wasm loads the given build (its thread count is set
 * per measurement; see `useFoveaThreads`); tfjs-wasm runs one thread, as the single-thread targets
 * compare like with like.
 */
export async function setUpBackends(wanted: readonly TfjsBackend[], variant: KernelVariant): Promise<Record<string, unknown>> {
  const details: Record<string, unknown> = {};
  await import('@tensorflow/tfjs-backend-cpu');
  if (wanted.includes('fovea-wasm')) {
    const fovea = await import('@foveajs/backend-wasm');
    fovea.setWasmPaths(undefined, variant);
  }
  if (wanted.includes('tfjs-wasm')) {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount(1);
  }
  for (const name of wanted) {
    if (!(await tf.setBackend(TFJS_NAME[name]))) {
      throw new Error(`backend '${name}' (tfjs name '${TFJS_NAME[name]}') failed to initialise`);
    }
    if (name === 'fovea-wasm') {
      const { kernels } = foveaBackend()!;
      details[name] = { build: kernels.variant, sharedMemory: kernels.sharedMemory };
    }
    if (name === 'tfjs-wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      details[name] = {
        version: wasm.version_wasm,
        simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
        threads: wasm.getThreadsCount(),
      };
    }
  }
  return details;
}

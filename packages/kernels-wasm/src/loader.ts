import { Arena } from './arena.js';
import { type KernelExports, PARALLEL_EXPORTS, type ParallelExport } from './exports.js';
import { detectWasmFeatures, isNode } from './features.js';
import { Heap } from './heap.js';
import { MAX_WORKERS, type SpawnWorker, ThreadPool } from './threads.js';
import { WORKER_SOURCE } from './worker_source.js';

export type KernelVariant = 'simd' | 'relaxed-simd';

export interface LoadKernelsOptions {
  /** Which build to load; 'auto' (default) takes relaxed SIMD where the engine validates it. */
  variant?: KernelVariant | 'auto';
  /**
   * Where the .wasm files live: a directory URL/path (ending in '/') holding both builds, or an
   * object naming each file. Defaults to this package's build/ folder.
   */
  wasmPath?: string | URL | Partial<Record<KernelVariant | `${KernelVariant}-threads`, string | URL>>;
  /**
   * Threads for the kernels, the calling one included: 'auto' (default) is one per core where
   * threads work — Node (worker_threads), and browsers on cross-origin isolated pages — and 1
   * elsewhere. Change it later with `setThreads`.
   */
  threads?: number | 'auto';
  /**
   * Use the build over a shared memory (needed for threads and for zero-copy results). Default:
   * wherever threads work. `false` loads the build with its own, non-shared memory.
   */
  sharedMemory?: boolean;
}

type BuildName = KernelVariant | `${KernelVariant}-threads`;

const fileNames: Record<BuildName, string> = {
  simd: 'fovea-simd.wasm',
  'relaxed-simd': 'fovea-relaxed-simd.wasm',
  'simd-threads': 'fovea-simd-threads.wasm',
  'relaxed-simd-threads': 'fovea-relaxed-simd-threads.wasm',
};

/** 16 pages (1 MiB), the builds' declared minimum. */
const INITIAL_PAGES = 16;
const MAXIMUM_PAGES = 65536;

/** The loaded kernel module: raw exports, its heap and arena, its thread pool, and which build was chosen. */
export class FoveaKernels {
  readonly heap: Heap;
  readonly arena: Arena;
  constructor(
    readonly exports: KernelExports,
    readonly variant: KernelVariant,
    readonly memory: WebAssembly.Memory,
    private readonly pool?: ThreadPool,
  ) {
    this.heap = new Heap(memory, exports.heapBase());
    this.arena = new Arena(this.heap, memory);
  }

  /** True for the build over a shared memory (threads and zero-copy results possible). */
  get sharedMemory(): boolean {
    return this.arena.sharedMemory;
  }

  /** Threads the kernels use, the calling one included. */
  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /**
   * Set the number of threads (the calling one included). Needs the shared-memory build; asking a
   * single-memory build for more than one thread throws.
   */
  setThreads(threads: number): void {
    if (this.pool === undefined) {
      if (threads === 1) return;
      throw new Error(
        `setThreads(${threads}): this kernel module was loaded without shared memory, so it runs on one thread ` +
          '(threads need SharedArrayBuffer: Node, or a cross-origin isolated page)',
      );
    }
    this.pool.setThreads(threads);
  }

  /** Resolves when every worker has started (workers start in the background). */
  async whenThreadsReady(timeoutMs?: number): Promise<boolean> {
    return this.pool === undefined ? true : this.pool.whenReady(timeoutMs);
  }

  /**
   * Run a splittable export over [0, total) in parts of whole `grain`s across the threads
   * (see ThreadPool.run); on one thread, one call with the whole range. Returns the parts used.
   */
  parallel(
    name: ParallelExport,
    args: number[],
    total: number,
    grain: number,
    work: number,
    split: 'dynamic' | 'static' = 'dynamic',
  ): number {
    if (this.pool === undefined) {
      (this.exports[name] as unknown as (...values: number[]) => void)(...args, 0, total, 0);
      return 1;
    }
    return this.pool.run(name, args, total, grain, work, split);
  }

  /**
   * Microseconds a thread polls for work before it sleeps (see ThreadPool.spinMicroseconds); 0 on
   * a single-threaded module, where setting it has no effect.
   */
  get spinMicroseconds(): number {
    return this.pool?.spinMicroseconds ?? 0;
  }

  set spinMicroseconds(micros: number) {
    if (this.pool !== undefined) this.pool.spinMicroseconds = micros;
  }

  /** Stop the worker threads (kernels keep working on the calling thread). */
  dispose(): void {
    this.pool?.terminate();
  }
}

export function chooseVariant(requested: LoadKernelsOptions['variant'] = 'auto'): KernelVariant {
  const features = detectWasmFeatures();
  if (!features.simd) {
    throw new Error(
      'Fovea WASM kernels need WebAssembly SIMD128, which this engine does not support ' +
        '(Node >= 16.4, Chrome >= 91, Firefox >= 89, Safari >= 16.4 have it).',
    );
  }
  if (requested === 'relaxed-simd' && !features.relaxedSimd) {
    throw new Error(
      "variant 'relaxed-simd' was requested but this engine does not validate relaxed SIMD " +
        '(Node 20 needs --experimental-wasm-relaxed-simd; Node >= 22 and current browsers have it).',
    );
  }
  if (requested === 'auto') {
    return features.relaxedSimd ? 'relaxed-simd' : 'simd';
  }
  return requested;
}

function resolveWasmUrl(variant: BuildName, wasmPath: LoadKernelsOptions['wasmPath']): URL {
  if (wasmPath === undefined) {
    return new URL(`../build/${fileNames[variant]}`, import.meta.url);
  }
  if (typeof wasmPath === 'string' || wasmPath instanceof URL) {
    return new URL(fileNames[variant], toUrl(wasmPath));
  }
  const explicit = wasmPath[variant];
  if (explicit === undefined) {
    throw new Error(`wasmPath has no entry for variant '${variant}'`);
  }
  return toUrl(explicit);
}

function toUrl(path: string | URL): URL {
  if (path instanceof URL) return path;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return new URL(path);
  if (isNode) {
    // A plain filesystem path: absolute, or relative to the working directory.
    const absolute = path.startsWith('/') ? path : `${process.cwd()}/${path}`;
    return new URL(`file://${absolute}`);
  }
  return new URL(path, globalThis.location?.href);
}

async function fetchBytes(url: URL): Promise<ArrayBuffer> {
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(url);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`could not fetch Fovea kernels from ${url.href}: HTTP ${response.status}`);
  }
  return response.arrayBuffer();
}

/**
 * A Node built-in, loaded synchronously without a static import (which would break bundling for
 * browsers). process.getBuiltinModule exists from Node 20.16 (the packages' engines field).
 */
function nodeBuiltin<T>(id: string): T {
  const module = process.getBuiltinModule?.(id) as T | undefined;
  if (module === undefined) throw new Error(`Fovea needs Node >= 20.16 (process.getBuiltinModule('${id}') is missing)`);
  return module;
}

let warnedSingleThread = false;

/** Whether this engine can run the shared-memory build with workers, and if not, why. */
function threadSupport(): { ok: true } | { ok: false; reason: string } {
  if (typeof SharedArrayBuffer === 'undefined') return { ok: false, reason: 'SharedArrayBuffer is not available' };
  if (isNode) return { ok: true };
  if (typeof Worker === 'undefined') return { ok: false, reason: 'Web Workers are not available' };
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== true) {
    return {
      ok: false,
      reason: 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)',
    };
  }
  return { ok: true };
}

function defaultThreads(): number {
  if (isNode) {
    const os = nodeBuiltin<typeof import('node:os')>('node:os');
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return globalThis.navigator?.hardwareConcurrency ?? 1;
}

function workerSpawner(): SpawnWorker {
  if (isNode) {
    const { Worker: NodeWorker } = nodeBuiltin<typeof import('node:worker_threads')>('node:worker_threads');
    return (init) => {
      const worker = new NodeWorker(WORKER_SOURCE, { eval: true, workerData: init });
      // Idle workers must not keep a finished program alive.
      worker.unref();
      worker.on('error', (error) => console.warn(`fovea-wasm: a kernel worker failed to start: ${error.message}`));
      return worker;
    };
  }
  const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  return (init) => {
    const worker = new Worker(url);
    // A worker that cannot start (a CSP without blob: in worker-src) is never given work.
    worker.onerror = (event) => console.warn(`fovea-wasm: a kernel worker failed to start: ${event.message}`);
    worker.postMessage(init);
    return worker;
  };
}

/** What loadKernels and loadKernelsSync settle before they read any bytes. */
interface LoadPlan {
  variant: KernelVariant;
  build: BuildName;
  url: URL;
  shared: boolean;
  threads: number | 'auto';
}

function planLoad(options: LoadKernelsOptions): LoadPlan {
  const variant = chooseVariant(options.variant);
  const support = threadSupport();
  const threads = options.threads ?? 'auto';
  if (threads !== 'auto' && (!Number.isInteger(threads) || threads < 1 || threads > MAX_WORKERS + 1)) {
    throw new RangeError(`threads: got ${threads}, expected 'auto' or an integer from 1 to ${MAX_WORKERS + 1}`);
  }
  const shared = options.sharedMemory ?? support.ok;
  if (shared && !support.ok) {
    throw new Error(`sharedMemory: true was requested but ${support.reason}`);
  }
  if (!shared && typeof threads === 'number' && threads > 1) {
    throw new Error(`threads: ${threads} needs the shared-memory build, but ${support.ok ? 'sharedMemory is false' : support.reason}`);
  }
  if (!support.ok && !warnedSingleThread && threads === 'auto' && !isNode) {
    warnedSingleThread = true;
    console.warn(`fovea-wasm: running on one thread because ${support.reason}.`);
  }
  const build: BuildName = shared ? `${variant}-threads` : variant;
  return { variant, build, url: resolveWasmUrl(build, options.wasmPath), shared, threads };
}

function unreadable(plan: LoadPlan, error: unknown): Error {
  return new Error(`could not load Fovea kernels (${plan.build}) from ${plan.url.href}: ${(error as Error).message}`);
}

/** The imports of an instance: its own memory for the single-memory build, a shared one otherwise. */
function importsFor(plan: LoadPlan): { imports: WebAssembly.Imports; memory?: WebAssembly.Memory } {
  const abort = (_message: number, _file: number, line: number, column: number) => {
    throw new Error(`Fovea kernel aborted at ${line}:${column}`);
  };
  if (!plan.shared) return { imports: { env: { abort } } };
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
  return { imports: { env: { memory, abort } }, memory };
}

/** Wrap an instance (and, for the shared build, start its workers in the background). */
function assemble(plan: LoadPlan, bytes: ArrayBuffer, instance: WebAssembly.Instance, sharedMemory: WebAssembly.Memory | undefined): FoveaKernels {
  // A .wasm from another version of this package (an old copy behind wasmPath) would otherwise
  // fail later, inside some kernel, with "undefined is not a function".
  const missing = ['heapBase', ...PARALLEL_EXPORTS].filter((name) => typeof instance.exports[name] !== 'function');
  if (missing.length > 0) {
    throw unreadable(plan, new Error(`the module lacks ${missing.join(', ')}, expected a build of this version of @foveajs/kernels-wasm`));
  }
  const exports = instance.exports as unknown as KernelExports;
  if (sharedMemory === undefined) return new FoveaKernels(exports, plan.variant, exports.memory);
  const threads = plan.threads === 'auto' ? Math.min(defaultThreads(), MAX_WORKERS + 1) : plan.threads;
  const pool = new ThreadPool(bytes, sharedMemory, exports, workerSpawner(), threads);
  return new FoveaKernels(exports, plan.variant, sharedMemory, pool);
}

/** Load and instantiate the kernel module (the best build this engine supports by default). */
export async function loadKernels(options: LoadKernelsOptions = {}): Promise<FoveaKernels> {
  const plan = planLoad(options);
  let bytes: ArrayBuffer;
  try {
    bytes = await fetchBytes(plan.url);
  } catch (error) {
    throw unreadable(plan, error);
  }
  const { imports, memory } = importsFor(plan);
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  return assemble(plan, bytes, instance, memory);
}

/**
 * loadKernels without a promise, for Node: the module is read, compiled and instantiated before it
 * returns (worker threads still start in the background), so tfjs can initialise fovea-wasm on the
 * first op. Browsers refuse synchronous compilation of large modules on the main thread: there it
 * throws, and loadKernels is the way.
 */
export function loadKernelsSync(options: LoadKernelsOptions = {}): FoveaKernels {
  if (!isNode) {
    throw new Error('loadKernelsSync works in Node only; in a browser, await loadKernels() (or tf.setBackend)');
  }
  const plan = planLoad(options);
  if (plan.url.protocol !== 'file:') {
    throw unreadable(plan, new Error('loadKernelsSync reads local files only; use loadKernels for a URL'));
  }
  let bytes: ArrayBuffer;
  try {
    const file = nodeBuiltin<typeof import('node:fs')>('node:fs').readFileSync(plan.url);
    bytes = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  } catch (error) {
    throw unreadable(plan, error);
  }
  const { imports, memory } = importsFor(plan);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), imports);
  return assemble(plan, bytes, instance, memory);
}

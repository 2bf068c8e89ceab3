import { type DataId, engine, env } from '@tensorflow/tfjs-core';
import { firstLine, type GpuAdapterReport, type GpuStatus, keepDefaultBackend } from './status.js';

export type { GpuAdapterReport, GpuStatus } from './status.js';

export interface WebGPUOptions {
  /**
   * Which adapter to ask for on machines with several (integrated vs discrete GPU). Default
   * 'high-performance'. tfjs picks its adapter when the 'webgpu' backend first initialises, so
   * this takes effect only if given before the first `setBackend('webgpu')`.
   */
  powerPreference?: 'low-power' | 'high-performance';
  /**
   * Node only: toggles for Dawn's `create()`, e.g. `['backend=vulkan']` or
   * `['adapter=SwiftShader']`. Dawn's GPU object is made once per process, so only the first
   * call's flags count.
   */
  dawnFlags?: string[];
}

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

/** The Dawn (`webgpu` package) globals tfjs reads; see nodeNavigatorGpu. */
const DAWN_GLOBALS_TFJS_READS = ['GPUBuffer', 'GPUTexture', 'GPUBufferUsage', 'GPUMapMode', 'GPUTextureUsage'] as const;

interface DawnModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let nodeGpu: Promise<GPU | GpuStatus> | undefined;
const prepared = new Map<string, Promise<GpuStatus>>();
/** The last preference asked for explicitly: @foveajs/core's setBackend calls us without options. */
let preferred: WebGPUOptions['powerPreference'];

function nodeInstallHint(): string {
  switch (process.platform) {
    case 'darwin':
      return 'Dawn uses Metal on macOS; make sure `npm install webgpu` ran its postinstall (npm >= 11: `npm install-scripts approve webgpu`)';
    case 'win32':
      return 'Dawn uses Direct3D 12 on Windows: update the GPU driver';
    default:
      return (
        'Dawn needs a Vulkan driver: `apt-get install libvulkan1` plus the GPU vendor driver (NVIDIA driver with its Vulkan ICD, ' +
        'or `mesa-vulkan-drivers` for AMD/Intel); without a GPU, use SwiftShader: `apt-get install chromium libvulkan1` and ' +
        'set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json'
      );
  }
}

/** Where VK_ICD_FILENAMES names driver manifests that are not there, say so: the usual CI mistake. */
function missingIcdFiles(): string[] {
  const listed = process.env['VK_ICD_FILENAMES'];
  if (!listed) return [];
  // getBuiltinModule (Node >= 20.16) keeps bundlers from seeing a node:fs import in browser builds.
  const { existsSync } = process.getBuiltinModule('node:fs');
  return listed.split(process.platform === 'win32' ? ';' : ':').filter((file) => file !== '' && !existsSync(file));
}

/**
 * Node has no WebGPU of its own: load Dawn's `webgpu` package and expose just what
 * tfjs-backend-webgpu and tfjs-core read, each only if not already defined:
 * - `navigator.gpu`: tfjs registers 'webgpu' only if it exists at import time, and its factory
 *   calls `navigator.gpu.requestAdapter`. Node 20 has no `navigator`, so we define one holding
 *   `gpu` and a `userAgent` like Node 21+'s (tfjs's isMobile() reads it); on Node >= 21 only
 *   `gpu` is added to the built-in navigator.
 * - `GPUBufferUsage`, `GPUMapMode`, `GPUTextureUsage`: flag constants tfjs passes when it
 *   creates and maps buffers.
 * - `GPUBuffer`, `GPUTexture`: classes tfjs (and tfjs-core's tensor-from-GPU-buffer path) test
 *   with `instanceof`.
 * Dawn's other ~40 GPU* classes stay off the global object.
 */
async function nodeNavigatorGpu(dawnFlags: string[]): Promise<GPU | GpuStatus> {
  let dawn: DawnModule;
  try {
    // A variable specifier keeps bundlers from pulling the native addon into browser builds.
    const specifier = 'webgpu';
    dawn = (await import(/* @vite-ignore */ specifier)) as DawnModule;
  } catch (error) {
    return {
      available: false,
      reason: `the 'webgpu' package (Dawn for Node) could not be loaded (${firstLine(error)})`,
      install: 'Install it with `npm install webgpu@^0.6.2`',
    };
  }
  const scope = globalThis as Record<string, unknown>;
  for (const name of DAWN_GLOBALS_TFJS_READS) {
    if (scope[name] === undefined) {
      Object.defineProperty(scope, name, { value: dawn.globals[name], configurable: true, writable: true });
    }
  }
  const gpu = dawn.create(dawnFlags);
  const nav = scope['navigator'] as { gpu?: GPU } | undefined;
  if (nav) {
    if (!nav.gpu) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
    return nav.gpu ?? gpu;
  }
  const userAgent = `Node.js/${process.versions.node.split('.')[0]}`;
  Object.defineProperty(scope, 'navigator', { value: { gpu, userAgent }, configurable: true, writable: true });
  return gpu;
}

async function navigatorGpu(dawnFlags: string[]): Promise<GPU | GpuStatus> {
  const existing = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (existing) return existing;
  if (!isNode) {
    return {
      available: false,
      reason: 'this browser has no WebGPU (navigator.gpu is undefined)',
      install:
        'Use a browser with WebGPU (Chrome/Edge >= 113, Safari >= 26, Firefox >= 141 on Windows) on a secure page ' +
        '(https or localhost); headless Chromium needs --enable-unsafe-webgpu',
    };
  }
  nodeGpu ??= nodeNavigatorGpu(dawnFlags);
  return nodeGpu;
}

/** What a GPU-resident tensor's synchronous read says in Node. */
export const NODE_READ_SYNC_MESSAGE =
  "the webgpu backend cannot read a GPU tensor synchronously in Node (tfjs-backend-webgpu's readSync copies through an OffscreenCanvas, which only browsers have): " +
  'use `await tensor.data()` / `await tensor.array()` instead of dataSync() / arraySync(), and switch backends with ' +
  "@foveajs/core's `await setBackend(name)`, which reads GPU tensors back first (or `await readBackWebGPUTensors()` before tf.setBackend)";

/** The parts of tfjs-backend-webgpu's WebGPUBackend used here (its tensor store is not public API). */
interface WebGPUTensorData {
  values?: unknown;
  dtype: string;
  /** 0 for a disposed tensor whose buffer waits for the queue to finish with it. */
  refCount: number;
}
interface WebGPUBackendInternals {
  /** tfjs's DataStorage: get() of an id it lacks moves that tensor here, so has() comes first. */
  tensorMap: {
    has(dataId: DataId): boolean;
    get(dataId: DataId): WebGPUTensorData | undefined;
    set(dataId: DataId, data: WebGPUTensorData): void;
    delete(dataId: DataId): boolean;
  };
  readSync(dataId: DataId): unknown;
  read(dataId: DataId): Promise<unknown>;
}

/** True for tensor data whose values exist only in GPU memory. */
function onGpuOnly(data: WebGPUTensorData | undefined): boolean {
  return data !== undefined && data.values == null && data.dtype !== 'string' && data.dtype !== 'complex64' && data.refCount > 0;
}

/** Live tensor data of each adapted webgpu backend (its tensor store cannot be enumerated). */
const liveData = new WeakMap<object, Set<DataId>>();

/** True where tfjs-backend-webgpu's synchronous read cannot work: no OffscreenCanvas (Node). */
function cannotReadSync(): boolean {
  return typeof (globalThis as { OffscreenCanvas?: unknown }).OffscreenCanvas === 'undefined';
}

/**
 * Adapt a webgpu backend instance to Node: readSync of a GPU-resident tensor throws an error that
 * says what to do (instead of "OffscreenCanvas is not defined"), and the tensor data it holds is
 * tracked so readBackWebGPUTensors can read it all back before a backend switch.
 */
function adaptForNode<T extends object>(backend: T): T {
  const internals = backend as unknown as WebGPUBackendInternals;
  if (liveData.has(backend) || internals.tensorMap === undefined) return backend;
  const live = new Set<DataId>();
  liveData.set(backend, live);
  const map = internals.tensorMap;
  const set = map.set.bind(map);
  const remove = map.delete.bind(map);
  map.set = (dataId, data) => {
    live.add(dataId);
    set(dataId, data);
  };
  map.delete = (dataId) => {
    live.delete(dataId);
    return remove(dataId);
  };
  const readSync = internals.readSync.bind(backend);
  internals.readSync = (dataId) => {
    // complex64 reads its real and imaginary parts through readSync, which land here.
    if (map.has(dataId) && onGpuOnly(map.get(dataId))) throw new Error(NODE_READ_SYNC_MESSAGE);
    return readSync(dataId);
  };
  return backend;
}

/** Adapt the webgpu backend to Node, whether tfjs has created it already or creates it later. */
function adaptWebGPUForNode(): void {
  if (!cannotReadSync()) return;
  const created = engine().registry['webgpu'];
  if (created !== undefined) adaptForNode(created);
  const registration = engine().registryFactory['webgpu'] as { factory: () => unknown; adapted?: boolean } | undefined;
  if (registration === undefined || registration.adapted) return;
  const factory = registration.factory;
  registration.factory = () => {
    const backend = factory();
    return backend instanceof Promise ? backend.then((b: object) => adaptForNode(b)) : adaptForNode(backend as object);
  };
  registration.adapted = true;
}

/**
 * Read every GPU-resident tensor of the webgpu backend back into CPU memory (tfjs keeps the copy),
 * so that moving tensors to another backend, or dataSync(), works in Node. @foveajs/core's
 * setBackend calls it before switching away from webgpu; call it before tf.setBackend yourself.
 * Returns the number of tensors read back (0 where sync reads work anyway, i.e. in browsers).
 */
export async function readBackWebGPUTensors(): Promise<number> {
  const backend = engine().registry['webgpu'];
  const live = backend === undefined ? undefined : liveData.get(backend);
  if (backend === undefined || live === undefined) return 0;
  const internals = backend as unknown as WebGPUBackendInternals;
  let count = 0;
  // One at a time, checking each again: a read submits the GPU queue, which deletes the data of
  // tensors disposed while it was busy.
  for (const dataId of [...live]) {
    if (!internals.tensorMap.has(dataId) || !onGpuOnly(internals.tensorMap.get(dataId))) continue;
    await internals.read(dataId);
    count++;
  }
  return count;
}

function describeAdapter(adapter: GPUAdapter): GpuAdapterReport {
  // Dawn and current browsers expose `adapter.info`; `isFallbackAdapter` moved into it in 2024.
  const info = (adapter as unknown as { info?: Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean } }).info ?? {};
  const legacyFallback = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    fallback: info.isFallbackAdapter === true || legacyFallback === true,
  };
}

async function prepare(options: WebGPUOptions, powerPreference: 'low-power' | 'high-performance'): Promise<GpuStatus> {
  const gpu = await navigatorGpu(options.dawnFlags ?? []);
  if (!('requestAdapter' in gpu)) return gpu;
  const adapter = await gpu.requestAdapter({ powerPreference });
  if (adapter === null) {
    if (!isNode) {
      return {
        available: false,
        reason: 'navigator.gpu.requestAdapter() returned no adapter (WebGPU is disabled or blocklisted for this GPU)',
        install: 'Enable WebGPU (chrome://flags/#enable-unsafe-webgpu, or --enable-unsafe-webgpu for headless Chromium)',
      };
    }
    const missing = missingIcdFiles();
    const reason =
      missing.length > 0
        ? `no WebGPU adapter was found: VK_ICD_FILENAMES names files that do not exist (${missing.join(', ')})`
        : 'no WebGPU adapter was found: Dawn found no usable GPU driver (Vulkan on Linux, Metal on macOS, D3D12 on Windows)';
    return { available: false, reason, install: nodeInstallHint() };
  }
  const report = describeAdapter(adapter);
  const software = report.fallback || /swiftshader|llvmpipe|lavapipe|warp/i.test(`${report.vendor} ${report.architecture} ${report.description}`);
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
    keepDefaultBackend('webgpu');
    if (isNode) adaptWebGPUForNode();
  } catch (error) {
    return {
      available: false,
      reason: `@tensorflow/tfjs-backend-webgpu could not be loaded (${firstLine(error)})`,
      install: 'Install it with `npm install @tensorflow/tfjs-backend-webgpu@^4.22.0`',
    };
  }
  const detail = [report.vendor, report.architecture, report.device, report.description].filter(Boolean).join(' ');
  return { available: true, software, adapter: report, detail: detail || 'unnamed adapter' };
}

/**
 * Make the tfjs 'webgpu' backend registrable here and report the adapter it will run on. In
 * browsers this uses navigator.gpu; in Node it loads Dawn (`webgpu` package) first. Never
 * throws for a missing package or driver: the status says what is missing and how to install it.
 * Cached per power preference; a call without one keeps the last preference asked for.
 */
export function prepareWebGPU(options: WebGPUOptions = {}): Promise<GpuStatus> {
  if (options.powerPreference) preferred = options.powerPreference;
  const key = preferred ?? 'high-performance';
  let status = prepared.get(key);
  if (!status) {
    status = prepare(options, key).catch(
      (error: unknown): GpuStatus => ({ available: false, reason: `WebGPU setup failed (${firstLine(error)})`, install: isNode ? nodeInstallHint() : undefined }),
    );
    prepared.set(key, status);
  }
  return status.then((result) => {
    // tfjs's factory asks navigator.gpu for its own adapter with this flag's preference; keep the
    // two in step so the adapter reported is the one tfjs runs on (the flag exists once
    // tfjs-backend-webgpu is loaded, i.e. when available).
    if (result.available) env().set('WEBGPU_USE_LOW_POWER_GPU', key === 'low-power');
    return result;
  });
}

import { firstLine, type GpuStatus } from './status.js';

export type { GpuStatus } from './status.js';

export interface WebGPUOptions {
  powerPreference?: 'low-power' | 'high-performance';
}

const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;

const NODE_INSTALL =
  'In Node, install Dawn with `npm install webgpu` and a Vulkan driver (on Debian without a GPU: ' +
  '`apt-get install chromium` and set VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json)';

let prepared: Promise<GpuStatus> | undefined;

/** In Node, give tfjs-backend-webgpu the `navigator.gpu` it looks for, from Dawn's `webgpu` package. */
async function ensureNavigatorGpu(): Promise<GPU | string> {
  const existing = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (existing) return existing;
  if (!isNode) return 'this browser has no navigator.gpu (WebGPU is off or unsupported)';
  let dawn: { create(flags: string[]): GPU; globals: Record<string, unknown> };
  try {
    const specifier = 'webgpu';
    dawn = (await import(/* @vite-ignore */ specifier)) as typeof dawn;
  } catch (error) {
    return `the 'webgpu' package could not be loaded (${firstLine(error)})`;
  }
  // tfjs-backend-webgpu needs the GPU* constants (GPUBufferUsage, ...) and navigator.gpu.
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  const nav = (globalThis as unknown as { navigator?: object }).navigator;
  if (nav) {
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true });
  } else {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
  return gpu;
}

async function prepare(options: WebGPUOptions): Promise<GpuStatus> {
  const gpu = await ensureNavigatorGpu();
  if (typeof gpu === 'string') return { available: false, reason: gpu, install: NODE_INSTALL };
  const adapter = await gpu.requestAdapter({ powerPreference: options.powerPreference ?? 'high-performance' });
  if (adapter === null) {
    return { available: false, reason: 'no WebGPU adapter was found (no GPU or no Vulkan/Metal/D3D driver)', install: NODE_INSTALL };
  }
  const info = (adapter as unknown as { info: { vendor: string; architecture: string; description: string } }).info;
  const software = (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter === true || /swiftshader/i.test(`${info.vendor} ${info.architecture} ${info.description}`);
  try {
    await import('@tensorflow/tfjs-backend-webgpu');
  } catch (error) {
    return {
      available: false,
      reason: `@tensorflow/tfjs-backend-webgpu could not be loaded (${firstLine(error)})`,
      install: 'Install it with `npm install @tensorflow/tfjs-backend-webgpu@^4.22.0`',
    };
  }
  return { available: true, software, detail: [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') };
}

/** Make the tfjs 'webgpu' backend registrable here, and report the adapter (once per process). */
export function prepareWebGPU(options: WebGPUOptions = {}): Promise<GpuStatus> {
  prepared ??= prepare(options);
  return prepared;
}

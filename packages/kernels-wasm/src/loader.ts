import { Arena } from './arena.js';
import type { KernelExports } from './exports.js';
import { detectWasmFeatures } from './features.js';

export type KernelVariant = 'simd' | 'relaxed-simd';

export interface LoadKernelsOptions {
  /** Which build to load; 'auto' (default) takes relaxed SIMD where the engine validates it. */
  variant?: KernelVariant | 'auto';
  /**
   * Where the .wasm files live: a directory URL/path (ending in '/') holding both builds, or an
   * object naming each file. Defaults to this package's build/ folder.
   */
  wasmPath?: string | URL | Partial<Record<KernelVariant, string | URL>>;
}

const fileNames: Record<KernelVariant, string> = {
  simd: 'fovea-simd.wasm',
  'relaxed-simd': 'fovea-relaxed-simd.wasm',
};

/** The loaded kernel module: raw exports, its arena, and which build was chosen. */
export class FoveaKernels {
  readonly arena: Arena;
  constructor(
    readonly exports: KernelExports,
    readonly variant: KernelVariant,
  ) {
    this.arena = new Arena(exports);
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

function resolveWasmUrl(variant: KernelVariant, wasmPath: LoadKernelsOptions['wasmPath']): URL {
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
  const isNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
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

/** Load and instantiate the kernel module (the best build this engine supports by default). */
export async function loadKernels(options: LoadKernelsOptions = {}): Promise<FoveaKernels> {
  const variant = chooseVariant(options.variant);
  const url = resolveWasmUrl(variant, options.wasmPath);
  let bytes: ArrayBuffer;
  try {
    bytes = await fetchBytes(url);
  } catch (error) {
    throw new Error(`could not load Fovea kernels (${variant}) from ${url.href}: ${(error as Error).message}`);
  }
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: {
      abort(_message: number, _file: number, line: number, column: number) {
        throw new Error(`Fovea kernel aborted at ${line}:${column}`);
      },
    },
  });
  return new FoveaKernels(instance.exports as unknown as KernelExports, variant);
}

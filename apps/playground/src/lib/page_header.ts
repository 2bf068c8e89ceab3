// The page's header: what this browser gives Fovea (WASM SIMD, relaxed SIMD, threads, a WebGPU
// adapter) and what fovea-wasm and the backend choice fall back to without each.
import { type FoveaWasmBackend, getThreadsCount } from '@foveajs/backend-wasm';
import { type Features, tf } from '@foveajs/core';

export interface PageCapabilities {
  features: Features;
  crossOriginIsolated: boolean;
  /** fovea-wasm's build and threads on this page, once it initialised (null without SIMD). */
  foveaWasm: { variant: string; sharedMemory: boolean; threads: number } | null;
}

declare global {
  interface Window {
    foveaPage?: PageCapabilities;
  }
}

function item(id: string, name: string, state: 'on' | 'off', text: string): string {
  return `<li id="${id}" data-state="${state}"><span class="dot"></span><b>${name}</b> ${text}</li>`;
}

/** fovea-wasm's build, read once the backend is initialised (the caller set it up). */
export function foveaWasmState(): PageCapabilities['foveaWasm'] {
  const backend = tf.findBackend('fovea-wasm') as FoveaWasmBackend | null;
  if (backend === null) return null;
  return { variant: backend.kernels.variant, sharedMemory: backend.kernels.sharedMemory, threads: getThreadsCount() };
}

export function renderHeader(target: HTMLElement, page: PageCapabilities): void {
  const { features, foveaWasm } = page;
  const threadsOn = foveaWasm !== null && foveaWasm.threads > 1;
  const threadsText = threadsOn
    ? `on: fovea-wasm runs ${foveaWasm.threads} threads (the page is cross-origin isolated)`
    : page.crossOriginIsolated
      ? 'available, but this machine reports one core: fovea-wasm runs 1 thread'
      : 'off: the page is not cross-origin isolated (no COOP/COEP headers), so fovea-wasm runs 1 thread';
  const build = foveaWasm === null ? 'fovea-wasm is unavailable (no WASM SIMD): the panels run on cpu' : `fovea-wasm runs its ${foveaWasm.variant}${foveaWasm.sharedMemory ? ' shared-memory' : ''} build`;
  const adapter = features.webgpuAdapter;
  target.innerHTML =
    '<ul class="capabilities">' +
    item('cap-simd', 'WASM SIMD', features.wasmSimd ? 'on' : 'off', features.wasmSimd ? 'yes' : 'no: fovea-wasm needs it, the page falls back to tfjs-wasm and cpu') +
    item('cap-relaxed-simd', 'relaxed SIMD', features.wasmRelaxedSimd ? 'on' : 'off', features.wasmRelaxedSimd ? 'yes (fused multiply-add)' : 'no: fovea-wasm uses its SIMD128 build') +
    item('threads-indicator', 'threads', threadsOn ? 'on' : 'off', threadsText) +
    item(
      'cap-webgpu',
      'WebGPU',
      adapter ? 'on' : 'off',
      adapter ? `adapter: ${adapter.description}${adapter.software ? ' (software: no faster than the CPU)' : ''}` : `no adapter (${features.webgpuReason ?? 'unknown'}): the webgpu choice is off`,
    ) +
    '</ul>' +
    `<p class="fallback" id="fallback">${build}; the backend switch on each panel picks among fovea-wasm (all threads or one), tfjs-wasm, ${adapter ? 'webgpu, ' : ''}and cpu.</p>`;
}

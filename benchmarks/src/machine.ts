import { readFileSync } from 'node:fs';
import os from 'node:os';
import { detectWasmFeatures } from '@foveajs/kernels-wasm';

/** What a result was measured on: enough to tell whether two result files are comparable. */
export interface MachineDescription {
  cpuModel: string;
  cores: number;
  ghz: number;
  ghzSource: string;
  node: string;
  v8: string;
  platform: string;
  /** `threads`: SharedArrayBuffer usable, so fovea-wasm can run worker threads. */
  wasm: { simd: boolean; relaxedSimd: boolean; threads: boolean; relaxedSimdFlag: string };
  /** Threads of fovea-wasm's all-threads columns (the calling one included); its other columns run 1. */
  foveaThreads: number;
  /** 1/5/15-minute load averages when the run started: above the core count, other work competed. */
  loadAverage: number[];
  /** WASM SIMD128 peak: 4 f32 lanes × (mul + add) × 2 vector ops per cycle = 16 FLOP/cycle. */
  peakGflopsPerCore: number;
  peakGflopsAllCores: number;
}

export const FLOP_PER_CYCLE_SIMD128 = 16;

/** The engine flag with which Node 20 validates relaxed-SIMD modules (Node ≥ 22 needs none). */
export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

/** Node's flags for a child process that runs the relaxed-SIMD build: none where the engine has it on. */
export function relaxedSimdNodeFlags(): string[] {
  return detectWasmFeatures().relaxedSimd ? [] : [RELAXED_SIMD_FLAG];
}

/** Clock in GHz: an explicit value, else the kernel's reported clock (the nominal one on VMs). */
function clockGhz(override: number | undefined): { ghz: number; source: string } {
  if (override !== undefined) return { ghz: override, source: '--ghz' };
  try {
    const max = readFileSync('/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq', 'utf8');
    return { ghz: Number(max) / 1e6, source: 'cpufreq max' };
  } catch {
    // No cpufreq on most VMs: /proc/cpuinfo or os.cpus() give the nominal clock.
  }
  try {
    const match = /cpu MHz\s*:\s*([\d.]+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (match !== null) return { ghz: Number(match[1]) / 1000, source: '/proc/cpuinfo (nominal)' };
  } catch {
    // Not Linux: os.cpus() below.
  }
  const mhz = os.cpus()[0]?.speed ?? 0;
  return { ghz: mhz / 1000, source: mhz > 0 ? 'os.cpus() (nominal)' : 'unknown: pass --ghz' };
}

export function describeMachine(ghzOverride: number | undefined, foveaThreads: number): MachineDescription {
  const cpus = os.cpus();
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : cpus.length;
  const { ghz, source } = clockGhz(ghzOverride);
  const features = detectWasmFeatures();
  const perCore = Math.round(ghz * FLOP_PER_CYCLE_SIMD128 * 10) / 10;
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores,
    ghz: Math.round(ghz * 1000) / 1000,
    ghzSource: source,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    wasm: {
      ...features,
      relaxedSimdFlag: features.relaxedSimd ? 'on by default' : `needs ${RELAXED_SIMD_FLAG}`,
    },
    foveaThreads,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    peakGflopsPerCore: perCore,
    peakGflopsAllCores: Math.round(perCore * cores * 10) / 10,
  };
}

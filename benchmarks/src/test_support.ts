// Shared by the tests (excluded from the build): the machine a test report says it ran on.
import type { MachineDescription } from './machine.js';

export const testMachine: MachineDescription = {
  cpuModel: 'Test CPU',
  cores: 2,
  ghz: 2.1,
  ghzSource: '/proc/cpuinfo (nominal)',
  node: 'v20.20.2',
  v8: '11.3.244.8-node.38',
  platform: 'linux 6.0 x64',
  wasm: { simd: true, relaxedSimd: false, threads: true, relaxedSimdFlag: 'needs --experimental-wasm-relaxed-simd' },
  foveaThreads: 2,
  loadAverage: [0.5, 0.5, 0.5],
  peakGflopsPerCore: 33.6,
  peakGflopsAllCores: 67.2,
};

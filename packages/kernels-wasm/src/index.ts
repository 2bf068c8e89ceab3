export { ACTIVATION, type ActivationName, activationCode } from './activation.js';
export { Arena } from './arena.js';
export type { KernelExports } from './exports.js';
export { detectWasmFeatures, type WasmFeatures } from './features.js';
export { chooseVariant, FoveaKernels, type KernelVariant, type LoadKernelsOptions, loadKernels } from './loader.js';
export { relu } from './unary.js';

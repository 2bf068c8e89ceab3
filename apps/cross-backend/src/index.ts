export { CROSS_BACKEND_CASES, zooCases } from './cases.js';
export {
  type BackendRuns,
  compareOutputs,
  DEFAULT_TOLERANCE,
  type MemoryGrowth,
  type Mismatch,
  runOnBackends,
  seedWeights,
  toTensorList,
} from './compare.js';
export type { CrossBackendCase, Outputs, Runnable, Tolerance } from './runnable.js';

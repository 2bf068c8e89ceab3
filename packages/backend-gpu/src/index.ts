export type { GpuAdapterReport, GpuStatus } from './status.js';
export { prepareTensorflow, TENSORFLOW_INSTALL, TENSORFLOW_REQUIREMENTS } from './tensorflow.js';
export { prepareWebGPU, type WebGPUOptions } from './webgpu.js';

export type { GpuAdapterReport, GpuStatus } from './status.js';
export { prepareTensorflow, TENSORFLOW_INSTALL, TENSORFLOW_REQUIREMENTS } from './tensorflow.js';
export { NODE_READ_SYNC_MESSAGE, prepareWebGPU, readBackWebGPUTensors, type WebGPUOptions } from './webgpu.js';

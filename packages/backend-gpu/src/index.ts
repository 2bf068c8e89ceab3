export { prepareTensorflow } from './tensorflow.js';
export { type GpuStatus, prepareWebGPU, type WebGPUOptions } from './webgpu.js';

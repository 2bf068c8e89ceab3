import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';
import type { FoveaKernels } from '@fovea/kernels-wasm';

export const BACKEND_NAME = 'fovea-wasm';

/**
 * tfjs's CPU backend with Fovea's WASM kernels attached. Tensor storage, reads and every kernel
 * we do not implement are the CPU backend's, so any tfjs program runs unchanged; our kernels read
 * and write the same float32 arrays.
 */
export class FoveaWasmBackend extends MathBackendCPU {
  constructor(readonly kernels: FoveaKernels) {
    super();
    // The CPU backend's first write prints "install tfjs-node to speed things up": not our case.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /** The float32 values of a tensor held by this backend. */
  float32Values(tensor: TensorInfo): Float32Array {
    return this.data.get(tensor.dataId).values as Float32Array;
  }

  /** Wrap a float32 result as a new tensor owned by this backend. */
  float32Result(shape: number[], values: Float32Array): TensorInfo {
    return this.makeTensorInfo(shape, 'float32', values);
  }

  hasData(dataId: DataId): boolean {
    return this.data.has(dataId);
  }
}

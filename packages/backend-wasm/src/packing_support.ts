// Shared by the kernels that pack a weight operand for the GEMM (convolutions, matmuls).
import type { PackedWeights } from '@foveajs/kernels-wasm';
import type { DataId, TensorInfo } from '@tensorflow/tfjs-core';
import type { FoveaWasmBackend } from './backend.js';

/**
 * Packed weights keyed by the tensor's dataId: a filter is packed on first use and reused while
 * the tensor lives (tfjs data is immutable; a reshape shares the dataId, hence the size check).
 * With zero-copy the packed panels live in WASM memory: they are freed when the tensor is disposed.
 */
export class PackedWeightsCache<Packed extends PackedWeights = PackedWeights> {
  private readonly cache = new WeakMap<DataId, Packed>();
  private readonly watched = new WeakSet<FoveaWasmBackend>();

  get(backend: FoveaWasmBackend, tensor: TensorInfo, rows: number, columns: number, pack: () => Packed): Packed {
    if (!this.watched.has(backend)) {
      this.watched.add(backend);
      backend.onDispose((dataId) => this.drop(backend, dataId));
    }
    const cached = this.cache.get(tensor.dataId);
    if (cached !== undefined && cached.rows === rows && cached.columns === columns) return cached;
    this.drop(backend, tensor.dataId);
    const packed = pack();
    this.cache.set(tensor.dataId, packed);
    return packed;
  }

  private drop(backend: FoveaWasmBackend, dataId: DataId): void {
    const cached = this.cache.get(dataId);
    if (cached === undefined) return;
    this.cache.delete(dataId);
    backend.kernels.arena.release(cached.panels);
  }
}

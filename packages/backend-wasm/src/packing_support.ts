// Shared by the kernels that pack a weight operand for the GEMM (convolutions, matmuls), and by
// those that stage zero padding: whether an operand is finite.
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

/** True when no value is NaN or ±Infinity (x − x is 0 for every finite x, NaN otherwise). */
export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v - v !== 0) return false;
  }
  return true;
}

const finiteData = new WeakMap<DataId, boolean>();

/**
 * Whether every value of `tensor` is finite, remembered per tensor data (immutable in tfjs), so a
 * layer's filter is scanned once. A GEMM convolution multiplies its staged zero padding by every
 * filter value, and 0 · Inf is NaN where tfjs's cpu kernels skip the padding: kernels that stage
 * padding leave a non-finite operand to the cpu.
 */
export function finiteValues(backend: FoveaWasmBackend, tensor: TensorInfo): boolean {
  let finite = finiteData.get(tensor.dataId);
  if (finite === undefined) {
    finite = allFinite(backend.readSync(tensor.dataId) as ArrayLike<number>);
    finiteData.set(tensor.dataId, finite);
  }
  return finite;
}

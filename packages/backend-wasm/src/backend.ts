import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendValues, DataId, DataType, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';
import { ACTIVATION, ARRAY_TYPES, type ActivationName, cast, type ElementArray, type ElementArrayType, type ElementType, type FoveaKernels } from '@foveajs/kernels-wasm';

export const BACKEND_NAME = 'fovea-wasm';

/**
 * The activations fovea-wasm's fused kernels (FusedConv2D, FusedDepthwiseConv2D, _FusedMatMul)
 * apply in their epilogue: @foveajs/kernels-wasm's ACTIVATION table, the one list of them.
 */
export const FUSED_ACTIVATIONS = Object.keys(ACTIVATION) as readonly FusedActivation[];
export type FusedActivation = ActivationName;

/**
 * The fused activations beyond tfjs's own: 'swish' (x · sigmoid(x)). tfjs's fused ops pass the
 * name through to the kernel when no gradient is being recorded; other backends' kernels reject
 * it, so callers check `fusedActivations` on the active backend first (@foveajs/models'
 * optimizeForInference does).
 */
export const EXTRA_FUSED_ACTIVATIONS: readonly FusedActivation[] = ['swish'];

/** The dtypes our kernels keep in WASM memory (kernels-wasm's ARRAY_TYPES gives the typed array of each). */
export type NumericDtype = ElementType;

export function isNumericDtype(dtype: string): dtype is NumericDtype {
  return dtype === 'float32' || dtype === 'int32' || dtype === 'bool';
}

interface TensorEntry {
  values?: BackendValues;
  dtype: string;
  refCount: number;
}

function isElementArray(values: unknown): values is ElementArray {
  return values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array;
}

/**
 * tfjs's CPU backend with Fovea's WASM kernels attached. Tensor bookkeeping and every kernel we do
 * not implement are the CPU backend's, so any tfjs program runs unchanged.
 *
 * Zero-copy (with the shared-memory build): our kernels' results stay in WASM linear memory as
 * the tensors' storage, so the next kernel reads them in place; a tensor that arrives from JS (a new
 * tensor, a CPU kernel's output) moves into WASM memory the first time one of our kernels reads it.
 * The CPU fallback kernels read the same arrays as views. A tensor's block goes back to the heap
 * when tfjs disposes the tensor, and reads hand out copies (a kept `dataSync()` result must not
 * change when the block is reused).
 *
 * CPU kernels' own outputs stay JS arrays: tfjs's CPU code reads an intermediate's values, disposes
 * the intermediate and goes on using the values (its FFT does), which is safe only for memory the
 * garbage collector owns. For the same reason a CPU output that aliases an input's block (a slice's
 * subarray) is copied out (detachAliases).
 */
export class FoveaWasmBackend extends MathBackendCPU {
  /** See EXTRA_FUSED_ACTIVATIONS. */
  readonly fusedActivations = EXTRA_FUSED_ACTIVATIONS;

  /**
   * Compute 3×3 stride-1 convolutions (Conv2D, FusedConv2D, and Conv2DBackpropInput after such a
   * layer) by Winograd F(2×2, 3×3) where it applies (see @foveajs/kernels-wasm's winogradApplies):
   * 16 multiply-adds per 2×2 outputs and channel pair instead of 36, results equal to float32
   * rounding rather than bit for bit. Set false for the direct GEMM everywhere.
   */
  winograd = true;

  /**
   * Converted copies of storage whose type is not its tensor's dtype's (see `values`), by dataId:
   * freed with the data, so a tensor read again (a weight, a mask) is converted once.
   */
  private readonly conversions = new Map<DataId, Array<{ source: ElementArray; block: ElementArray }>>();

  /** References taken (+) and dropped (−) per dataId during the kernel call in progress (see undoingOnFailure). */
  private journal: Map<DataId, number> | undefined;

  /** Called with each disposed dataId (the packed-weight caches drop their entries). */
  private readonly disposeListeners: Array<(dataId: DataId) => void> = [];

  constructor(readonly kernels: FoveaKernels) {
    super();
    // The CPU backend's first write prints "install tfjs-node to speed things up": not our case.
    (this as unknown as { firstUse: boolean }).firstUse = false;
    kernels.arena.setZeroCopy(true);
  }

  /** True when tensor data produced by our kernels lives in WASM memory. */
  get zeroCopy(): boolean {
    return this.kernels.arena.zeroCopy;
  }

  /**
   * The float32 values of a tensor held by this backend, for one of our kernels: with zero-copy, a
   * tensor still in JS memory is moved into WASM memory first, so later kernels read it in place.
   * `values` for float32: an int32 or bool tensor cast to float32 (same storage) comes back converted.
   */
  float32Values(tensor: TensorInfo): Float32Array {
    return this.values({ ...tensor, dtype: 'float32' }) as Float32Array;
  }

  /**
   * The values of a float32, int32 or bool tensor as its dtype's typed array (Float32Array,
   * Int32Array, Uint8Array), for one of our kernels. With zero-copy a tensor still in JS memory
   * moves into WASM memory first. Storage of another type (tfjs's cpu casts an int32 or bool tensor
   * to float32 by sharing its storage under the same dataId) is converted into a block of its own
   * and left as it is: the other tensor sharing it must keep its exact values.
   */
  values(tensor: TensorInfo): ElementArray {
    const dtype = tensor.dtype;
    if (!isNumericDtype(dtype)) throw new Error(`fovea-wasm: a ${dtype} tensor has no numeric values for a WASM kernel`);
    const type: ElementArrayType = ARRAY_TYPES[dtype];
    const entry = this.entry(tensor.dataId);
    const values = entry.values as ElementArray;
    if (!(values instanceof type)) return this.converted(tensor.dataId, values, dtype);
    if (!this.zeroCopy || this.kernels.arena.owns(values)) return values;
    const { heap } = this.kernels;
    const block = heap.view(heap.alloc(Math.max(1, Math.ceil(values.byteLength / 4))), values.length, type);
    block.set(values);
    entry.values = block;
    return block;
  }

  /** `values` cast to `dtype` (in WASM), kept per dataId with zero-copy. */
  private converted(dataId: DataId, values: ElementArray, dtype: NumericDtype): ElementArray {
    const type: ElementArrayType = ARRAY_TYPES[dtype];
    if (!this.zeroCopy) return cast(this.kernels, values, dtype);
    const { arena } = this.kernels;
    // Conversions of storage the entry no longer holds (it moved into WASM memory) go.
    const cached = (this.conversions.get(dataId) ?? []).filter((c) => c.source === values || !arena.release(c.block));
    const hit = cached.find((c) => c.block instanceof type && arena.owns(c.block));
    if (hit !== undefined) return hit.block;
    const block = cast(this.kernels, values, dtype);
    cached.push({ source: values, block });
    this.conversions.set(dataId, cached);
    return block;
  }

  /** Wrap a float32 result as a new tensor owned by this backend. */
  float32Result(shape: number[], values: Float32Array): TensorInfo {
    return this.makeTensorInfo(shape, 'float32', values);
  }

  /** Wrap a result of any of our dtypes as a new tensor owned by this backend. */
  result(shape: number[], dtype: NumericDtype, values: ElementArray): TensorInfo {
    return this.makeTensorInfo(shape, dtype, values);
  }

  hasData(dataId: DataId): boolean {
    return this.data.has(dataId);
  }

  onDispose(listener: (dataId: DataId) => void): void {
    this.disposeListeners.push(listener);
  }

  override disposeData(dataId: DataId, force = false): boolean {
    if (this.journal?.has(dataId)) this.journal.set(dataId, force ? 0 : this.journal.get(dataId)! - 1);
    const values = this.data.has(dataId) ? this.entry(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (released && !this.data.has(dataId)) {
      if (isElementArray(values)) this.kernels.arena.release(values);
      for (const { block } of this.conversions.get(dataId) ?? []) this.kernels.arena.release(block);
      this.conversions.delete(dataId);
      for (const listener of this.disposeListeners) listener(dataId);
    }
    return released;
  }

  override write(values: BackendValues, shape: number[], dtype: DataType): DataId {
    const dataId = super.write(values, shape, dtype);
    this.journal?.set(dataId, 1);
    return dataId;
  }

  override incRef(dataId: DataId): void {
    super.incRef(dataId);
    if (this.journal !== undefined && this.data.has(dataId)) this.journal.set(dataId, (this.journal.get(dataId) ?? 0) + 1);
  }

  override decRef(dataId: DataId): void {
    super.decRef(dataId);
    if (this.journal?.has(dataId)) this.journal.set(dataId, this.journal.get(dataId)! - 1);
  }

  /**
   * Run one kernel call; when it throws, drop the tensor data and references it took, so a failed
   * call leaves no block behind (tfjs's cpu kernels dispose their intermediates only on success:
   * a reshape's reference to its input would otherwise keep the input's block alive for ever).
   */
  undoingOnFailure<T>(run: () => T): T {
    if (this.journal !== undefined) return run();
    const journal = new Map<DataId, number>();
    this.journal = journal;
    try {
      return run();
    } catch (error) {
      this.journal = undefined;
      for (const [dataId, taken] of journal) for (let i = 0; i < taken; i++) this.disposeData(dataId);
      throw error;
    } finally {
      this.journal = undefined;
    }
  }

  override readSync(dataId: DataId): BackendValues {
    const values = super.readSync(dataId);
    return isElementArray(values) && this.kernels.arena.owns(values) ? values.slice() : values;
  }

  override async read(dataId: DataId): Promise<BackendValues> {
    return this.readSync(dataId);
  }

  /**
   * After a CPU kernel: give every output whose values are WASM memory it does not own alone (a view
   * into an input's block, or an input's own array under a new dataId) a JS copy, so disposing the
   * input cannot change it.
   */
  detachAliases(outputs: TensorInfo | TensorInfo[], inputs: NamedTensorInfoMap): void {
    if (!this.zeroCopy) return;
    for (const output of Array.isArray(outputs) ? outputs : [outputs]) {
      if (!this.data.has(output.dataId)) continue;
      const entry = this.entry(output.dataId);
      const values = entry.values;
      if (!ArrayBuffer.isView(values) || !(values.buffer instanceof SharedArrayBuffer)) continue;
      const owned = isElementArray(values) && this.kernels.arena.owns(values);
      const sharedWithInput = Object.values(inputs).some(
        (input) => input !== undefined && input.dataId !== output.dataId && this.data.has(input.dataId) && this.entry(input.dataId).values === values,
      );
      if (!owned || sharedWithInput) entry.values = (values as ElementArray).slice();
    }
  }

  override dispose(): void {
    super.dispose();
    this.kernels.dispose();
  }

  private entry(dataId: DataId): TensorEntry {
    return this.data.get(dataId) as unknown as TensorEntry;
  }
}

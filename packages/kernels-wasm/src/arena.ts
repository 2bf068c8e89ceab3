import { type ElementArray, type ElementArrayType, type Heap, slotsFor } from './heap.js';

/**
 * A kernel call's view of the heap: scratch blocks that the next call's `reset()` frees, inputs
 * brought into linear memory, and the result handed back to the caller.
 *
 * Two result modes. Copying (the default): results are copied out into JS-owned arrays, as a
 * standalone user of the kernels expects. Zero-copy (`zeroCopy`, only over a shared memory, whose
 * views survive growth): the result block itself is returned as a view the caller owns and frees
 * with `release`, and an input that is such a view is used in place. The fovea-wasm backend keeps
 * tensor data this way, so a model's activations never leave linear memory between kernels.
 *
 * Growth of a non-shared memory detaches earlier views: allocate every block first, then take views.
 */
export class Arena {
  private scratch: number[] = [];
  private zeroCopyMode = false;

  constructor(
    readonly heap: Heap,
    private readonly memory: WebAssembly.Memory,
  ) {}

  /** True when the memory is shared (a threads build): views of it stay valid across growth. */
  get sharedMemory(): boolean {
    return typeof SharedArrayBuffer !== 'undefined' && this.memory.buffer instanceof SharedArrayBuffer;
  }

  get zeroCopy(): boolean {
    return this.zeroCopyMode;
  }

  /** Switch zero-copy results on or off; only a shared memory can have it on (returns the mode in effect). */
  setZeroCopy(on: boolean): boolean {
    this.zeroCopyMode = on && this.sharedMemory;
    return this.zeroCopyMode;
  }

  /**
   * Free the previous call's scratch blocks. The list is emptied first, so a failure while freeing
   * cannot leave a block on it to be freed twice by every later call.
   */
  reset(): void {
    const blocks = this.scratch;
    this.scratch = [];
    let failure: unknown;
    for (const ptr of blocks) {
      try {
        this.heap.release(ptr);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }

  /** Scratch blocks the last call left for the next `reset()` (live blocks that are not results). */
  get scratchBlocks(): number {
    return this.scratch.length;
  }

  /** Reserve `floats` float32 slots of scratch; returns the byte pointer. */
  alloc(floats: number): number {
    const ptr = this.heap.alloc(floats);
    this.scratch.push(ptr);
    return ptr;
  }

  /** Reserve scratch for `length` elements of `type` (whole float32 slots); returns the byte pointer. */
  allocOf(length: number, type: ElementArrayType): number {
    return this.alloc(slotsFor(length, type));
  }

  /**
   * A pointer to `data` in linear memory for a kernel that only reads it: the block itself when
   * `data` is a live zero-copy result, else a scratch copy.
   */
  allocFrom(data: ElementArray): number {
    if (this.zeroCopyMode) {
      const ptr = this.heap.pointerOf(data);
      if (ptr !== undefined) return ptr;
    }
    return this.copyIn(data);
  }

  /** A scratch copy of `data`, for kernels that write over their input. */
  copyIn(data: ElementArray): number {
    const ptr = this.alloc(Math.ceil(data.byteLength / 4));
    new Uint8Array(this.memory.buffer, ptr, data.byteLength).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    return ptr;
  }

  /** A scratch copy of small int32 arguments (shapes, strides, offsets); returns the byte pointer. */
  int32s(values: ArrayLike<number>): number {
    const ptr = this.alloc(Math.max(1, values.length));
    new Int32Array(this.memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  /** A fresh view (never cached: growth of a non-shared memory detaches old ones). */
  f32(ptr: number, length: number): Float32Array {
    return this.heap.f32(ptr, length);
  }

  /**
   * The call's result, `length` elements (float32 unless `type` says otherwise) at `ptr`.
   * Zero-copy: the scratch block at `ptr` is kept and returned as a view the caller owns (see
   * `release`). Copying: a JS-owned copy.
   */
  read(ptr: number, length: number): Float32Array;
  read<T extends ElementArray>(ptr: number, length: number, type: ElementArrayType<T>): T;
  read(ptr: number, length: number, type: ElementArrayType = Float32Array): ElementArray {
    const bytes = length * type.BYTES_PER_ELEMENT;
    if (this.zeroCopyMode) {
      const index = this.scratch.indexOf(ptr);
      const capacity = this.heap.capacityBytes(ptr);
      if (index >= 0 && capacity !== undefined && capacity >= bytes) {
        this.scratch.splice(index, 1);
        return this.heap.view(ptr, length, type);
      }
      const owned = this.heap.alloc(slotsFor(length, type));
      const view = this.heap.view(owned, length, type);
      view.set(new type(this.memory.buffer, ptr, length));
      return view;
    }
    if (this.sharedMemory) {
      // A copy backed by a plain ArrayBuffer: a SharedArrayBuffer-backed result would be shared,
      // not copied, by postMessage and refused by TextDecoder and friends.
      const copy = new type(length);
      copy.set(new type(this.memory.buffer, ptr, length));
      return copy;
    }
    // ArrayBuffer.slice: V8 copies out of wasm memory faster this way than by TypedArray.slice on a view.
    return new type((this.memory.buffer as ArrayBuffer).slice(ptr, ptr + bytes), 0, length);
  }

  /** True when `values` is a zero-copy result whose block is still live. */
  owns(values: ElementArray): boolean {
    return this.heap.pointerOf(values) !== undefined;
  }

  /** Free the block behind a zero-copy result; other arrays are left to the garbage collector. */
  release(values: ElementArray): boolean {
    const ptr = this.heap.pointerOf(values);
    if (ptr === undefined) return false;
    this.heap.release(ptr);
    return true;
  }

  /** Bytes of linear memory, for leak and growth checks. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }
}

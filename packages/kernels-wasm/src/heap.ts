const PAGE_BYTES = 65536;
/** Blocks start on a cache line: SIMD loads never straddle one at a block's start. */
const ALIGN = 64;

/**
 * Size class of a request: multiples of 64 bytes up to 512, then 8 classes per power of two
 * (at most 12.5% waste). Freed blocks are reused for any request of the same class.
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 512) return Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 3);
  return Math.ceil(bytes / step) * step;
}

interface ViewRecord {
  ptr: number;
  generation: number;
}

/**
 * The allocator over the kernel module's linear memory: blocks that live across kernel calls
 * (tensor data, packed weights) and each call's scratch. Freed blocks go to per-size-class free
 * lists; memory grows only when no free block of the class is left, so a workload that repeats
 * (inference, a training step) stops growing after its first run. Linear memory never shrinks.
 */
export class Heap {
  private top: number;
  private readonly free = new Map<number, number[]>();
  /** Live blocks: pointer → class bytes. */
  private readonly live = new Map<number, number>();
  /** Bumped each time a pointer is handed out, so a view of a freed block is recognised as stale. */
  private readonly generation = new Map<number, number>();
  private readonly views = new WeakMap<Float32Array, ViewRecord>();
  private bytesInUse = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** A block of at least `floats` float32 slots; returns its byte pointer. */
  alloc(floats: number): number {
    const bytes = sizeClass(Math.max(1, floats) * 4);
    let ptr = this.free.get(bytes)?.pop();
    if (ptr === undefined) {
      ptr = this.top;
      this.top += bytes;
      const needed = this.top - this.memory.buffer.byteLength;
      if (needed > 0) {
        try {
          this.memory.grow(Math.ceil(needed / PAGE_BYTES));
        } catch (error) {
          this.top -= bytes;
          throw new RangeError(
            `Fovea WASM heap: cannot grow linear memory to ${this.top + bytes} bytes for a ${bytes}-byte block ` +
              `(${this.bytesInUse} bytes in use): ${(error as Error).message}`,
          );
        }
      }
    }
    this.live.set(ptr, bytes);
    this.generation.set(ptr, (this.generation.get(ptr) ?? 0) + 1);
    this.bytesInUse += bytes;
    return ptr;
  }

  /** Return a block to its free list. Freeing an unknown or already freed pointer throws. */
  release(ptr: number): void {
    const bytes = this.live.get(ptr);
    if (bytes === undefined) throw new Error(`Fovea WASM heap: pointer ${ptr} is not a live block`);
    this.live.delete(ptr);
    this.bytesInUse -= bytes;
    let list = this.free.get(bytes);
    if (list === undefined) {
      list = [];
      this.free.set(bytes, list);
    }
    list.push(ptr);
  }

  /** Capacity in floats of the live block at `ptr` (undefined when none starts there). */
  capacity(ptr: number): number | undefined {
    const bytes = this.live.get(ptr);
    return bytes === undefined ? undefined : bytes / 4;
  }

  /** A fresh view of linear memory (not tied to a block). */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, length);
  }

  /** A view of the live block at `ptr` that `pointerOf` will recognise while the block lives. */
  view(ptr: number, length: number): Float32Array {
    const generation = this.generation.get(ptr);
    if (generation === undefined || !this.live.has(ptr)) throw new Error(`Fovea WASM heap: pointer ${ptr} is not a live block`);
    const array = this.f32(ptr, length);
    this.views.set(array, { ptr, generation });
    return array;
  }

  /** The block behind a view from `view()`, while that block is still the same allocation. */
  pointerOf(array: Float32Array): number | undefined {
    const record = this.views.get(array);
    if (record === undefined || !this.live.has(record.ptr)) return undefined;
    return this.generation.get(record.ptr) === record.generation ? record.ptr : undefined;
  }

  /** Bytes held by live blocks (what a leak check watches). */
  get liveBytes(): number {
    return this.bytesInUse;
  }

  /** Number of live blocks. */
  get liveBlocks(): number {
    return this.live.size;
  }
}

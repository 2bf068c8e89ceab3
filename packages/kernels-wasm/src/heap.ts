const PAGE_BYTES = 65536;
/** Blocks start on a cache line: SIMD loads never straddle one at a block's start. */
const ALIGN = 64;
/** 32-bit WebAssembly addresses at most 4 GiB: no block can hold more floats than this. */
export const MAX_BLOCK_FLOATS = 2 ** 30;

/** Bytes a request of `floats` float32 slots takes: whole cache lines. */
export function blockBytes(floats: number): number {
  return Math.ceil((Math.max(1, floats) * 4) / ALIGN) * ALIGN;
}

/** The typed arrays a block can be viewed as: float32 and int32 tensors, and bool ones (a byte each). */
export type ElementArray = Float32Array | Int32Array | Uint8Array;

/** The constructor of an ElementArray type, e.g. `Int32Array`. */
export interface ElementArrayType<T extends ElementArray = ElementArray> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  new (length: number): T;
  new (values: ArrayLike<number>): T;
  readonly BYTES_PER_ELEMENT: number;
}

/** Float32 slots (the unit of `Heap.alloc`) that `length` elements of `type` take. */
export function slotsFor(length: number, type: ElementArrayType): number {
  return Math.ceil((length * type.BYTES_PER_ELEMENT) / 4);
}

interface ViewRecord {
  ptr: number;
  generation: number;
}

interface FreeBlock {
  ptr: number;
  bytes: number;
}

/**
 * The allocator over the kernel module's linear memory: blocks that live across kernel calls
 * (tensor data, packed weights) and each call's scratch.
 *
 * Best fit over an address-ordered free list, splitting a larger block and merging a freed block
 * with free neighbours; a free block that reaches the top of the heap goes back to it. Merging
 * matters: a network's activations shrink and grow through its layers, and blocks kept for one
 * size only (size classes) once grew a 600×600 EfficientNetB7 past 4 GiB with 108 MB in use.
 * Memory grows only when no free block fits, so a workload that repeats stops growing after its
 * first runs. Linear memory never shrinks.
 */
export class Heap {
  private top: number;
  /** Free blocks below `top`, by address, never adjacent (merged). */
  private readonly free: FreeBlock[] = [];
  /** Live blocks: pointer → bytes. */
  private readonly live = new Map<number, number>();
  /** Bumped each time a pointer is handed out, so a view of a freed block is recognised as stale. */
  private readonly generation = new Map<number, number>();
  private readonly views = new WeakMap<ElementArray, ViewRecord>();
  private bytesInUse = 0;

  constructor(
    private readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /**
   * A block of at least `floats` float32 slots; returns its byte pointer. A size that is not a
   * whole number from 0 to MAX_BLOCK_FLOATS throws before anything changes (a NaN or Infinity
   * from bad geometry must never reach the free list or the top).
   */
  alloc(floats: number): number {
    if (!Number.isInteger(floats) || floats < 0 || floats > MAX_BLOCK_FLOATS) {
      throw new RangeError(`Fovea WASM heap: cannot allocate ${floats} floats, expected a whole number from 0 to ${MAX_BLOCK_FLOATS}`);
    }
    const bytes = blockBytes(floats);
    const ptr = this.takeFree(bytes) ?? this.takeTop(bytes);
    this.live.set(ptr, bytes);
    this.generation.set(ptr, (this.generation.get(ptr) ?? 0) + 1);
    this.bytesInUse += bytes;
    return ptr;
  }

  /** Return a block to the free list. Freeing an unknown or already freed pointer throws (and changes nothing). */
  release(ptr: number): void {
    const bytes = this.live.get(ptr);
    if (bytes === undefined) throw new Error(`Fovea WASM heap: pointer ${ptr} is not a live block`);
    this.live.delete(ptr);
    this.bytesInUse -= bytes;
    let index = this.insertionIndex(ptr);
    let block: FreeBlock = { ptr, bytes };
    const before = this.free[index - 1];
    if (before !== undefined && before.ptr + before.bytes === ptr) {
      before.bytes += bytes;
      block = before;
      index--;
    } else {
      this.free.splice(index, 0, block);
    }
    const after = this.free[index + 1];
    if (after !== undefined && block.ptr + block.bytes === after.ptr) {
      block.bytes += after.bytes;
      this.free.splice(index + 1, 1);
    }
    if (block.ptr + block.bytes === this.top) {
      this.top = block.ptr;
      this.free.splice(index, 1);
    }
  }

  /** Capacity in bytes of the live block at `ptr` (undefined when none starts there). */
  capacityBytes(ptr: number): number | undefined {
    return this.live.get(ptr);
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

  /**
   * A view (float32 unless `type` says otherwise) of the live block at `ptr` that `pointerOf` will
   * recognise while the block lives.
   */
  view(ptr: number, length: number): Float32Array;
  view<T extends ElementArray>(ptr: number, length: number, type: ElementArrayType<T>): T;
  view(ptr: number, length: number, type: ElementArrayType = Float32Array): ElementArray {
    const generation = this.generation.get(ptr);
    const bytes = this.live.get(ptr);
    if (generation === undefined || bytes === undefined) throw new Error(`Fovea WASM heap: pointer ${ptr} is not a live block`);
    if (length * type.BYTES_PER_ELEMENT > bytes) {
      throw new Error(`Fovea WASM heap: a view of ${length} elements does not fit the ${bytes}-byte block at ${ptr}`);
    }
    const array = new type(this.memory.buffer, ptr, length);
    this.views.set(array, { ptr, generation });
    return array;
  }

  /** The block behind a view from `view()`, while that block is still the same allocation. */
  pointerOf(array: ElementArray): number | undefined {
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

  /** End of the highest block ever handed out and not returned to the top. */
  get topBytes(): number {
    return this.top;
  }

  /**
   * Check the heap's invariants and throw naming the first one broken: free blocks in address
   * order, never adjacent, below the top; live blocks inside the top, overlapping neither each other
   * nor a free block; the byte count equal to the live blocks' sum; the top inside linear memory.
   * For tests and fuzzing (it walks every block).
   */
  check(): void {
    const fail = (what: string) => {
      throw new Error(`Fovea WASM heap is inconsistent: ${what}`);
    };
    if (!Number.isInteger(this.top) || this.top % ALIGN !== 0 || this.top > this.memory.buffer.byteLength) fail(`top ${this.top}`);
    const spans: Array<[number, number, string]> = [];
    let sum = 0;
    for (const [ptr, bytes] of this.live) {
      if (!Number.isInteger(ptr) || ptr % ALIGN !== 0 || !(bytes > 0) || ptr + bytes > this.top) fail(`live block ${ptr} (${bytes} bytes)`);
      spans.push([ptr, bytes, 'live']);
      sum += bytes;
    }
    if (sum !== this.bytesInUse) fail(`${this.bytesInUse} bytes counted in use, the live blocks hold ${sum}`);
    let previousEnd = -1;
    for (const { ptr, bytes } of this.free) {
      if (!Number.isInteger(ptr) || !(bytes > 0) || ptr + bytes > this.top) fail(`free block ${ptr} (${bytes} bytes)`);
      if (ptr <= previousEnd) fail(`free block ${ptr} out of order or merged late`);
      previousEnd = ptr + bytes;
      spans.push([ptr, bytes, 'free']);
    }
    spans.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) {
      const [ptr, , kind] = spans[i]!;
      const [before, bytes, beforeKind] = spans[i - 1]!;
      if (before + bytes > ptr) fail(`${beforeKind} block ${before} overlaps ${kind} block ${ptr}`);
    }
  }

  /** The smallest free block that fits, split when the rest is worth keeping. */
  private takeFree(bytes: number): number | undefined {
    let best = -1;
    for (let i = 0; i < this.free.length; i++) {
      const candidate = this.free[i]!;
      if (candidate.bytes >= bytes && (best < 0 || candidate.bytes < this.free[best]!.bytes)) {
        best = i;
        if (candidate.bytes === bytes) break;
      }
    }
    if (best < 0) return undefined;
    const block = this.free[best]!;
    const ptr = block.ptr;
    if (block.bytes === bytes) {
      this.free.splice(best, 1);
    } else {
      block.ptr += bytes;
      block.bytes -= bytes;
    }
    return ptr;
  }

  /** A new block at the top, growing linear memory when it does not fit. */
  private takeTop(bytes: number): number {
    const ptr = this.top;
    const end = ptr + bytes;
    const needed = end - this.memory.buffer.byteLength;
    if (needed > 0) {
      try {
        this.memory.grow(Math.ceil(needed / PAGE_BYTES));
      } catch (error) {
        throw new RangeError(
          `Fovea WASM heap: cannot grow linear memory to ${end} bytes for a ${bytes}-byte block ` +
            `(${this.bytesInUse} bytes in use): ${(error as Error).message}`,
        );
      }
    }
    this.top = end;
    return ptr;
  }

  /** Index in the address-ordered free list at which a block at `ptr` belongs. */
  private insertionIndex(ptr: number): number {
    let low = 0;
    let high = this.free.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.free[mid]!.ptr < ptr) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

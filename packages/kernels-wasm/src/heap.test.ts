// The heap and the arena's two result modes: block reuse, splitting and merging, stale views, growth,
// zero-copy results used in place, and copies that are JS-owned.
import { describe, expect, it } from 'vitest';
import { blockBytes, Heap } from './heap.js';
import { loadKernels, relu } from './index.js';

function heapOver(pages = 1): { heap: Heap; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: 64, shared: true });
  return { heap: new Heap(memory, 100), memory };
}

describe('Heap', () => {
  it('hands out 64-byte aligned blocks of whole cache lines, reusing freed ones', () => {
    const { heap } = heapOver();
    expect(blockBytes(1)).toBe(64);
    expect(blockBytes(17)).toBe(128);
    const a = heap.alloc(100);
    const b = heap.alloc(10);
    expect(a % 64).toBe(0);
    expect(b % 64).toBe(0);
    heap.release(a);
    expect(heap.alloc(98)).toBe(a);
    expect(heap.liveBlocks).toBe(2);
    expect(() => heap.release(12345)).toThrow(/not a live block/);
  });

  it('splits a larger free block and merges freed neighbours, so sizes that change reuse memory', () => {
    const { heap } = heapOver();
    const keep = heap.alloc(16);
    const a = heap.alloc(1000);
    const b = heap.alloc(1000);
    const pin = heap.alloc(16); // keeps a and b below the top
    heap.release(a);
    heap.release(b);
    // a and b merged: one request the size of both fits where they were.
    expect(heap.alloc(2000)).toBe(a);
    const top = heap.topBytes;
    // A network's shrinking then growing activations: no growth once the first pass has run.
    const pass = () => {
      const blocks = [];
      for (let size = 50_000; size > 100; size = Math.floor(size / 1.7)) blocks.push(heap.alloc(size));
      for (const ptr of blocks.splice(0, blocks.length - 1)) heap.release(ptr);
      for (let size = 200; size < 60_000; size = Math.floor(size * 1.9)) blocks.push(heap.alloc(size));
      for (const ptr of blocks) heap.release(ptr);
    };
    pass();
    const afterFirst = heap.topBytes;
    for (let i = 0; i < 20; i++) pass();
    expect(heap.topBytes).toBe(afterFirst);
    expect(afterFirst).toBeGreaterThanOrEqual(top);
    for (const ptr of [keep, pin, a]) heap.release(ptr);
    expect(heap.liveBytes).toBe(0);
    // Everything free merged back into the top.
    expect(heap.topBytes).toBe(Math.ceil(100 / 64) * 64);
  });

  it('grows linear memory when no free block fits, keeping earlier views valid (shared memory)', () => {
    const { heap, memory } = heapOver(1);
    const first = heap.view(heap.alloc(4), 4);
    first.set([1, 2, 3, 4]);
    heap.alloc(100_000);
    expect(memory.buffer.byteLength).toBeGreaterThan(65536);
    expect(Array.from(first)).toEqual([1, 2, 3, 4]);
  });

  it('recognises its views only while their block is the same allocation', () => {
    const { heap } = heapOver();
    const ptr = heap.alloc(16);
    const view = heap.view(ptr, 16);
    expect(heap.pointerOf(view)).toBe(ptr);
    expect(heap.pointerOf(new Float32Array(16))).toBeUndefined();
    heap.release(ptr);
    expect(heap.pointerOf(view)).toBeUndefined();
    expect(heap.alloc(16)).toBe(ptr);
    // Same pointer, new allocation: the old view must not pass for the new block's owner.
    expect(heap.pointerOf(view)).toBeUndefined();
  });

  it('refuses a size that is not a whole number of floats, changing nothing (a NaN once poisoned every later call)', () => {
    const { heap } = heapOver();
    const kept = heap.alloc(10);
    const top = heap.topBytes;
    for (const floats of [Number.NaN, Number.POSITIVE_INFINITY, -1, 2.5, 2 ** 31]) {
      expect(() => heap.alloc(floats)).toThrow(/cannot allocate/);
      expect(heap.topBytes).toBe(top);
      heap.check();
    }
    const next = heap.alloc(10);
    expect(next).toBe(top);
    heap.release(next);
    heap.release(kept);
    expect(() => heap.release(kept)).toThrow(/not a live block/);
    heap.check();
    expect(heap.liveBlocks).toBe(0);
  });

  it('check() finds a broken invariant', () => {
    const { heap } = heapOver();
    const a = heap.alloc(16);
    heap.alloc(16);
    heap.release(a);
    heap.check();
    (heap as unknown as { bytesInUse: number }).bytesInUse += 64;
    expect(() => heap.check()).toThrow(/inconsistent: .*bytes counted in use/);
  });

  it('reports a failed growth with the sizes involved', () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 2, shared: true });
    const heap = new Heap(memory, 0);
    expect(() => heap.alloc(1_000_000)).toThrow(/cannot grow linear memory/);
    expect(heap.liveBytes).toBe(0);
  });
});

describe('Arena result modes', () => {
  it('zero-copy: results are owned views, used in place as inputs, freed by release', async () => {
    const kernels = await loadKernels({ threads: 1 });
    expect(kernels.arena.setZeroCopy(true)).toBe(true);
    const x = Float32Array.from({ length: 1000 }, (_, i) => i - 500);
    const y = relu(kernels, x);
    expect(kernels.arena.owns(y)).toBe(true);
    expect(y.buffer).toBe(kernels.memory.buffer);
    const z = relu(kernels, y);
    // y was read in place: the live blocks are y and z, with no scratch copy of y beside them.
    expect(kernels.heap.liveBlocks).toBe(2);
    expect(kernels.heap.liveBytes).toBe(2 * blockBytes(1000));
    expect(Array.from(z)).toEqual(Array.from(y));
    expect(Array.from(y.subarray(499, 503))).toEqual([0, 0, 1, 2]);
    expect(kernels.arena.release(y)).toBe(true);
    expect(kernels.arena.release(y)).toBe(false);
    expect(kernels.arena.release(new Float32Array(4))).toBe(false);
    kernels.arena.release(z);
    kernels.arena.reset();
    expect(kernels.heap.liveBytes).toBe(0);
    kernels.dispose();
  });

  it('reset() empties the scratch list even when freeing a block fails, so the next call is not poisoned', async () => {
    const kernels = await loadKernels({ threads: 1 });
    const { arena, heap } = kernels;
    arena.reset();
    const a = arena.alloc(10);
    arena.alloc(10);
    expect(arena.scratchBlocks).toBe(2);
    heap.release(a); // freed behind the arena's back: its reset must not fail forever
    expect(() => arena.reset()).toThrow(/not a live block/);
    expect(arena.scratchBlocks).toBe(0);
    arena.reset();
    heap.check();
    expect(heap.liveBlocks).toBe(0);
    expect(Array.from(relu(kernels, Float32Array.from([-1, 2])))).toEqual([0, 2]);
    kernels.dispose();
  });

  it('copying (the default): results are plain JS arrays, never shared memory', async () => {
    const kernels = await loadKernels({ threads: 1 });
    expect(kernels.arena.zeroCopy).toBe(false);
    const y = relu(kernels, Float32Array.from([-1, 2]));
    expect(y.buffer).toBeInstanceOf(ArrayBuffer);
    expect(kernels.arena.owns(y)).toBe(false);
    const single = await loadKernels({ sharedMemory: false });
    expect(single.arena.setZeroCopy(true)).toBe(false);
    expect(Array.from(relu(single, Float32Array.from([-1, 2])))).toEqual([0, 2]);
    kernels.dispose();
  });
});

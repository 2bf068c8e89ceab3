/**
 * The raw exports of the kernel module: every function takes byte pointers into `memory`.
 * Extend this interface when a kernel is added to assembly/index.ts.
 */
export interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  relu(x: number, out: number, n: number): void;
}

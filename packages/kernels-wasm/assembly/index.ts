// Entry point of the kernel module: re-exports every kernel file so that one .wasm holds them all.
// Each kernel takes raw byte pointers into linear memory that the JS side (src/arena.ts) manages;
// kernels keep no global state, so a future threaded build can run them on several workers.
export { heapBase } from './memory';
export { relu } from './unary';

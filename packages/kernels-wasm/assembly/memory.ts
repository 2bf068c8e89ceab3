// The JS arena starts allocating right after the module's own static data.
export function heapBase(): usize {
  return __heap_base;
}

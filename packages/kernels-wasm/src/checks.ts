/** Throws unless `array` holds exactly `expected` floats; `name` is the argument's name. */
export function expectLength(name: string, array: ArrayLike<number>, expected: number, what: string): void {
  if (array.length !== expected) {
    throw new Error(`${name}: got ${array.length} values, expected ${expected} (${what})`);
  }
}

/** Throws unless every entry is a non-negative integer (a positive one where `positive`). */
export function expectDims(name: string, dims: readonly number[], positive = false): void {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < (positive ? 1 : 0)) {
      throw new Error(`${name}: got [${dims.join(', ')}], expected ${positive ? 'positive' : 'non-negative'} integers`);
    }
  }
}

export function product(dims: readonly number[]): number {
  let size = 1;
  for (const d of dims) size *= d;
  return size;
}

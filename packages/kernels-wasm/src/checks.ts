/**
 * A kernel's arguments describe something it cannot compute (a wrong length, a negative extent, an
 * axis or index out of range, an unknown mode): thrown before anything is allocated, so a caller
 * may hand the same call to another implementation (fovea-wasm gives it to tfjs's cpu kernel).
 */
export class KernelArgumentError extends Error {
  override name = 'KernelArgumentError';
}

/** Throws unless `array` holds exactly `expected` floats; `name` is the argument's name. */
export function expectLength(name: string, array: ArrayLike<number>, expected: number, what: string): void {
  if (array.length !== expected) {
    throw new KernelArgumentError(`${name}: got ${array.length} values, expected ${expected} (${what})`);
  }
}

/** Throws unless every entry is a non-negative integer (a positive one where `positive`). */
export function expectDims(name: string, dims: readonly number[], positive = false): void {
  for (const d of dims) {
    if (!Number.isInteger(d) || d < (positive ? 1 : 0)) {
      throw new KernelArgumentError(`${name}: got [${dims.join(', ')}], expected ${positive ? 'positive' : 'non-negative'} integers`);
    }
  }
}

export function product(dims: readonly number[]): number {
  let size = 1;
  for (const d of dims) size *= d;
  return size;
}

/** Largest extent, stride, dilation, pad or index the kernels take: they compute with 32-bit integers. */
export const MAX_EXTENT = 2 ** 31 - 1;
/** Most floats one array may hold: 32-bit WebAssembly addresses 4 GiB (heap.ts's MAX_BLOCK_FLOATS). */
export const MAX_ELEMENTS = 2 ** 30;

/** Why `value` is not a whole number in [min, MAX_EXTENT], or undefined when it is. */
export function wholeProblem(name: string, value: number, min: number, why = ''): string | undefined {
  if (Number.isInteger(value) && value >= min && value <= MAX_EXTENT) return undefined;
  return `${name}: got ${value}, expected a whole number from ${min} to ${MAX_EXTENT}${why ? ` (${why})` : ''}`;
}

/** Throws unless `value` is a whole number in [min, MAX_EXTENT]; `name` is the argument's name. */
export function expectWhole(name: string, value: number, min: number, why = ''): void {
  const problem = wholeProblem(name, value, min, why);
  if (problem !== undefined) throw new KernelArgumentError(problem);
}

/** Why the product of `dims` is more than MAX_ELEMENTS (one array's worth of floats), or undefined. */
export function elementsProblem(name: string, dims: readonly number[]): string | undefined {
  const size = product(dims);
  return size > MAX_ELEMENTS ? `${name}: [${dims.join(', ')}] holds ${size} values, more than the ${MAX_ELEMENTS} one WASM array can` : undefined;
}

/** Throws unless the product of `dims` is at most MAX_ELEMENTS. */
export function expectElements(name: string, dims: readonly number[]): void {
  const problem = elementsProblem(name, dims);
  if (problem !== undefined) throw new KernelArgumentError(problem);
}

/** The fields of a 2-D convolution's geometry (gemm.ts's ConvGeometry; tfjs's Conv2DInfo has them all). */
export interface CheckedConvGeometry {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  padInfo: { top: number; left: number };
}

/**
 * Why the kernels cannot compute this convolution, or undefined when they can: every extent a
 * whole number ≥ 0 (tfjs's computeConv2DInfo gives a negative output size for a filter larger
 * than a 'valid' input, and Infinity or NaN for a zero stride), filter sizes, strides and
 * dilations ≥ 1, pads ≥ 0, a non-empty input behind a non-empty output, and every window offset,
 * padded extent and array inside what 32-bit kernels address. Cheap: a backend asks it first and
 * leaves what it rejects to another implementation.
 */
export function convGeometryProblem(g: CheckedConvGeometry): string | undefined {
  if (typeof g !== 'object' || g === null) return `geometry: got ${g}, expected a convolution geometry`;
  for (const field of ['batchSize', 'inHeight', 'inWidth', 'inChannels', 'outHeight', 'outWidth', 'outChannels'] as const) {
    const problem = wholeProblem(`geometry.${field}`, g[field], 0, field.startsWith('out') && g[field] < 0 ? 'the filter does not fit the padded input' : '');
    if (problem !== undefined) return problem;
  }
  for (const field of ['filterHeight', 'filterWidth', 'strideHeight', 'strideWidth', 'dilationHeight', 'dilationWidth'] as const) {
    const problem = wholeProblem(`geometry.${field}`, g[field], 1);
    if (problem !== undefined) return problem;
  }
  if (typeof g.padInfo !== 'object' || g.padInfo === null) return `geometry.padInfo: got ${g.padInfo}, expected { top, left }`;
  const pads = wholeProblem('geometry.padInfo.top', g.padInfo.top, 0) ?? wholeProblem('geometry.padInfo.left', g.padInfo.left, 0);
  if (pads !== undefined) return pads;
  if (g.batchSize * g.outHeight * g.outWidth * g.outChannels > 0) {
    for (const field of ['inHeight', 'inWidth', 'inChannels'] as const) {
      const problem = wholeProblem(`geometry.${field}`, g[field], 1, 'a non-empty output needs a non-empty input');
      if (problem !== undefined) return problem;
    }
  }
  // The padded input every window lies in (what a GEMM convolution stages).
  const reach = (out: number, stride: number, filter: number, dilation: number, pad: number, input: number) =>
    Math.max((Math.max(out, 1) - 1) * stride + (filter - 1) * dilation + 1, input + pad);
  const height = reach(g.outHeight, g.strideHeight, g.filterHeight, g.dilationHeight, g.padInfo.top, g.inHeight);
  const width = reach(g.outWidth, g.strideWidth, g.filterWidth, g.dilationWidth, g.padInfo.left, g.inWidth);
  if (height > MAX_EXTENT || width > MAX_EXTENT) {
    return (
      `geometry: windows reach ${height}×${width} pixels (strides ${g.strideHeight}×${g.strideWidth}, dilations ${g.dilationHeight}×${g.dilationWidth}), ` +
      `more than the ${MAX_EXTENT} the kernels index`
    );
  }
  const channels = Math.max(g.inChannels, g.outChannels, 8);
  return (
    elementsProblem('geometry (input)', [g.batchSize, g.inHeight, g.inWidth, channels]) ??
    elementsProblem('geometry (output)', [g.batchSize, g.outHeight, g.outWidth, channels]) ??
    elementsProblem('geometry (filter)', [g.filterHeight, g.filterWidth, Math.max(g.inChannels, 1), Math.max(g.outChannels, 8)]) ??
    elementsProblem('geometry (padded input)', [g.batchSize, height, width, channels])
  );
}

/**
 * Throw convGeometryProblem's reason, if any, before anything is allocated. Returns true when the
 * output is empty: the caller returns an empty result without calling a kernel.
 */
export function checkConvGeometry(g: CheckedConvGeometry): boolean {
  const problem = convGeometryProblem(g);
  if (problem !== undefined) throw new KernelArgumentError(problem);
  return g.batchSize * g.outHeight * g.outWidth * g.outChannels === 0;
}

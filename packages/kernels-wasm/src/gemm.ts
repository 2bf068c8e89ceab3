import { type ActivationName, activationCode } from './activation.js';
import type { Arena } from './arena.js';
import type { FoveaKernels } from './loader.js';
import { type CheckedConvGeometry, KernelArgumentError } from './checks.js';

/** Output columns per packed panel (the GEMM micro-kernel's tile width). */
export const PANEL_WIDTH = 8;

/**
 * A weight matrix (K×N) packed into the GEMM's K×8 panels. Packing costs a pass over the
 * weights, so callers pack a filter once and reuse it for every call.
 */
export interface PackedWeights {
  readonly rows: number;
  readonly columns: number;
  readonly panels: Float32Array;
}

export function panelFloats(rows: number, columns: number): number {
  return Math.ceil(columns / PANEL_WIDTH) * PANEL_WIDTH * rows;
}

/** Pack a K×N row-major matrix (N×K when `transposed`) for gemm-based kernels. */
export function packWeights(
  kernels: FoveaKernels,
  matrix: Float32Array,
  rows: number,
  columns: number,
  transposed = false,
): PackedWeights {
  if (matrix.length !== rows * columns) {
    throw new KernelArgumentError(`packWeights: matrix has ${matrix.length} values, expected rows·columns = ${rows}·${columns}`);
  }
  const { arena } = kernels;
  arena.reset();
  const src = arena.allocFrom(matrix);
  const dst = arena.alloc(panelFloats(rows, columns));
  kernels.exports.packPanels(src, dst, rows, columns, transposed);
  return { rows, columns, panels: arena.read(dst, panelFloats(rows, columns)) };
}

/** The fused epilogue: out = activation(out + bias), Keras/tfjs fused-op names. */
export interface Epilogue {
  /** One value per output channel, or a single value for all. */
  bias?: Float32Array;
  activation?: ActivationName;
  /** LeakyRelu's slope (default 0.2, as tfjs). */
  leakyreluAlpha?: number;
  /** PReLU slopes: one per output channel, or a single value. */
  preluAlpha?: Float32Array;
}

/** Epilogue operands staged in the arena, ready for a kernel call. */
export interface StagedEpilogue {
  bias: number;
  activation: number;
  alpha: number;
  alphaPtr: number;
  alphaChannels: number;
}

/**
 * Copy bias (padded to whole panels of `padTo` floats, as the micro-kernels read 8 at a time)
 * and PReLU slopes into the arena. `channels` is the number of output channels.
 */
export function stageEpilogue(
  arena: Arena,
  epilogue: Epilogue,
  channels: number,
  padTo = Math.ceil(channels / PANEL_WIDTH) * PANEL_WIDTH,
): StagedEpilogue {
  const activation = activationCode(epilogue.activation);
  let bias = 0;
  if (epilogue.bias !== undefined) {
    const values = epilogue.bias;
    if (values.length !== channels && values.length !== 1) {
      throw new KernelArgumentError(`bias: got ${values.length} values, expected ${channels} (one per output channel) or 1`);
    }
    bias = arena.alloc(padTo);
    const view = arena.f32(bias, padTo);
    view.fill(0);
    if (values.length === 1) view.fill(values[0]!, 0, channels);
    else view.set(values);
  }
  let alphaPtr = 0;
  let alphaChannels = 1;
  if (epilogue.activation === 'prelu') {
    const slopes = epilogue.preluAlpha;
    if (slopes === undefined || (slopes.length !== channels && slopes.length !== 1)) {
      throw new KernelArgumentError(
        `preluAlpha: got ${slopes === undefined ? 'none' : `${slopes.length} values`}, expected ${channels} (one per output channel) or 1`,
      );
    }
    alphaPtr = arena.allocFrom(slopes);
    alphaChannels = slopes.length;
  }
  return { bias, activation, alpha: epilogue.leakyreluAlpha ?? 0.2, alphaPtr, alphaChannels };
}

/** Shape of a 2-D convolution; field names match tfjs's backend_util.Conv2DInfo (checks.ts validates it). */
export type ConvGeometry = CheckedConvGeometry;

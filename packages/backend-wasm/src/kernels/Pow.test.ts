import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath, intValues } from '../../test/kernels/binary_math_cases.js';

// f64 libm per element (musl's pow; V8's differs in rare last bits of f64, not of f32).
// int32 operands stay in [-6, 6]: a power beyond 2^53 is an inexact double whose low 32 bits (what
// the int32 result keeps) depend on the libm's last-bit rounding, where V8's Math.pow (tfjs cpu)
// and musl's pow part ways.
const smallInts = (n: number, seed: number) => Int32Array.from(intValues(n, seed), (v) => Math.max(-6, Math.min(6, v)));
describeBinaryMath({ kernel: 'Pow', op: tf.pow, dtypes: ['float32', 'int32'], tolerance: 1e-7, gradients: true, intOperands: smallInts });

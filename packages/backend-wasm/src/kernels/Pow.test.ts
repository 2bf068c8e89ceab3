import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath } from '../../test/kernels/binary_math_cases.js';

// f64 libm per element (musl's pow; V8's differs in rare last bits of f64, not of f32).
describeBinaryMath({ kernel: 'Pow', op: tf.pow, dtypes: ['float32', 'int32'], tolerance: 1e-7, gradients: true });

import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath } from '../../test/kernels/binary_math_cases.js';

// f64 libm per element (musl's atan2 and V8's may differ in the last bit of f64, never of f32 here).
describeBinaryMath({ kernel: 'Atan2', op: tf.atan2, dtypes: ['float32', 'int32'], tolerance: 1e-7, gradients: true });

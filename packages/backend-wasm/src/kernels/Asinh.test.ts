import * as tf from '@tensorflow/tfjs-core';
import { describeUnaryMath } from '../../test/kernels/unary_math_cases.js';

// Within one float32 ulp of the cpu: musl's f64 libm and V8's differ in rare last bits of f64.
describeUnaryMath({ kernel: 'Asinh', op: tf.asinh, tolerance: 1.2e-7 });

import * as tf from '@tensorflow/tfjs-core';
import { describeUnaryMath } from '../../test/kernels/unary_math_cases.js';

// Within one float32 ulp of the cpu: an f32x4 polynomial (see assembly/simd.ts).
describeUnaryMath({ kernel: 'Exp', op: tf.exp, tolerance: 2.4e-7 });

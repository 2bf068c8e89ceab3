import * as tf from '@tensorflow/tfjs-core';
import { describeUnaryMath } from '../../test/kernels/unary_math_cases.js';

// Within one float32 ulp of the cpu: f32 sqrt, then f32 division (each correctly rounded).
describeUnaryMath({ kernel: 'Rsqrt', op: tf.rsqrt, tolerance: 1.2e-7, domain: (v) => Math.abs(v) * 4 + 0.01 });

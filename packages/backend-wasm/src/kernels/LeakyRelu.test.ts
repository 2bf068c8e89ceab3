import * as tf from '@tensorflow/tfjs-core';
// alpha is rounded to float32 in the kernel; the cpu multiplies by the float64 value: 1 ulp.
import { describeUnary } from '../../test/kernels/unary_cases.js';

describeUnary({ kernel: 'LeakyRelu', op: (x) => tf.leakyRelu(x, 0.13), tolerance: 1e-6 });
describeUnary({ kernel: 'LeakyRelu (default alpha)', op: (x) => tf.leakyRelu(x), tolerance: 1e-6 });

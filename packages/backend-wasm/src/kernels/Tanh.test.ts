import * as tf from '@tensorflow/tfjs-core';
import { describeUnary } from '../../test/kernels/unary_cases.js';

// A float32 polynomial/exp evaluation against the cpu's float64 Math.tanh: a few ulp.
describeUnary({ kernel: 'Tanh', op: (x) => tf.tanh(x), tolerance: 1e-6 });

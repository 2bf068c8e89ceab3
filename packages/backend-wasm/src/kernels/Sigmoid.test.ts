import * as tf from '@tensorflow/tfjs-core';
import { describeUnary } from '../../test/kernels/unary_cases.js';

// float32 exp against the cpu's float64 Math.exp: a few ulp.
describeUnary({ kernel: 'Sigmoid', op: (x) => tf.sigmoid(x), tolerance: 1e-6 });

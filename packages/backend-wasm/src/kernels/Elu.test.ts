import * as tf from '@tensorflow/tfjs-core';
import { describeUnary } from '../../test/kernels/unary_cases.js';

describeUnary({ kernel: 'Elu', op: (x) => tf.elu(x), tolerance: 1e-6 });

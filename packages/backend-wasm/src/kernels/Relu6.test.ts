import * as tf from '@tensorflow/tfjs-core';
import { describeUnary } from '../../test/kernels/unary_cases.js';

describeUnary({ kernel: 'Relu6', op: (x) => tf.relu6(x), tolerance: 0, int32: true });

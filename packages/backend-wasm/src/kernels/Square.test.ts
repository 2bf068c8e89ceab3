import * as tf from '@tensorflow/tfjs-core';
import { describeExactUnary } from '../../test/kernels/math_cases.js';

describeExactUnary({ kernel: 'Square', op: tf.square, int32: [4, 9] });

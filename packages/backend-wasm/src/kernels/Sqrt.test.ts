import * as tf from '@tensorflow/tfjs-core';
import { describeExactUnary } from '../../test/kernels/math_cases.js';

describeExactUnary({ kernel: 'Sqrt', op: tf.sqrt });

import * as tf from '@tensorflow/tfjs-core';
import { describeUnaryMath } from '../../test/kernels/unary_math_cases.js';

describeUnaryMath({ kernel: 'Reciprocal', op: tf.reciprocal, domain: (v) => v + (v >= 0 ? 0.1 : -0.1) });

import * as tf from '@tensorflow/tfjs-core';
import { describeUnaryMath } from '../../test/kernels/unary_math_cases.js';

describeUnaryMath({ kernel: 'Ceil', op: tf.ceil });

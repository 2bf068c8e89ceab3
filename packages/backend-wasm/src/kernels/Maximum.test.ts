import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath } from '../../test/kernels/binary_math_cases.js';

describeBinaryMath({ kernel: 'Maximum', op: tf.maximum, dtypes: ['float32', 'int32'], gradients: true });

import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath } from '../../test/kernels/binary_math_cases.js';

describeBinaryMath({ kernel: 'Minimum', op: tf.minimum, dtypes: ['float32', 'int32'], gradients: true });

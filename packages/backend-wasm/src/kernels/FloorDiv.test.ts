import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath } from '../../test/kernels/binary_math_cases.js';

describeBinaryMath({ kernel: 'FloorDiv', op: tf.floorDiv, dtypes: ['float32', 'int32'] });

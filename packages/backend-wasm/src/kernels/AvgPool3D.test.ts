import * as tf from '@tensorflow/tfjs-core';
import { describePool3D } from '../../test/kernels/window_cases.js';

describePool3D('AvgPool3D', tf.avgPool3d);

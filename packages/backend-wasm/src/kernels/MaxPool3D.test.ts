import * as tf from '@tensorflow/tfjs-core';
import { describePool3D } from '../../test/kernels/window_cases.js';

describePool3D('MaxPool3D', tf.maxPool3d);

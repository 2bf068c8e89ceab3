import * as tf from '@tensorflow/tfjs-core';
import { describePool3DGrad } from '../../test/kernels/window_cases.js';

describePool3DGrad('AvgPool3DGrad', tf.avgPool3d);

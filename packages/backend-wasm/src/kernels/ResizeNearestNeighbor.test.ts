import * as tf from '@tensorflow/tfjs-core';
import { describeResize } from '../../test/kernels/resize_cases.js';

describeResize({
  kernel: 'ResizeNearestNeighbor',
  op: tf.image.resizeNearestNeighbor,
  tolerance: 0,
  gradientTolerance: 0,
  // tfjs's cpu ResizeNearestNeighborGrad loops forever for alignCorners on a 1-pixel axis
  // (its search window is 1/0 wide), so those problems are left out here.
  gradientProblem: (p) => p.mode !== 'alignCorners' || (p.height > 1 && p.width > 1),
});

import * as tf from '@tensorflow/tfjs-core';
import { describeBinaryMath } from '../../test/kernels/binary_math_cases.js';

// tfjs's cpu has no LogicalXor kernel (tf.logicalXor composes and/or/not there): fovea-wasm's
// kernel, called by name, against that composition on the cpu.
describeBinaryMath({
  kernel: 'LogicalXor',
  op: (a, b) => (tf.getBackend() === 'cpu' ? tf.logicalXor(a, b) : (tf.engine().runKernel('LogicalXor', { a, b }) as tf.Tensor)),
  dtypes: ['bool'],
});

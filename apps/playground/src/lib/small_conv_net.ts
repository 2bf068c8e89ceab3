import * as tfl from '@tensorflow/tfjs-layers';

/**
 * A small classifier covering the kernels Fovea's CNNs are made of (conv, batch norm, ReLU,
 * pooling, depthwise conv, dense, softmax), with seeded weights so every backend and every
 * page load sees the same model.
 */
export function smallConvNet(inputShape: [number, number, number], classes = 10, seed = 1): tfl.LayersModel {
  const kernel = (offset: number) => tfl.initializers.heNormal({ seed: seed + offset });
  const stats = (offset: number) => tfl.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: seed + offset });
  const shift = (offset: number) => tfl.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: seed + offset });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape, filters: 8, kernelSize: 3, padding: 'same', useBias: false, kernelInitializer: kernel(1) }),
      tfl.layers.batchNormalization({ movingMeanInitializer: shift(2), movingVarianceInitializer: stats(3), gammaInitializer: stats(4), betaInitializer: shift(5) }),
      tfl.layers.reLU({ maxValue: 6 }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: kernel(6), biasInitializer: shift(7) }),
      tfl.layers.activation({ activation: 'relu' }),
      tfl.layers.averagePooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: kernel(8), biasInitializer: shift(9) }),
    ],
  });
}

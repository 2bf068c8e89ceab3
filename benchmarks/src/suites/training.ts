// One training step (forward, backward, Adam update, loss read back) of two small CNNs at batch
// 32, written as tfjs-layers runs them (fused conv/matmul + bias + relu). tfjs-backend-wasm has no
// Conv2DBackpropFilter kernel, so its column records the error it throws instead of a time.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node entry registers no gradients; the union package's Node bundle does (into the
// registry all tfjs copies share), as it would for a user training with @tensorflow/tfjs.
import '@tensorflow/tfjs';
import { FOVEA_SIMD, TFJS_CPU, withThreads } from '../backends.js';
import type { BenchCase, Suite } from '../runner.js';
import { seededValues } from '../seeded.js';

interface ConvLayer {
  kind: 'conv';
  filters: number;
  size: number;
  pad: 'same' | 'valid';
}
interface PoolLayer {
  kind: 'maxPool' | 'avgPool';
}
interface DenseLayer {
  kind: 'dense';
  units: number;
  relu: boolean;
}
type Layer = ConvLayer | PoolLayer | DenseLayer;

const BATCH = 32;
const IMAGE = 28;
const CLASSES = 10;

/** A Keras-style Sequential CNN on 28×28×1 images: parameters, FLOPs of one step, the loss. */
function trainingCase(id: string, description: string, layers: Layer[]): BenchCase {
  // Shapes and forward FLOPs; a training step costs about 3× the forward pass (two backward GEMMs per layer).
  let [h, w, c] = [IMAGE, IMAGE, 1];
  let forwardFlops = 0;
  const shapes: number[][] = [];
  for (const layer of layers) {
    if (layer.kind === 'conv') {
      shapes.push([layer.size, layer.size, c, layer.filters], [layer.filters]);
      if (layer.pad === 'valid') [h, w] = [h - layer.size + 1, w - layer.size + 1];
      forwardFlops += 2 * BATCH * h * w * layer.filters * layer.size * layer.size * c;
      c = layer.filters;
    } else if (layer.kind === 'dense') {
      const inputs = h * w * c;
      shapes.push([inputs, layer.units], [layer.units]);
      forwardFlops += 2 * BATCH * inputs * layer.units;
      [h, w, c] = [1, 1, layer.units];
    } else {
      [h, w] = [Math.floor(h / 2), Math.floor(w / 2)];
    }
  }
  return {
    id,
    description,
    flops: 3 * forwardFlops,
    prepare() {
      const xs = tf.tensor4d(seededValues(BATCH * IMAGE * IMAGE, 1), [BATCH, IMAGE, IMAGE, 1]);
      const labels = tf.oneHot(tf.tensor1d(Array.from({ length: BATCH }, (_, i) => i % CLASSES), 'int32'), CLASSES);
      // Glorot-uniform-sized weights so the loss stays finite across many steps.
      const params = shapes.map((shape, i) => {
        const fanIn = shape.length === 1 ? 1 : shape.slice(0, -1).reduce((a, b) => a * b, 1);
        const scale = shape.length === 1 ? 0 : Math.sqrt(6 / (fanIn + shape[shape.length - 1]!));
        return tf.variable(tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), 10 + i, scale), shape));
      });
      const optimizer = tf.train.adam(1e-3);
      const loss = (): tf.Scalar => {
        let x: tf.Tensor = xs;
        let p = 0;
        for (const layer of layers) {
          if (layer.kind === 'conv') {
            x = tf.fused.conv2d({
              x: x as tf.Tensor4D, filter: params[p] as tf.Tensor4D, bias: params[p + 1], strides: 1, pad: layer.pad, activation: 'relu',
            });
            p += 2;
          } else if (layer.kind !== 'dense') {
            const pool = layer.kind === 'maxPool' ? tf.maxPool : tf.avgPool;
            x = pool(x as tf.Tensor4D, 2, 2, 'valid');
          } else {
            const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [BATCH, -1]) as tf.Tensor2D;
            x = tf.fused.matMul({
              a: flat, b: params[p] as tf.Tensor2D, bias: params[p + 1], activation: layer.relu ? 'relu' : 'linear',
            });
            p += 2;
          }
        }
        return tf.losses.softmaxCrossEntropy(labels, x) as tf.Scalar;
      };
      return {
        run: () => optimizer.minimize(loss, true) as tf.Scalar,
        dispose: () => {
          optimizer.dispose();
          tf.dispose([xs, labels, ...params]);
        },
      };
    },
  };
}

const lenet5 = trainingCase('lenet5', 'LeNet-5 (conv5×5·6 same → avg pool → conv5×5·16 → avg pool → 120 → 84 → 10)', [
  { kind: 'conv', filters: 6, size: 5, pad: 'same' },
  { kind: 'avgPool' },
  { kind: 'conv', filters: 16, size: 5, pad: 'valid' },
  { kind: 'avgPool' },
  { kind: 'dense', units: 120, relu: true },
  { kind: 'dense', units: 84, relu: true },
  { kind: 'dense', units: CLASSES, relu: false },
]);

export const trainingSuite: Suite = {
  name: 'training',
  title: 'Training step at batch 32 (forward + backward + Adam; GFLOP/s counts 3× the forward FLOPs)',
  // tfjs-wasm cannot train convs, so training is compared with tfjs cpu; GFLOP/s ratios are
  // step-time speed-ups.
  ratios: (threads) => [
    { label: 'SIMD128 / cpu', of: FOVEA_SIMD, to: TFJS_CPU },
    { label: `${threads} threads / cpu`, of: withThreads(FOVEA_SIMD, threads), to: TFJS_CPU },
  ],
  cases: [
    lenet5,
    trainingCase('fashion-cnn', 'Fashion-MNIST CNN (conv3×3·32 → max pool → conv3×3·64 → max pool → 128 → 10)', [
      { kind: 'conv', filters: 32, size: 3, pad: 'valid' },
      { kind: 'maxPool' },
      { kind: 'conv', filters: 64, size: 3, pad: 'valid' },
      { kind: 'maxPool' },
      { kind: 'dense', units: 128, relu: true },
      { kind: 'dense', units: CLASSES, relu: false },
    ]),
  ],
  // No leaks: tensors and the WASM heap the same after step 10 and after the last training step.
  memory: [{ id: 'memory-lenet5', description: 'LeNet-5 training steps at batch 32 (no leaks)', bench: lenet5 }],
};

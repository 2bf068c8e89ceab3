// Pixel-wise losses on logits [N, H, W, C] and int32 label masks [N, H, W]: softmax cross-entropy
// with an ignore index and optional class weights (PyTorch's nn.CrossEntropyLoss(weight,
// ignore_index) with its 'mean' reduction), soft Dice, and their sum.
import * as tf from '@tensorflow/tfjs-core';

export interface CrossEntropyOptions {
  /** Pixels with this label count nowhere (neither loss nor normaliser). Default 255. */
  ignoreIndex?: number;
  /** One weight per class: the loss is Σ w[y]·(−log p_y) / Σ w[y] over the counted pixels. */
  classWeights?: number[] | null;
}

export interface DiceOptions {
  ignoreIndex?: number;
  /** Added to numerator and denominator (Laplace smoothing): a class absent from both scores 1. Default 1. */
  smooth?: number;
}

export interface CombinedLossOptions extends CrossEntropyOptions, DiceOptions {
  /** Weight of the Dice term in cross-entropy + diceWeight · Dice. Default 1. */
  diceWeight?: number;
}

function checkInputs(caller: string, labels: tf.Tensor, logits: tf.Tensor): number {
  if (logits.rank !== 4) throw new Error(`${caller}: logits must be [batch, height, width, classes], got shape [${logits.shape}]`);
  if (labels.dtype !== 'int32') throw new Error(`${caller}: labels must be int32 class indices, got dtype ${labels.dtype}`);
  if (labels.rank !== 3 || labels.shape.some((d, i) => d !== logits.shape[i])) {
    throw new Error(`${caller}: labels must be [batch, height, width] = [${logits.shape.slice(0, 3)}], got shape [${labels.shape}]`);
  }
  return logits.shape[3]!;
}

/** One-hot labels, all zeros where the label is the ignore index or out of range. */
function oneHotCounted(labels: tf.Tensor, classes: number): tf.Tensor {
  // tf.oneHot gives an all-zero row for an index outside 0..classes−1, the ignore index included.
  return tf.oneHot(labels as tf.Tensor3D, classes, 1, 0, 'float32');
}

/**
 * The sum over the last axis, repeated along it ([..., C] → [..., C]), as a product with a C×C
 * matrix of ones: fovea-wasm runs that natively, where a [..., 1] broadcast would take tfjs's cpu path.
 */
function lastAxisSumRepeated(x: tf.Tensor): tf.Tensor {
  const classes = x.shape[x.rank - 1]!;
  return tf.reshape(tf.matMul(tf.reshape(x, [-1, classes]), tf.ones([classes, classes])), x.shape);
}

function checkIgnoreIndex(caller: string, ignoreIndex: number, classes: number): void {
  if (!Number.isInteger(ignoreIndex) || (ignoreIndex >= 0 && ignoreIndex < classes)) {
    throw new Error(`${caller}: ignoreIndex must be an integer outside 0..${classes - 1} (a label no class has), got ${ignoreIndex}`);
  }
}

/**
 * Mean softmax cross-entropy over the pixels whose label is not `ignoreIndex` (a scalar). With
 * `classWeights`, PyTorch's weighted mean: Σ w[y]·(−log softmax(x)_y) / Σ w[y]. Labels must be in
 * 0..C−1 or the ignore index (any other value is ignored too, silently: check data beforehand).
 * A batch with no counted pixel gives 0.
 *
 * The gradient is written out, (softmax(x) − onehot(y))·w[y] / Σ w: the same values as autodiff,
 * in kernels fovea-wasm runs natively (tfjs's softmax gradient broadcasts over a [..., 1] axis).
 */
export function softmaxCrossEntropy(labels: tf.Tensor, logits: tf.Tensor, options: CrossEntropyOptions = {}): tf.Scalar {
  const classes = checkInputs('softmaxCrossEntropy', labels, logits);
  const ignoreIndex = options.ignoreIndex ?? 255;
  checkIgnoreIndex('softmaxCrossEntropy', ignoreIndex, classes);
  const weights = options.classWeights ?? null;
  if (weights !== null && (weights.length !== classes || !weights.every((w) => Number.isFinite(w) && w >= 0))) {
    throw new Error(`softmaxCrossEntropy: classWeights must be ${classes} non-negative numbers, got ${JSON.stringify(weights)}`);
  }
  const crossEntropy = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const probabilities = tf.softmax(x);
    const oneHot = oneHotCounted(labels, classes);
    const target = weights === null ? oneHot : tf.mul(oneHot, tf.tensor1d(weights));
    const pixelWeights = tf.sum(target, -1);
    const picked = tf.sum(tf.mul(oneHot, probabilities), -1);
    const normaliser = tf.maximum(tf.sum(pixelWeights), 1e-12);
    // + 1e-30: a probability that underflowed to 0 gives a large finite loss, not infinity.
    const value = tf.div(tf.neg(tf.sum(tf.mul(pixelWeights, tf.log(tf.add(picked, 1e-30))))), normaliser) as tf.Scalar;
    save([probabilities, target, normaliser]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [p, t, total] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.mul(tf.sub(tf.mul(p, lastAxisSumRepeated(t)), t), tf.div(dy, total));
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad<tf.Scalar>>[0]);
  return tf.tidy(() => crossEntropy(logits) as tf.Scalar);
}

/**
 * Soft Dice loss: the mean over classes of 1 − (2·Σ p·g + s) / (Σ p + Σ g + s), with p the
 * softmax probabilities and g the one-hot labels over the batch's counted pixels (ignored pixels
 * contribute to neither). Its gradient is written out, as softmaxCrossEntropy's.
 */
export function diceLoss(labels: tf.Tensor, logits: tf.Tensor, options: DiceOptions = {}): tf.Scalar {
  const classes = checkInputs('diceLoss', labels, logits);
  const ignoreIndex = options.ignoreIndex ?? 255;
  checkIgnoreIndex('diceLoss', ignoreIndex, classes);
  const smooth = options.smooth ?? 1;
  if (!(smooth > 0)) throw new Error(`diceLoss: smooth must be a positive number, got ${smooth}`);
  const dice = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
    const axes = [0, 1, 2];
    const target = oneHotCounted(labels, classes);
    const counted = lastAxisSumRepeated(target);
    const probabilities = tf.softmax(x);
    const intersection = tf.sum(tf.mul(probabilities, target), axes);
    const union = tf.add(tf.add(tf.sum(tf.mul(probabilities, counted), axes), tf.sum(target, axes)), smooth);
    const numerator = tf.add(tf.mul(intersection, 2), smooth);
    const value = tf.sub(1, tf.mean(tf.div(numerator, union))) as tf.Scalar;
    save([probabilities, target, counted, numerator, union]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [p, g, m, num, den] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        // d/dp: −(1/C)·(2·g/U − m·(2I + s)/U²) per pixel and class, then through the softmax.
        const dp = tf.mul(tf.sub(tf.mul(g, tf.div(2, den)), tf.mul(m, tf.div(num, tf.square(den)))), tf.div(tf.neg(dy), classes));
        return tf.mul(p, tf.sub(dp, lastAxisSumRepeated(tf.mul(dp, p))));
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad<tf.Scalar>>[0]);
  return tf.tidy(() => dice(logits) as tf.Scalar);
}

/** softmaxCrossEntropy + diceWeight · diceLoss. */
export function crossEntropyDiceLoss(labels: tf.Tensor, logits: tf.Tensor, options: CombinedLossOptions = {}): tf.Scalar {
  const diceWeight = options.diceWeight ?? 1;
  return tf.tidy(() => tf.add(softmaxCrossEntropy(labels, logits, options), tf.mul(diceLoss(labels, logits, options), diceWeight)) as tf.Scalar);
}

export type SegmentationLossName = 'crossEntropy' | 'dice' | 'crossEntropyDice';

/** A loss by name with its options bound: (labels, logits) => scalar. */
export function segmentationLoss(name: SegmentationLossName, options: CombinedLossOptions = {}): (labels: tf.Tensor, logits: tf.Tensor) => tf.Scalar {
  switch (name) {
    case 'crossEntropy':
      return (labels, logits) => softmaxCrossEntropy(labels, logits, options);
    case 'dice':
      return (labels, logits) => diceLoss(labels, logits, options);
    case 'crossEntropyDice':
      return (labels, logits) => crossEntropyDiceLoss(labels, logits, options);
    default:
      throw new Error(`segmentationLoss: name must be 'crossEntropy', 'dice' or 'crossEntropyDice', got ${JSON.stringify(name)}`);
  }
}

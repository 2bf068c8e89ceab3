// Transfer learning as in the textbook: reuse a pretrained base without its top, add a pooling +
// dropout + softmax head, train the head with the base frozen, then unfreeze the top of the base
// and fine-tune with a lower learning rate (recompile after each change of `trainable`).
import * as tfl from '@tensorflow/tfjs-layers';

export interface TransferOptions {
  /** Number of classes of the new task (the softmax head's units). */
  classes: number;
  /** Freeze every layer of the base (default true). */
  freeze?: boolean;
  /** Dropout before the classifier; 0 for none (default 0.2). */
  dropout?: number;
  /** How a 4-D base output is pooled to a vector (default 'avg'); ignored for 2-D outputs. */
  pooling?: 'avg' | 'max';
  /** The head's activation (default 'softmax'). */
  classifierActivation?: 'softmax' | 'sigmoid' | 'linear';
  name?: string;
}

const HEAD_LAYER_NAMES = ['transfer_pool', 'transfer_dropout', 'predictions'];
const PATCHED = Symbol('foveaInferenceWhenFrozen');

/**
 * Keras (TF2) runs a BatchNormalization layer whose `trainable` is false in inference mode, so a
 * frozen base keeps its statistics; tfjs-layers updates the moving mean/variance whenever it
 * trains. Give BN layers Keras's behaviour: while not trainable, they are called with training=false.
 */
function inferenceWhenFrozen(layer: tfl.layers.Layer): void {
  if (layer.getClassName() !== 'BatchNormalization' || (layer as unknown as Record<symbol, boolean>)[PATCHED]) return;
  const call = layer.call.bind(layer);
  layer.call = (inputs, kwargs) => call(inputs, layer.trainable ? kwargs : { ...kwargs, training: false });
  (layer as unknown as Record<symbol, boolean>)[PATCHED] = true;
}

/**
 * A new model: `base`'s input → base → pooling → dropout → Dense(classes). The base's layers are
 * shared, not copied, so freezing/unfreezing them (unfreezeTop) applies to the new model. Frozen
 * BatchNormalization layers run in inference mode, as in Keras. The result is not compiled: compile
 * it after choosing what is trainable.
 */
export function transferModel(base: tfl.LayersModel, options: TransferOptions): tfl.LayersModel {
  const { classes } = options;
  if (!Number.isInteger(classes) || classes < 1) throw new Error(`transferModel: classes must be a positive integer, got ${classes}`);
  const dropout = options.dropout ?? 0.2;
  if (!(dropout >= 0 && dropout < 1)) throw new Error(`transferModel: dropout must be in [0, 1), got ${dropout}`);
  const pooling = options.pooling ?? 'avg';
  if (pooling !== 'avg' && pooling !== 'max') throw new Error(`transferModel: pooling must be 'avg' or 'max', got '${String(pooling)}'`);
  if (base.outputs.length !== 1) throw new Error(`transferModel: the base must have one output, it has ${base.outputs.length}`);
  const clash = base.layers.find((layer) => HEAD_LAYER_NAMES.includes(layer.name));
  if (clash) {
    throw new Error(`transferModel: the base already has a layer named '${clash.name}': build the base with includeTop: false`);
  }
  const features = base.outputs[0]!;
  const rank = features.shape.length;
  if (rank !== 2 && rank !== 4) throw new Error(`transferModel: the base's output must be [batch, features] or [batch, h, w, c], got shape [${features.shape}]`);

  for (const layer of base.layers) inferenceWhenFrozen(layer);
  if (options.freeze ?? true) {
    for (const layer of base.layers) layer.trainable = false;
  }
  let x = features;
  if (rank === 4) {
    const pool = pooling === 'avg' ? tfl.layers.globalAveragePooling2d({ name: 'transfer_pool' }) : tfl.layers.globalMaxPooling2d({ name: 'transfer_pool' });
    x = pool.apply(x) as tfl.SymbolicTensor;
  }
  if (dropout > 0) x = tfl.layers.dropout({ rate: dropout, name: 'transfer_dropout' }).apply(x) as tfl.SymbolicTensor;
  const output = tfl.layers
    .dense({ units: classes, activation: options.classifierActivation ?? 'softmax', name: 'predictions' })
    .apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: base.inputs, outputs: output, name: options.name ?? `${base.name}_transfer` });
}

export interface UnfreezeOptions {
  /**
   * Keep BatchNormalization layers frozen (default true), as Keras's fine-tuning guide advises:
   * their statistics come from far more data than the new task has.
   */
  keepBatchNormFrozen?: boolean;
}

/**
 * Make the top `count` layers of `base` trainable (the textbook's `for layer in base.layers[-count:]`),
 * leaving the rest frozen. Returns the names of the layers made trainable. Recompile the model after.
 */
export function unfreezeTop(base: tfl.LayersModel, count: number, options: UnfreezeOptions = {}): string[] {
  if (!Number.isInteger(count) || count < 0 || count > base.layers.length) {
    throw new Error(`unfreezeTop: count must be an integer in 0..${base.layers.length} (the base's layers), got ${count}`);
  }
  const keepBatchNormFrozen = options.keepBatchNormFrozen ?? true;
  for (const layer of base.layers) inferenceWhenFrozen(layer);
  const first = base.layers.length - count;
  const unfrozen: string[] = [];
  base.layers.forEach((layer, index) => {
    const trainable = index >= first && !(keepBatchNormFrozen && layer.getClassName() === 'BatchNormalization');
    layer.trainable = trainable;
    if (trainable) unfrozen.push(layer.name);
  });
  return unfrozen;
}

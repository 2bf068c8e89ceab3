// The YOLO-style detector: a backbone (the CSP backbone built from @foveajs/layers' blocks, or a
// zoo classifier with includeTop: false, read at strides 8/16/32 by Keras layer name), a PAN neck
// over the three scales (YOLOv8's: top-down then bottom-up, C2f after each concatenation) and one of
// two head families: anchor-free decoupled (YOLOv8, DFL box bins + class logits) or anchor-based
// (YOLOv3/v5, one 1x1 conv per scale giving anchors × (box, objectness, classes)).
import { c2f, convBnAct, makeDivisible, sppf } from '@foveajs/layers';
import { EfficientNetB0, MobileNetV2, ResNet50 } from '@foveajs/models';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export type HeadFamily = 'anchor-free' | 'anchor-based';
/** How an anchor-based head turns t into width/height: YOLOv5's anchor·(2σ(t))² or YOLOv3's anchor·exp(t). */
export type AnchorDecode = 'yolov5' | 'yolov3';
export type BackboneName = 'csp' | 'MobileNetV2' | 'EfficientNetB0' | 'ResNet50';
export type DetectorActivation = 'swish' | 'relu' | 'relu6' | 'elu';

/** The strides of the three output scales. */
export const DETECTOR_STRIDES = [8, 16, 32] as const;

/** The zoo backbones' stride-8/16/32 feature maps, by Keras layer name. */
export const BACKBONE_FEATURE_LAYERS: Readonly<Record<Exclude<BackboneName, 'csp'>, readonly [string, string, string]>> = {
  MobileNetV2: ['block_6_expand_relu', 'block_13_expand_relu', 'out_relu'],
  EfficientNetB0: ['block3b_add', 'block5c_add', 'top_activation'],
  ResNet50: ['conv3_block4_out', 'conv4_block6_out', 'conv5_block3_out'],
};

/** YOLOv5's anchors for 640-pixel images, [w, h] pairs per scale (P3, P4, P5), in pixels. */
export const YOLOV5_ANCHORS: readonly (readonly number[])[] = [
  [10, 13, 16, 30, 33, 23],
  [30, 61, 62, 45, 59, 119],
  [116, 90, 156, 198, 373, 326],
];

export interface DetectorOptions {
  /** [height, width, 3]; null height/width (default) takes any multiple of 32. */
  inputShape?: [number | null, number | null, number];
  /** Number of object classes. Default 80. */
  classes?: number;
  /** Class names, `classes` of them; default '0', '1', …. */
  names?: string[];
  /** The COCO category id of each class (what toCOCO writes); default 1, 2, …. */
  categoryIds?: number[];
  /** 'csp' (default): the C2f backbone; or a zoo classifier read at strides 8/16/32. */
  backbone?: BackboneName;
  /** Default 'anchor-free'. */
  head?: HeadFamily;
  /** Channel multiplier of backbone (csp), neck and head, as YOLOv8's width_multiple. Default 0.25 (YOLOv8n). */
  widthMultiple?: number;
  /** C2f repeats multiplier, as YOLOv8's depth_multiple. Default 0.33 (YOLOv8n). */
  depthMultiple?: number;
  /** Upper bound on any layer's channels before the width multiplier, as YOLOv8's max_channels. Default 1024. */
  maxChannels?: number;
  /** Box bins per side of the anchor-free head (DFL). Default 16. */
  regMax?: number;
  /** Anchor-based: [w, h] pairs in pixels per scale; default YOLOv5's scaled by `imgsz` / 640. */
  anchors?: number[][];
  /** Anchor-based width/height decoding. Default 'yolov5'. */
  anchorDecode?: AnchorDecode;
  /** Image size the detector is trained at; sets bias priors and default anchors. Default 320. */
  imgsz?: number;
  /** Activation of every conv block. Default 'swish' (SiLU). */
  activation?: DetectorActivation;
  /** BatchNormalization momentum of the backbone (csp), neck and head blocks. Default 0.97 (Ultralytics'). */
  bnMomentum?: number;
  /** MobileNetV2 width multiplier when `backbone` is 'MobileNetV2'. Default 1. */
  alpha?: number;
  name?: string;
}

/** What decoding, training and saving need to know besides the layers (JSON, stored in model.json). */
export interface DetectorConfig {
  head: HeadFamily;
  classes: number;
  names: string[];
  /** COCO category id per class, for results in COCO format. */
  categoryIds?: number[];
  strides: number[];
  regMax: number;
  /** Anchor-based: [w, h] pairs in pixels per scale. Empty for anchor-free. */
  anchors: number[][];
  anchorDecode: AnchorDecode;
  imgsz: number;
  backbone: BackboneName;
  /** How the model's input is scaled: pixels 0..255 in, the backbone's preprocessing inside. */
  inputRange: '0-255';
  /** The model's outputs in order: per scale box + class maps (anchor-free) or one map (anchor-based). */
  outputs: string[];
}

export interface DetectorModel {
  model: tfl.LayersModel;
  config: DetectorConfig;
}

export class DetectorArgumentError extends Error {
  constructor(owner: string, argument: string, value: unknown, expected: string) {
    let shown: string;
    try {
      shown = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
    } catch {
      shown = String(value);
    }
    super(`${owner}: ${argument} must be ${expected}, got ${shown}`);
    this.name = 'DetectorArgumentError';
  }
}

function apply(layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]): tfl.SymbolicTensor {
  return layer.apply(x) as tfl.SymbolicTensor;
}

function positive(owner: string, name: string, value: unknown, integer = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new DetectorArgumentError(owner, name, value, integer ? 'a positive integer' : 'a positive number');
  }
  return value;
}

/** A frozen per-channel affine map (1x1 conv) from 0..255 RGB to what a zoo backbone expects. */
function preprocessFor(backbone: BackboneName): { kernel: number[][]; bias: number[] } | null {
  switch (backbone) {
    case 'MobileNetV2': // Keras 'tf' mode: x / 127.5 − 1
      return { kernel: [[1 / 127.5, 0, 0], [0, 1 / 127.5, 0], [0, 0, 1 / 127.5]], bias: [-1, -1, -1] };
    case 'ResNet50': // Keras 'caffe' mode: RGB → BGR, minus the ImageNet BGR mean
      return { kernel: [[0, 0, 1], [0, 1, 0], [1, 0, 0]], bias: [-103.939, -116.779, -123.68] };
    case 'EfficientNetB0': // rescales and normalizes inside the model
      return null;
    default: // csp: x / 255
      return { kernel: [[1 / 255, 0, 0], [0, 1 / 255, 0], [0, 0, 1 / 255]], bias: [0, 0, 0] };
  }
}

interface Widths {
  /** Channels of P3, P4, P5 in the neck. */
  levels: [number, number, number];
  ch: (base: number) => number;
  n: (base: number) => number;
}

function widths(widthMultiple: number, depthMultiple: number, maxChannels: number): Widths {
  const ch = (base: number) => makeDivisible(Math.min(base, maxChannels) * widthMultiple, 8);
  const n = (base: number) => Math.max(Math.round(base * depthMultiple), 1);
  return { levels: [ch(256), ch(512), ch(1024)], ch, n };
}

/** YOLOv8's backbone: conv stem, strided convs, C2f stages (shortcuts on) and SPPF. Returns P3, P4, P5. */
function cspBackbone(x: tfl.SymbolicTensor, w: Widths, act: DetectorActivation, momentum: number): tfl.SymbolicTensor[] {
  let y = convBnAct(x, { filters: w.ch(64), kernelSize: 3, strides: 2, activation: act, momentum, name: 'stem' });
  y = convBnAct(y, { filters: w.ch(128), kernelSize: 3, strides: 2, activation: act, momentum, name: 'down1' });
  y = c2f(y, { filters: w.ch(128), blocks: w.n(3), activation: act, momentum, name: 'stage1' });
  y = convBnAct(y, { filters: w.ch(256), kernelSize: 3, strides: 2, activation: act, momentum, name: 'down2' });
  const p3 = c2f(y, { filters: w.ch(256), blocks: w.n(6), activation: act, momentum, name: 'stage2' });
  y = convBnAct(p3, { filters: w.ch(512), kernelSize: 3, strides: 2, activation: act, momentum, name: 'down3' });
  const p4 = c2f(y, { filters: w.ch(512), blocks: w.n(6), activation: act, momentum, name: 'stage3' });
  y = convBnAct(p4, { filters: w.ch(1024), kernelSize: 3, strides: 2, activation: act, momentum, name: 'down4' });
  y = c2f(y, { filters: w.ch(1024), blocks: w.n(3), activation: act, momentum, name: 'stage4' });
  return [p3, p4, sppf(y, { filters: w.ch(1024), activation: act, momentum, name: 'sppf' })];
}

function zooBackbone(image: tfl.SymbolicTensor, backbone: Exclude<BackboneName, 'csp'>, alpha: number): tfl.SymbolicTensor[] {
  let model: tfl.LayersModel;
  if (backbone === 'MobileNetV2') model = MobileNetV2({ includeTop: false, inputTensor: image, alpha });
  else if (backbone === 'EfficientNetB0') model = EfficientNetB0({ includeTop: false, inputTensor: image });
  else model = ResNet50({ includeTop: false, inputTensor: image });
  return BACKBONE_FEATURE_LAYERS[backbone].map((name) => model.getLayer(name).output as tfl.SymbolicTensor);
}

/** YOLOv8's PAN: top-down (upsample, concat, C2f) to P3, then bottom-up (strided conv, concat, C2f). */
function panNeck(features: tfl.SymbolicTensor[], w: Widths, act: DetectorActivation, momentum: number, lateral: boolean): tfl.SymbolicTensor[] {
  const [c3, c4, c5] = w.levels;
  let [p3, p4, p5] = features as [tfl.SymbolicTensor, tfl.SymbolicTensor, tfl.SymbolicTensor];
  if (lateral) {
    // A zoo backbone's maps are wide (up to 2048 channels): 1x1 convs bring them to the neck's widths.
    p3 = convBnAct(p3, { filters: c3, activation: act, momentum, name: 'lateral_p3' });
    p4 = convBnAct(p4, { filters: c4, activation: act, momentum, name: 'lateral_p4' });
    p5 = sppf(p5, { filters: c5, activation: act, momentum, name: 'sppf' });
  }
  const blocks = w.n(3);
  const up = (t: tfl.SymbolicTensor, name: string) => apply(tfl.layers.upSampling2d({ size: [2, 2], name }), t);
  const cat = (a: tfl.SymbolicTensor, b: tfl.SymbolicTensor, name: string) => apply(tfl.layers.concatenate({ axis: 3, name }), [a, b]);
  const n4 = c2f(cat(up(p5, 'neck_up5'), p4, 'neck_cat4'), { filters: c4, blocks, shortcut: false, activation: act, momentum, name: 'neck_td4' });
  const o3 = c2f(cat(up(n4, 'neck_up4'), p3, 'neck_cat3'), { filters: c3, blocks, shortcut: false, activation: act, momentum, name: 'neck_out3' });
  const d3 = convBnAct(o3, { filters: c3, kernelSize: 3, strides: 2, activation: act, momentum, name: 'neck_down3' });
  const o4 = c2f(cat(d3, n4, 'neck_cat_bu4'), { filters: c4, blocks, shortcut: false, activation: act, momentum, name: 'neck_out4' });
  const d4 = convBnAct(o4, { filters: c4, kernelSize: 3, strides: 2, activation: act, momentum, name: 'neck_down4' });
  const o5 = c2f(cat(d4, p5, 'neck_cat_bu5'), { filters: c5, blocks, shortcut: false, activation: act, momentum, name: 'neck_out5' });
  return [o3, o4, o5];
}

/** The anchors scaled for `imgsz`, or the caller's, checked: three scales of [w, h] pairs. */
function resolveAnchors(owner: string, anchors: number[][] | undefined, imgsz: number): number[][] {
  if (anchors === undefined) return YOLOV5_ANCHORS.map((level) => level.map((v) => (v * imgsz) / 640));
  const ok =
    Array.isArray(anchors) &&
    anchors.length === 3 &&
    anchors.every((level) => Array.isArray(level) && level.length >= 2 && level.length % 2 === 0 && level.length === anchors[0]!.length && level.every((v) => typeof v === 'number' && v > 0));
  if (!ok) throw new DetectorArgumentError(owner, 'anchors', anchors, 'three lists (P3, P4, P5) of the same number of positive [w, h] pairs, flattened');
  return anchors.map((level) => [...level]);
}

/**
 * A YOLO-style detector (see the file comment). The model takes RGB images with pixel values 0..255
 * ([batch, height, width, 3], height and width multiples of 32) and returns raw maps, decoded by
 * `decodePredictions`. Layer names: 'stem', 'stage1'…'stage4', 'sppf' (CSP backbone) or the zoo
 * model's Keras names; 'neck_*'; head 'head_p3_box_*', 'head_p3_cls_*', outputs 'box_p3', 'cls_p3', …
 * (anchor-free) or 'pred_p3', … (anchor-based).
 */
export function buildDetector(options: DetectorOptions = {}): DetectorModel {
  const owner = 'buildDetector';
  const classes = positive(owner, 'classes', options.classes ?? 80, true);
  const names = options.names ?? Array.from({ length: classes }, (_, i) => String(i));
  if (!Array.isArray(names) || names.length !== classes || !names.every((n) => typeof n === 'string')) {
    throw new DetectorArgumentError(owner, 'names', names, `${classes} strings (one per class)`);
  }
  const categoryIds = options.categoryIds ?? names.map((_, i) => i + 1);
  if (!Array.isArray(categoryIds) || categoryIds.length !== classes || !categoryIds.every((id) => Number.isInteger(id))) {
    throw new DetectorArgumentError(owner, 'categoryIds', categoryIds, `${classes} integers (one COCO category id per class)`);
  }
  const backbone = options.backbone ?? 'csp';
  if (backbone !== 'csp' && !(backbone in BACKBONE_FEATURE_LAYERS)) {
    throw new DetectorArgumentError(owner, 'backbone', backbone, `one of 'csp', ${Object.keys(BACKBONE_FEATURE_LAYERS).map((b) => `'${b}'`).join(', ')}`);
  }
  const head = options.head ?? 'anchor-free';
  if (head !== 'anchor-free' && head !== 'anchor-based') throw new DetectorArgumentError(owner, 'head', head, "'anchor-free' or 'anchor-based'");
  const anchorDecode = options.anchorDecode ?? 'yolov5';
  if (anchorDecode !== 'yolov5' && anchorDecode !== 'yolov3') throw new DetectorArgumentError(owner, 'anchorDecode', anchorDecode, "'yolov5' or 'yolov3'");
  const activation = options.activation ?? 'swish';
  if (!['swish', 'relu', 'relu6', 'elu'].includes(activation)) throw new DetectorArgumentError(owner, 'activation', activation, "'swish', 'relu', 'relu6' or 'elu'");
  const imgsz = positive(owner, 'imgsz', options.imgsz ?? 320, true);
  if (imgsz % 32 !== 0) throw new DetectorArgumentError(owner, 'imgsz', imgsz, 'a multiple of 32 (the coarsest stride)');
  const regMax = positive(owner, 'regMax', options.regMax ?? 16, true);
  if (regMax < 2) throw new DetectorArgumentError(owner, 'regMax', regMax, 'at least 2');
  const w = widths(
    positive(owner, 'widthMultiple', options.widthMultiple ?? 0.25),
    positive(owner, 'depthMultiple', options.depthMultiple ?? 0.33),
    positive(owner, 'maxChannels', options.maxChannels ?? 1024, true),
  );
  const inputShape = options.inputShape ?? [null, null, 3];
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || inputShape[2] !== 3 || inputShape.slice(0, 2).some((d) => d !== null && (!Number.isInteger(d) || d % 32 !== 0 || d < 32))) {
    throw new DetectorArgumentError(owner, 'inputShape', inputShape, '[height, width, 3] with height and width null or positive multiples of 32');
  }
  const anchors = head === 'anchor-based' ? resolveAnchors(owner, options.anchors, imgsz) : [];
  const momentum = options.bnMomentum ?? 0.97;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum < 1)) throw new DetectorArgumentError(owner, 'bnMomentum', momentum, 'a number in [0, 1)');

  const input = tfl.input({ shape: inputShape, name: 'images' });
  let image = input;
  const pre = preprocessFor(backbone);
  if (pre !== null) {
    const layer = tfl.layers.conv2d({ filters: 3, kernelSize: 1, trainable: false, name: 'preprocess' });
    image = apply(layer, input);
    layer.setWeights([tf.tensor4d(pre.kernel.flat(), [1, 1, 3, 3]), tf.tensor1d(pre.bias)]);
  }
  const features = backbone === 'csp' ? cspBackbone(image, w, activation, momentum) : zooBackbone(image, backbone, options.alpha ?? 1);
  const levels = panNeck(features, w, activation, momentum, backbone !== 'csp');

  const outputs: tfl.SymbolicTensor[] = [];
  const outputNames: string[] = [];
  const biasFixes: { layer: string; bias: Float32Array }[] = [];
  if (head === 'anchor-free') {
    // YOLOv8's Detect: c2 = max(16, ch0 / 4, 4·regMax), c3 = max(ch0, min(classes, 100)).
    const c2 = Math.max(16, Math.floor(w.levels[0] / 4), 4 * regMax);
    const c3 = Math.max(w.levels[0], Math.min(classes, 100));
    levels.forEach((x, i) => {
      const level = `p${i + 3}`;
      const stride = DETECTOR_STRIDES[i]!;
      let box = convBnAct(x, { filters: c2, kernelSize: 3, activation, momentum, name: `head_${level}_box_1` });
      box = convBnAct(box, { filters: c2, kernelSize: 3, activation, momentum, name: `head_${level}_box_2` });
      box = apply(tfl.layers.conv2d({ filters: 4 * regMax, kernelSize: 1, biasInitializer: tfl.initializers.constant({ value: 1 }), name: `box_${level}` }), box);
      let cls = convBnAct(x, { filters: c3, kernelSize: 3, activation, momentum, name: `head_${level}_cls_1` });
      cls = convBnAct(cls, { filters: c3, kernelSize: 3, activation, momentum, name: `head_${level}_cls_2` });
      // YOLOv8's prior: about 5 objects per image at this scale, 1/classes of them per class.
      const prior = Math.log(5 / classes / (imgsz / stride) ** 2);
      cls = apply(tfl.layers.conv2d({ filters: classes, kernelSize: 1, biasInitializer: tfl.initializers.constant({ value: prior }), name: `cls_${level}` }), cls);
      outputs.push(box, cls);
      outputNames.push(`box_${level}`, `cls_${level}`);
    });
  } else {
    const perAnchor = 5 + classes;
    levels.forEach((x, i) => {
      const level = `p${i + 3}`;
      const stride = DETECTOR_STRIDES[i]!;
      const na = anchors[i]!.length / 2;
      outputs.push(apply(tfl.layers.conv2d({ filters: na * perAnchor, kernelSize: 1, name: `pred_${level}` }), x));
      outputNames.push(`pred_${level}`);
      // YOLOv5's priors: 8 objects per 640² image for objectness, 0.6 / (classes − 0.99) per class.
      const bias = new Float32Array(na * perAnchor);
      for (let a = 0; a < na; a++) {
        bias[a * perAnchor + 4] = Math.log(8 / (640 / stride) ** 2);
        for (let c = 0; c < classes; c++) bias[a * perAnchor + 5 + c] = Math.log(0.6 / (classes - 0.99));
      }
      biasFixes.push({ layer: `pred_${level}`, bias });
    });
  }
  const model = tfl.model({ inputs: input, outputs, name: options.name ?? `yolo_${backbone.toLowerCase()}_${head === 'anchor-free' ? 'af' : 'ab'}` });
  for (const { layer, bias } of biasFixes) {
    const target = model.getLayer(layer);
    const [kernel] = target.getWeights();
    const b = tf.tensor1d(bias);
    target.setWeights([kernel!, b]);
    b.dispose();
  }
  return {
    model,
    config: {
      head,
      classes,
      names: [...names],
      categoryIds: [...categoryIds],
      strides: [...DETECTOR_STRIDES],
      regMax,
      anchors,
      anchorDecode,
      imgsz,
      backbone,
      inputRange: '0-255',
      outputs: outputNames,
    },
  };
}

/** Check a config read from a file (model.json's metadata) before it drives decoding. */
export function checkDetectorConfig(value: unknown, source: string): DetectorConfig {
  const fail = (what: string): never => {
    throw new Error(`${source}: the detector config ${what}`);
  };
  if (value === null || typeof value !== 'object') fail('is missing (expected userDefinedMetadata.detector in model.json)');
  const c = value as Partial<DetectorConfig>;
  if (c.head !== 'anchor-free' && c.head !== 'anchor-based') fail(`has head ${String(c.head)}, expected 'anchor-free' or 'anchor-based'`);
  if (!Number.isInteger(c.classes) || c.classes! < 1 || c.classes! > 10_000) fail(`has classes ${String(c.classes)}, expected an integer in 1..10000`);
  if (!Array.isArray(c.names) || c.names.length !== c.classes || !c.names.every((n) => typeof n === 'string')) fail('names must list one string per class');
  if (c.categoryIds !== undefined && (!Array.isArray(c.categoryIds) || c.categoryIds.length !== c.classes || !c.categoryIds.every((id) => Number.isInteger(id)))) {
    fail('categoryIds must list one integer per class');
  }
  if (!Array.isArray(c.strides) || c.strides.length !== 3 || !c.strides.every((s, i) => s === DETECTOR_STRIDES[i])) fail('strides must be [8, 16, 32]');
  if (!Number.isInteger(c.regMax) || c.regMax! < 2 || c.regMax! > 64) fail(`has regMax ${String(c.regMax)}, expected an integer in 2..64`);
  if (!Array.isArray(c.anchors)) fail('anchors must be a list');
  if (c.head === 'anchor-based') resolveAnchors(source, c.anchors, 640);
  if (c.anchorDecode !== 'yolov5' && c.anchorDecode !== 'yolov3') fail(`has anchorDecode ${String(c.anchorDecode)}`);
  if (!Number.isInteger(c.imgsz) || c.imgsz! % 32 !== 0 || c.imgsz! < 32 || c.imgsz! > 4096) fail(`has imgsz ${String(c.imgsz)}, expected a multiple of 32 in 32..4096`);
  if (!Array.isArray(c.outputs) || c.outputs.length !== (c.head === 'anchor-free' ? 6 : 3)) fail('outputs must name the model outputs');
  const backbone = c.backbone ?? 'csp';
  if (backbone !== 'csp' && !(backbone in BACKBONE_FEATURE_LAYERS)) fail(`has backbone ${String(backbone)}`);
  if ((c.inputRange ?? '0-255') !== '0-255') fail(`has inputRange ${String(c.inputRange)}, expected '0-255'`);
  return { ...(c as DetectorConfig), backbone, inputRange: '0-255' };
}

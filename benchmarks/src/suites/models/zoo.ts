// The models the suite runs, and the engines (backend + model form) it runs them on.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OrtPackage, TfjsBackend } from '../../backends.js';
import { packageRoot } from '../../paths.js';

export interface ModelSpec {
  id: string;
  name: string;
  /** NHWC input of one image (tfjs); the ONNX export takes the same in NCHW. */
  inputShape: [number, number, number];
  /** Name of the builder (imported lazily from `package`, so a cold start counts the import). */
  builder: 'LeNet5' | 'MobileNetV2' | 'EfficientNetB0' | 'ResNet50' | 'VGG16' | 'DeepLabV3' | 'LRASPP';
  /** Where the builder is: @foveajs/models (the default) or @foveajs/segment. */
  package?: '@foveajs/models' | '@foveajs/segment';
  /** Options passed to the builder besides inputShape. */
  options?: Record<string, unknown>;
  /** Why the model has no ONNX peer (the onnxruntime rows are skipped with this reason). */
  noOnnx?: string;
}

/** torchvision ships DeepLabV3 and LR-ASPP on MobileNetV3 and ResNet only, so these have no ONNX export. */
const NO_ONNX_SEGMENTATION = 'no ONNX peer: torchvision has DeepLabV3 and LR-ASPP on MobileNetV3 and ResNet, not on MobileNetV2';

/** @foveajs/segment's semantic segmentation models (21 classes, PASCAL VOC's count) at DeepLab's input sizes. */
function segmentation(id: string, name: string, builder: 'DeepLabV3' | 'LRASPP', size: number, options: Record<string, unknown>): ModelSpec {
  return { id, name, inputShape: [size, size, 3], builder, package: '@foveajs/segment', options: { classes: 21, ...options }, noOnnx: NO_ONNX_SEGMENTATION };
}

/** Smallest first: a backend that runs out of its time budget skips the largest models. */
export const MODELS: ModelSpec[] = [
  { id: 'lenet5', name: 'LeNet-5 (32×32×1)', inputShape: [32, 32, 1], builder: 'LeNet5' },
  { id: 'mobilenetv2', name: 'MobileNetV2 (alpha 1, 224×224)', inputShape: [224, 224, 3], builder: 'MobileNetV2' },
  { id: 'efficientnetb0', name: 'EfficientNetB0 (224×224)', inputShape: [224, 224, 3], builder: 'EfficientNetB0' },
  { id: 'resnet50', name: 'ResNet-50 (224×224)', inputShape: [224, 224, 3], builder: 'ResNet50' },
  { id: 'vgg16', name: 'VGG16 (224×224)', inputShape: [224, 224, 3], builder: 'VGG16' },
  segmentation('lraspp-mobilenetv2-257', 'LR-ASPP MobileNetV2 (OS 16, 257×257)', 'LRASPP', 257, { outputStride: 16 }),
  segmentation('deeplabv3-mobilenetv2-257', 'DeepLabV3 MobileNetV2 (OS 16, 257×257)', 'DeepLabV3', 257, { backbone: 'mobilenetv2', outputStride: 16 }),
  segmentation('lraspp-mobilenetv2-513', 'LR-ASPP MobileNetV2 (OS 16, 513×513)', 'LRASPP', 513, { outputStride: 16 }),
  segmentation('deeplabv3-mobilenetv2-513', 'DeepLabV3 MobileNetV2 (OS 16, 513×513)', 'DeepLabV3', 513, { backbone: 'mobilenetv2', outputStride: 16 }),
];

export type Engine =
  /**
   * `threads`: fovea-wasm's thread count, the calling one included (default 1). `zeroCopy: false`:
   * fovea-wasm copies every kernel's inputs in and results out (to measure what zero-copy saves).
   */
  | { kind: 'tfjs'; backend: TfjsBackend; form: 'layers' | 'optimized'; relaxed?: boolean; threads?: number; zeroCopy?: boolean }
  | { kind: 'ort'; package: OrtPackage; threads: number };

export interface Variant {
  id: string;
  label: string;
  /** The --backend name that selects it. */
  backend: TfjsBackend | OrtPackage;
  engine: Engine;
  /**
   * 'main': measured in the runner's process, beside the other tfjs backends. 'child': in its own
   * process (onnxruntime: its thread pool and wasm module are per process; relaxed SIMD: an
   * engine flag on Node 20).
   */
  where: 'main' | 'child';
}

export function variants(cores: number): Variant[] {
  return [
    { id: 'fovea-opt', label: 'fovea-wasm, optimized', backend: 'fovea-wasm', engine: { kind: 'tfjs', backend: 'fovea-wasm', form: 'optimized' }, where: 'main' },
    { id: 'fovea-relaxed-opt', label: 'fovea-wasm relaxed SIMD, optimized', backend: 'fovea-wasm', engine: { kind: 'tfjs', backend: 'fovea-wasm', form: 'optimized', relaxed: true }, where: 'child' },
    {
      id: 'fovea-opt-threads',
      label: `fovea-wasm, optimized, ${cores} threads`,
      backend: 'fovea-wasm',
      engine: { kind: 'tfjs', backend: 'fovea-wasm', form: 'optimized', threads: cores },
      where: 'main',
    },
    {
      id: 'fovea-relaxed-opt-threads',
      label: `fovea-wasm relaxed SIMD, optimized, ${cores} threads`,
      backend: 'fovea-wasm',
      engine: { kind: 'tfjs', backend: 'fovea-wasm', form: 'optimized', relaxed: true, threads: cores },
      where: 'child',
    },
    {
      id: 'fovea-opt-copy',
      label: 'fovea-wasm, optimized, copying (no zero-copy)',
      backend: 'fovea-wasm',
      engine: { kind: 'tfjs', backend: 'fovea-wasm', form: 'optimized', zeroCopy: false },
      where: 'main',
    },
    { id: 'fovea-layers', label: 'fovea-wasm, layers', backend: 'fovea-wasm', engine: { kind: 'tfjs', backend: 'fovea-wasm', form: 'layers' }, where: 'main' },
    { id: 'tfjs-wasm-fused', label: 'tfjs-wasm, fused', backend: 'tfjs-wasm', engine: { kind: 'tfjs', backend: 'tfjs-wasm', form: 'optimized' }, where: 'main' },
    { id: 'tfjs-wasm-layers', label: 'tfjs-wasm, layers', backend: 'tfjs-wasm', engine: { kind: 'tfjs', backend: 'tfjs-wasm', form: 'layers' }, where: 'main' },
    { id: 'cpu-layers', label: 'tfjs cpu, layers', backend: 'cpu', engine: { kind: 'tfjs', backend: 'cpu', form: 'layers' }, where: 'main' },
    { id: 'ort-web-1', label: 'onnxruntime-web, 1 thread', backend: 'onnxruntime-web', engine: { kind: 'ort', package: 'onnxruntime-web', threads: 1 }, where: 'child' },
    { id: 'ort-web-n', label: `onnxruntime-web, ${cores} threads`, backend: 'onnxruntime-web', engine: { kind: 'ort', package: 'onnxruntime-web', threads: cores }, where: 'child' },
    { id: 'ort-node-1', label: 'onnxruntime-node, 1 thread', backend: 'onnxruntime-node', engine: { kind: 'ort', package: 'onnxruntime-node', threads: 1 }, where: 'child' },
    { id: 'ort-node-n', label: `onnxruntime-node, ${cores} threads`, backend: 'onnxruntime-node', engine: { kind: 'ort', package: 'onnxruntime-node', threads: cores }, where: 'child' },
  ];
}

export const onnxDir = join(packageRoot, 'onnx');
export const onnxPath = (model: ModelSpec) => join(onnxDir, `${model.id}.onnx`);
export const hasOnnx = (model: ModelSpec) => model.noOnnx === undefined && existsSync(onnxPath(model));

// Saving and loading a detector: tfjs's layers-model format (model.json with the topology and the
// weights manifest, one weights.bin), with the DetectorConfig in model.json's userDefinedMetadata
// under 'detector', so one file says both what the layers are and how to decode their outputs.
import { fileHandler } from '@foveajs/models';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { checkDetectorConfig, type DetectorConfig, type DetectorModel } from './model.js';

export interface SaveDetectorOptions {
  /** Store the weights as float16 (half the file; tfjs dequantizes on load). Default false. */
  float16?: boolean;
}

/** model.json + weights.bin for `detector` at `modelJsonPath` (Node; the folder is created). */
export async function saveDetector(detector: DetectorModel, modelJsonPath: string, options: SaveDetectorOptions = {}): Promise<void> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { dirname, join } = await import('node:path');
  await detector.model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      let specs = artifacts.weightSpecs ?? [];
      let data: Uint8Array = new Uint8Array(tf.io.concatenateArrayBuffers(artifacts.weightData as ArrayBuffer | ArrayBuffer[]));
      if (options.float16 === true) ({ specs, data } = toFloat16(specs, data));
      const dir = dirname(modelJsonPath);
      await mkdir(dir, { recursive: true });
      const json = {
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: 'Fovea',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: specs }],
        userDefinedMetadata: { detector: detector.config },
      };
      await writeFile(join(dir, 'weights.bin'), data);
      await writeFile(modelJsonPath, JSON.stringify(json));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/** Re-encode float32 weights as float16 (tfjs's 'float16' quantization: it dequantizes on load). */
function toFloat16(specs: tf.io.WeightsManifestEntry[], data: Uint8Array): { specs: tf.io.WeightsManifestEntry[]; data: Uint8Array } {
  const floats = new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  const out = new Uint16Array(floats.length);
  const view = new DataView(new ArrayBuffer(4));
  for (let i = 0; i < floats.length; i++) out[i] = halfOf(floats[i]!, view);
  const quantized = specs.map((spec) => {
    if (spec.dtype !== 'float32') throw new Error(`saveDetector: float16 needs float32 weights, '${spec.name}' is ${spec.dtype}`);
    return { ...spec, quantization: { dtype: 'float16' as const } };
  });
  return { specs: quantized, data: new Uint8Array(out.buffer) };
}

/** IEEE half precision of a float32, rounded to nearest even. */
function halfOf(value: number, view: DataView): number {
  view.setFloat32(0, value);
  const x = view.getUint32(0);
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    return sign | (half + (rest > halfway || (rest === halfway && (half & 1) === 1) ? 1 : 0));
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? 1 : 0));
}

async function artifactsFrom(source: string | URL): Promise<tf.io.ModelArtifacts> {
  const href = source instanceof URL ? source.href : source;
  if (/^https?:\/\//i.test(href)) return tf.io.http(href).load!();
  if (/^file:\/\//i.test(href)) {
    const { fileURLToPath } = await import('node:url');
    return fileHandler(fileURLToPath(href)).load();
  }
  if (typeof process === 'undefined' || process.versions?.node === undefined) {
    // A relative URL in a browser.
    return tf.io.http(href).load!();
  }
  return fileHandler(href).load();
}

/** Load a detector saved by saveDetector: a model.json path, or a file:/http(s): URL. */
export async function loadDetectorModel(source: string | URL): Promise<DetectorModel> {
  const description = source instanceof URL ? source.href : source;
  const artifacts = await artifactsFrom(source);
  const metadata = artifacts.userDefinedMetadata as { detector?: unknown } | undefined;
  const config: DetectorConfig = checkDetectorConfig(metadata?.detector, description);
  const model = await tfl.loadLayersModel({ load: async () => artifacts });
  const names = model.outputNames;
  if (names.length !== config.outputs.length || names.some((n, i) => n !== config.outputs[i])) {
    model.dispose();
    throw new Error(`${description}: the model's outputs [${names.join(', ')}] are not the config's [${config.outputs.join(', ')}]`);
  }
  return { model, config };
}

// TensorFlow graph models (tfjs-converter's output: model.json with a GraphDef topology + shards)
// from the local file system, through the same checked reader as loadModel's tfjs files.
import type { GraphModel } from '@tensorflow/tfjs-converter';
import { fileHandler } from './tfjs_format.js';

/**
 * Load a tfjs graph model (`format: 'graph-model'`, as `tensorflowjs_converter` writes it) from a
 * model.json path in Node. Its weights are created on the active backend, so set the backend first.
 * `@tensorflow/tfjs-converter` is an optional peer: installed with `@tensorflow/tfjs`, or on its own.
 */
export async function loadGraphModel(modelJsonPath: string): Promise<GraphModel> {
  if (typeof modelJsonPath !== 'string' || modelJsonPath === '') {
    throw new Error(`loadGraphModel: modelJsonPath must be the path of a model.json, got ${JSON.stringify(modelJsonPath)}`);
  }
  let converter: typeof import('@tensorflow/tfjs-converter');
  try {
    converter = await import('@tensorflow/tfjs-converter');
  } catch (error) {
    throw new Error(
      `loadGraphModel needs '@tensorflow/tfjs-converter' (npm install @tensorflow/tfjs-converter@^4.22.0): ${(error as Error).message}`,
    );
  }
  // tfjs-converter's own check names no file: say which one is not a graph model.
  const { load } = fileHandler(modelJsonPath);
  const artifacts = await load();
  if (artifacts.format !== undefined && artifacts.format !== 'graph-model') {
    throw new Error(`loadGraphModel: ${modelJsonPath} has format '${artifacts.format}', expected 'graph-model' (use loadModel for a layers model)`);
  }
  return converter.loadGraphModel({ load: async () => artifacts });
}

// `fovea convert`: a whole model from one file format to another, through loadModel / saveModel.
import { extname } from 'node:path';
import { setBackend, type tf } from '@foveajs/core';
import { loadModel, type ModelFormat, saveModel } from '@foveajs/models';

export interface ConvertOptions {
  /** The architecture JSON for a weights-only input (.h5 from save_weights, .weights.h5). */
  topology?: string;
  /** Output format; default from the output's extension. */
  format?: ModelFormat;
  /** Keep the training setup and optimizer state (loadModel's compile: true). */
  includeOptimizer?: boolean;
}

export interface ConvertResult {
  className: string;
  layers: number;
  params: number;
  format: ModelFormat;
}

/** What kind of file a path names, for the report. */
export function describeFormat(format: ModelFormat): string {
  return format === 'keras' ? 'Keras 3 .keras archive' : format === 'h5' ? 'Keras HDF5 whole-model file' : 'tfjs Layers model.json + weights.bin';
}

function formatOf(path: string, given?: ModelFormat): ModelFormat {
  if (given !== undefined) return given;
  const extension = extname(path).toLowerCase();
  if (extension === '.keras') return 'keras';
  if (extension === '.h5' || extension === '.hdf5') return 'h5';
  if (extension === '.json') return 'tfjs';
  throw new Error(`convert: cannot tell the output format of '${path}': expected a .keras, .h5 / .hdf5 or .json path, or --format keras|h5|tfjs`);
}

/** Load `input` (any format loadModel reads) and save it as `output`. Runs on tfjs's cpu backend: nothing is computed. */
export async function convertModel(input: string, output: string, options: ConvertOptions = {}): Promise<ConvertResult> {
  const format = formatOf(output, options.format);
  if (/\.weights\.h5$/i.test(output)) throw new Error(`convert: '${output}' names a weights-only file; convert writes whole models (.keras, .h5, .json)`);
  await setBackend('cpu');
  const model = await loadModel(input, { compile: options.includeOptimizer === true, ...(options.topology !== undefined ? { topology: options.topology } : {}) }).catch(
    (error: unknown) => {
      // loadModel speaks of its { topology } option; here it is --topology.
      if (error instanceof Error && /holds weights only/.test(error.message)) error.message += '; with fovea convert, pass --topology <json>';
      throw error;
    },
  );
  try {
    await saveModel(model, output, { format });
    return { className: model.getClassName() === 'Sequential' ? 'Sequential' : 'Functional', layers: model.layers.length, params: model.countParams(), format };
  } finally {
    (model as unknown as { optimizer?: tf.Optimizer }).optimizer?.dispose();
    model.dispose();
  }
}

// The detector `fovea detect` and `fovea track` run: its options (shared by both commands), loading
// it from --weights or the weights @foveajs/detect ships, and the predict options they resolve to.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Detector, loadDetector, type PredictOptions, SCENES_DETECTOR_WEIGHTS } from '@foveajs/detect';
import { type Command, InvalidArgumentError } from 'commander';
import { fraction, positiveInteger } from './options.js';

export interface DetectorCliOptions {
  weights?: string;
  conf: number;
  iou: number;
  imgsz?: number;
  classes?: string;
  maxDet: number;
}

/** The detector's input size: a whole multiple of its coarsest stride, 32. */
export function multipleOf32(value: string): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 32 || n % 32 !== 0) throw new InvalidArgumentError('expected a multiple of 32 (32, 64, …, 320, …)');
  return n;
}

/** --weights, --conf, --iou, --imgsz, --classes, --max-det; `conf` is the command's default score threshold. */
export function addDetectorOptions(command: Command, conf: number): Command {
  return command
    .option('-w, --weights <model.json>', 'a detector saved by saveDetector or trainDetector (default: the detector @foveajs/detect ships)')
    .option('--conf <x>', 'smallest score a detection keeps, 0..1', fraction, conf)
    .option('--iou <x>', 'IoU above which NMS drops the lower-scored of two boxes of a class, 0..1', fraction, 0.45)
    .option('--imgsz <n>', "the letterbox size the images are resized to (default: the detector's training size)", multipleOf32)
    .option('--classes <list>', 'keep only these classes: indices or names, comma-separated (e.g. 0,7 or Sandal,Bag)')
    .option('--max-det <n>', 'most detections kept per image', positiveInteger, 300);
}

/** Where the shipped detector's model.json would be. */
function shippedWeightsPath(): string {
  return fileURLToPath(SCENES_DETECTOR_WEIGHTS);
}

/**
 * The detector --weights names, or the shipped one. Errors are one line: the file and why it could
 * not be loaded, or that no trained detector ships with @foveajs/detect (yet).
 */
export async function loadCliDetector(weights: string | undefined): Promise<{ detector: Detector; weights: string }> {
  if (weights !== undefined) {
    try {
      return { detector: await loadDetector(weights), weights };
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(message.includes(weights) ? message : `--weights ${weights}: ${message}`);
    }
  }
  const shipped = shippedWeightsPath();
  if (!existsSync(shipped)) {
    throw new Error(`no --weights given and @foveajs/detect ships no trained detector (${shipped} is missing); pass --weights <model.json> of a detector saved by saveDetector or trainDetector`);
  }
  try {
    return { detector: await loadDetector(), weights: 'the shipped scenes detector' };
  } catch (error) {
    throw new Error(`the shipped detector (${shipped}) could not be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** --classes as class indices: numbers are indices, anything else a class name (any case). */
export function parseClasses(list: string, names: readonly string[]): number[] {
  const tokens = list.split(',').map((token) => token.trim());
  if (tokens.some((token) => token === '')) throw new Error(`--classes: expected class indices or names separated by commas, got '${list}'`);
  return tokens.map((token) => {
    if (/^\d+$/.test(token)) {
      const index = Number(token);
      if (index < names.length) return index;
      throw new Error(`--classes: class index ${index} is out of range; this detector has classes 0..${names.length - 1}`);
    }
    const index = names.findIndex((name) => name.toLowerCase() === token.toLowerCase());
    if (index >= 0) return index;
    throw new Error(`--classes: '${token}' is not a class of this detector (${names.join(', ')})`);
  });
}

/** The options `detector.predict` takes from the command line. */
export function predictOptionsFrom(detector: Detector, options: DetectorCliOptions): PredictOptions {
  return {
    conf: options.conf,
    iou: options.iou,
    maxDet: options.maxDet,
    imgsz: options.imgsz ?? detector.config.imgsz,
    ...(options.classes !== undefined ? { classes: parseClasses(options.classes, detector.names) } : {}),
  };
}

// `fovea detect`: objects in images with the shipped detector or the user's, as annotated PNGs and
// COCO results; with --eval, the COCO stats and VOC mAP against the user's ground truth.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SAMPLE_SCENE } from '@foveajs/detect';
import type { Command } from 'commander';
import { assignImageIds, detectFiles, evaluateResults, formatCocoStats, type GroundTruth, readGroundTruth } from '../detect.js';
import { addDetectorOptions, type DetectorCliOptions, loadCliDetector, predictOptionsFrom } from '../detector.js';
import { expandImageArguments } from '../images.js';
import { addBackendOptions, addJsonOption, type BackendOptions, count, type JsonOption, printJson, reporter, useBackend } from '../options.js';
import { progressBar } from '../progress.js';

interface DetectOptions extends BackendOptions, JsonOption, DetectorCliOptions {
  out: string;
  eval?: string;
}

/** The COCO results file `fovea detect` writes into --out. */
export const DETECTIONS_FILE = 'detections.json';

export function registerDetect(program: Command): void {
  const command = program
    .command('detect')
    .description('detect objects in images: annotated PNGs and COCO-format results; with --eval, the COCO stats and VOC mAP')
    .argument('[images...]', 'PNG or JPEG files, folders (their images, in name order) or quoted globs (default: the sample scene @foveajs/detect ships)')
    .requiredOption('-o, --out <dir>', `where the annotated PNGs and ${DETECTIONS_FILE} (COCO results; image_id 1, 2, … in the order of the images, or the ids of --eval's images) go`)
    .option('--eval <coco-gt.json>', "COCO ground truth to score against; each image is matched to the ground truth's image of the same file name");
  addJsonOption(addBackendOptions(addDetectorOptions(command, 0.25)), 'the images, the outputs and the scores').action(async (args: string[], options: DetectOptions) => {
    const say = reporter(options);
    // Inputs first: a wrong path fails before the model loads.
    const files = args.length > 0 ? await expandImageArguments(args) : [fileURLToPath(SAMPLE_SCENE)];
    const groundTruth: GroundTruth | undefined = options.eval === undefined ? undefined : await readGroundTruth(options.eval);
    const ids = assignImageIds(files, groundTruth);
    const backend = await useBackend(options);
    const { detector, weights } = await loadCliDetector(options.weights);
    const bar = progressBar(files.length, 'detecting [{bar}] {value}/{total} images | {eta_formatted} left');
    const started = performance.now();
    let detected: Awaited<ReturnType<typeof detectFiles>>;
    try {
      detected = await detectFiles(detector, files, ids, predictOptionsFrom(detector, options), options.out, (done) => bar.update(done));
    } finally {
      bar.stop();
      detector.dispose();
    }
    const seconds = (performance.now() - started) / 1000;
    const resultsFile = join(options.out, DETECTIONS_FILE);
    await writeFile(resultsFile, `${JSON.stringify(detected.results)}\n`);
    const evaluation = groundTruth === undefined ? undefined : evaluateResults(groundTruth, detector, detected.images, detected.results);
    if (options.json) {
      printJson({
        weights,
        backend: backend.backend,
        ...(backend.threads !== undefined ? { threads: backend.threads } : {}),
        seconds,
        images: detected.images,
        detections: detected.results.length,
        results: resultsFile,
        ...(evaluation !== undefined ? { evaluation } : {}),
      });
      return;
    }
    for (const image of detected.images) say(`${image.file}: ${count(image.detections, 'object')} → ${image.annotated}`);
    say(`\n${count(detected.images.length, 'image')} on ${backend.label} in ${seconds.toFixed(2)} s; ${count(detected.results.length, 'detection')} in ${resultsFile}`);
    if (evaluation !== undefined) {
      say(`\nAgainst ${options.eval} (${evaluation.images} of its ${count(evaluation.groundTruthImages, 'image')}):`);
      for (const line of formatCocoStats(evaluation.coco.stats)) say(line);
      say(`VOC mAP@0.5: ${evaluation.vocMap.toFixed(3)} (all-point, VOC2010+), ${evaluation.voc2007Map.toFixed(3)} (11-point, VOC2007)`);
    }
  });
}

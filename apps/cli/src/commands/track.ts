// `fovea track`: a folder of frames or a generated clip through the detector and a tracker: frames
// with boxes, ids and trails, an animated preview, MOTChallenge results, and the MOT metrics where
// there is ground truth.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tf } from '@foveajs/core';
import { loadModel } from '@foveajs/models';
import { evaluateTracking, formatMotChallenge, formatSeqinfo, type MotRowInput, type TrackingRow } from '@foveajs/track';
import { CnnEmbedder } from '@foveajs/track/embedder';
import type * as tfl from '@tensorflow/tfjs-layers';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { addDetectorOptions, type DetectorCliOptions, loadCliDetector, predictOptionsFrom } from '../detector.js';
import { addBackendOptions, addJsonOption, type BackendOptions, count, integerAtLeast, type JsonOption, positiveInteger, positiveNumber, printJson, reporter, useBackend } from '../options.js';
import { progressBar } from '../progress.js';
import {
  createTracker,
  drawTracks,
  type FrameSource,
  folderFrames,
  framePng,
  GifPreview,
  MAX_SYNTHETIC_FRAMES,
  syntheticFrames,
  TRACKER_NAMES,
  type TrackerName,
  Trails,
  trackerDetections,
} from '../track.js';

interface TrackOptions extends BackendOptions, JsonOption, DetectorCliOptions {
  out: string;
  synthetic?: number;
  seed: number;
  tracker: TrackerName;
  reid?: string;
  maxAge?: number;
  fps: number;
}

/** The metrics `fovea track` reports, from evaluateTracking. */
const REPORTED_METRICS = ['mota', 'motp', 'idf1', 'idp', 'idr', 'hota', 'deta', 'assa', 'loca', 'idSwitches', 'fragmentations', 'fp', 'fn', 'mostlyTracked', 'partiallyTracked', 'mostlyLost'] as const;

/** Box coordinates as MOTChallenge files usually hold them: to the hundredth of a pixel. */
function hundredths(value: number): number {
  return Math.round(value * 100) / 100;
}

function frameSource(dir: string | undefined, options: TrackOptions): Promise<FrameSource> {
  if (dir !== undefined && options.synthetic !== undefined) throw new Error('give a folder of frames or --synthetic <n>, not both');
  if (dir !== undefined) return folderFrames(dir);
  if (options.synthetic !== undefined) return syntheticFrames(options.synthetic, options.seed);
  throw new Error('expected a folder of frames, or --synthetic <n> for a generated clip with ground truth');
}

/** The --reid model as DeepSort's embedder; the caller disposes `model`. */
async function loadEmbedder(path: string): Promise<{ embedder: CnnEmbedder; model: tfl.LayersModel }> {
  const model = await loadModel(path).catch((error: Error) => {
    throw new Error(error.message.includes(path) ? error.message : `--reid ${path}: ${error.message}`);
  });
  try {
    return { embedder: new CnnEmbedder(model), model };
  } catch (error) {
    model.dispose();
    throw new Error(`--reid ${path}: ${(error as Error).message}`);
  }
}

export function registerTrack(program: Command): void {
  const command = program
    .command('track')
    .description('track objects through a video: frames with ids and trails, an animated GIF, MOTChallenge results; with ground truth, MOTA, IDF1 and HOTA')
    .argument('[frames-dir]', 'a folder of PNG or JPEG frames, in name order (frame2 before frame10)')
    .option('--synthetic <n>', `track a generated clip of n frames (held-out objects, with ground truth) instead, 1..${MAX_SYNTHETIC_FRAMES}`, (value) => {
      const n = positiveInteger(value);
      if (n > MAX_SYNTHETIC_FRAMES) throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_SYNTHETIC_FRAMES}`);
      return n;
    })
    .option('--seed <n>', 'which generated clip --synthetic makes', integerAtLeast(0), 0)
    .addOption(new Option('--tracker <name>', 'the tracker').choices(TRACKER_NAMES).default('bytetrack'))
    .option('--reid <model>', 'for deepsort: the appearance model, any tfjs model.json or Keras file with one fixed-size image input (crops are fed as 0..255 RGB)')
    .option('--max-age <frames>', "frames a track survives unmatched (sort's and deepsort's maxAge, bytetrack's trackBuffer; default: the tracker's own)", positiveInteger)
    .option('--fps <n>', "the video's frame rate, for seqinfo.ini and the preview's speed", positiveNumber, 30)
    .requiredOption('-o, --out <dir>', 'where frames/, preview.gif, results.txt, seqinfo.ini (and gt/gt.txt for --synthetic) go');
  // ByteTrack's second stage matches detections down to 0.1 (its trackLowThresh), so they must be kept.
  addJsonOption(addBackendOptions(addDetectorOptions(command, 0.1)), 'the outputs and metrics').action(async (dir: string | undefined, options: TrackOptions) => {
    const say = reporter(options);
    if (options.tracker === 'deepsort' && options.reid === undefined) {
      throw new Error('--tracker deepsort needs --reid <model>: DeepSort matches by appearance, and Fovea ships no trained re-ID network');
    }
    const source = await frameSource(dir, options);
    const backend = await useBackend(options);
    const { detector, weights } = await loadCliDetector(options.weights);
    let reid: Awaited<ReturnType<typeof loadEmbedder>> | undefined;
    try {
      reid = options.reid === undefined ? undefined : await loadEmbedder(options.reid);
      const embedder = reid?.embedder;
      const tracker = createTracker({ tracker: options.tracker, ...(options.maxAge !== undefined ? { maxAge: options.maxAge } : {}), ...(embedder ? { embedder } : {}) });
      const predictOptions = predictOptionsFrom(detector, options);
      const framesDir = join(options.out, 'frames');
      await mkdir(framesDir, { recursive: true });
      const { height, width } = source;
      const preview = new GifPreview(source.length, height, width, options.fps);
      const trails = new Trails();
      const results: MotRowInput[] = [];
      const groundTruth: TrackingRow[] = [];
      const gtRows: MotRowInput[] = [];
      let detections = 0;
      const bar = progressBar(source.length, 'tracking [{bar}] {value}/{total} frames | {eta_formatted} left');
      const started = performance.now();
      try {
        for (let frame = 1; frame <= source.length; frame++) {
          const { pixels, groundTruth: frameTruth } = await source.read(frame);
          const image = tf.tensor3d(Float32Array.from(pixels), [height, width, 3]);
          let tracks: ReturnType<typeof tracker.update>;
          try {
            const [result] = await detector.predict(image, predictOptions);
            const found = trackerDetections(result!);
            detections += found.length;
            tracks = tracker.update(found, { frame, image });
          } finally {
            image.dispose();
          }
          for (const track of tracks) results.push({ frame, id: track.id, bbox: track.bbox.map(hundredths), conf: hundredths(track.score) });
          for (const { id, bbox, cls, visibility } of frameTruth ?? []) {
            groundTruth.push({ frame, id, bbox });
            // MOT17's gt.txt columns: conf is the "consider" flag, x the class, y the visibility.
            gtRows.push({ frame, id, bbox, conf: 1, x: cls, y: hundredths(visibility) });
          }
          trails.add(frame, tracks);
          const drawn = drawTracks(pixels, height, width, tracks, trails, detector.names);
          await writeFile(join(framesDir, `${String(frame).padStart(6, '0')}.png`), await framePng(drawn, height, width));
          preview.add(frame, drawn);
          bar.update(frame);
        }
      } finally {
        bar.stop();
      }
      const seconds = (performance.now() - started) / 1000;
      const outputs: Record<string, string> = {
        frames: framesDir,
        preview: join(options.out, 'preview.gif'),
        results: join(options.out, 'results.txt'),
        seqinfo: join(options.out, 'seqinfo.ini'),
      };
      await writeFile(outputs['preview']!, preview.bytes());
      await writeFile(outputs['results']!, formatMotChallenge(results));
      // imDir names the drawn frames: the only images this run keeps (TrackEval reads seqLength alone).
      await writeFile(outputs['seqinfo']!, formatSeqinfo({ name: source.name, seqLength: source.length, imWidth: width, imHeight: height, frameRate: options.fps, imDir: 'frames', imExt: '.png' }));
      if (source.hasGroundTruth) {
        outputs['groundTruth'] = join(options.out, 'gt', 'gt.txt');
        await mkdir(join(options.out, 'gt'), { recursive: true });
        await writeFile(outputs['groundTruth'], formatMotChallenge(gtRows));
      }
      const evaluation = source.hasGroundTruth ? evaluateTracking(groundTruth, results as TrackingRow[]) : undefined;
      const metrics = evaluation === undefined ? undefined : Object.fromEntries(REPORTED_METRICS.map((key) => [key, evaluation[key]]));
      const trackIds = new Set(results.map((row) => row.id)).size;
      if (options.json) {
        printJson({
          tracker: options.tracker,
          weights,
          ...(options.reid !== undefined ? { reid: options.reid } : {}),
          backend: backend.backend,
          ...(backend.threads !== undefined ? { threads: backend.threads } : {}),
          source: dir !== undefined ? { folder: dir } : { synthetic: source.length, seed: options.seed },
          frames: source.length,
          detections,
          tracks: trackIds,
          seconds,
          outputs,
          preview: { frames: preview.frames, everyNthFrame: preview.stride, width: preview.width, height: preview.height },
          ...(metrics !== undefined ? { metrics } : {}),
        });
        return;
      }
      say(`${count(source.length, 'frame')} (${width}×${height}) with ${options.tracker} on ${backend.label} in ${seconds.toFixed(2)} s: ${count(detections, 'detection')}, ${count(trackIds, 'track')}`);
      say(`frames: ${framesDir}/\npreview: ${outputs['preview']} (${count(preview.frames, 'frame')}, every ${preview.stride === 1 ? 'frame' : `${preview.stride}th frame`})`);
      say(`MOTChallenge results: ${outputs['results']}, ${outputs['seqinfo']}${outputs['groundTruth'] ? `, ground truth ${outputs['groundTruth']}` : ''}`);
      if (evaluation !== undefined) {
        const row = (label: string, ...cells: string[]) => `${label.padEnd(10)}${cells.map((cell) => cell.padStart(8)).join('')}`;
        say(`\n${row('tracker', 'MOTA', 'IDF1', 'HOTA', 'DetA', 'AssA', 'MOTP', 'ID sw.', 'FP', 'FN')}`);
        const f = (value: number) => value.toFixed(3);
        say(row(options.tracker, f(evaluation.mota), f(evaluation.idf1), f(evaluation.hota), f(evaluation.deta), f(evaluation.assa), f(evaluation.motp), String(evaluation.idSwitches), String(evaluation.fp), String(evaluation.fn)));
      }
    } finally {
      detector.dispose();
      reid?.model.dispose();
    }
  });
}

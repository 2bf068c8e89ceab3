// The track suite's report and its Markdown: the trackers' cost per frame, the assignment solver
// against munkres, the embedder per backend, and the trackers' accuracy on stand-in detections.
import type { MachineDescription } from '../../machine.js';
import { fmt, reportHeader } from '../../report.js';
import type { Measurement } from '../../runner.js';
import type { AssignmentResult, ForbiddenCheck } from './assignment.js';
import type { EMBEDDER_SETUP } from './embedder.js';
import type { PER_FRAME_SETUP, PerFrameResult } from './per_frame.js';
import type { StandInResult, StandInSetup } from './stand_in.js';

export interface TrackReport {
  suite: 'track';
  title: string;
  command: string;
  date: string;
  machine: MachineDescription;
  options: { runs: number; warmupRuns: number; warmupMs: number; wallSeconds: number };
  backends: Record<string, unknown>;
  perFrame: { setup: typeof PER_FRAME_SETUP; results: PerFrameResult[] };
  assignment: { results: AssignmentResult[]; forbidden: ForbiddenCheck };
  embedder: { setup: typeof EMBEDDER_SETUP; columns: string[]; results: Measurement[] };
  standIn: { setup: StandInSetup; results: StandInResult[] };
}

const ms = (n: number) => (n < 1 ? n.toFixed(3) : fmt(n));
const pct = (x: number) => (100 * x).toFixed(1);

function perFrameTable(report: TrackReport): string[] {
  const { setup, results } = report.perFrame;
  return [
    '### Tracker cost per frame, 100 objects (no detector, no embedder)',
    '',
    `${setup.objects} objects at constant velocity in a ${setup.frameSize} frame, each detected with ${setup.boxNoisePx} px box noise, ` +
      `${100 * setup.missRate} % missed, ${setup.falsePositivesPerFrame} false positives a frame; DeepSort gets ${setup.embeddingDimension}-D ` +
      `embeddings with the detections (galleries of up to 100 per track). Time of \`update()\` per frame over frames ${setup.measuredFrames}: ` +
      `per run the median (and mean) over those frames; the table gives the median of ${report.options.runs} runs, interleaved tracker by tracker.`,
    '',
    '| Tracker | median ms / frame | mean ms / frame | target | met | live tracks | run medians (ms) |',
    '| --- | ---: | ---: | ---: | :---: | ---: | --- |',
    ...results.map(
      (r) =>
        `| ${r.tracker} | ${ms(r.medianMs)} | ${ms(r.meanMs)} | ≤ ${r.targetMs} | ${r.medianMs <= r.targetMs ? 'yes' : 'no'} | ${r.liveTracks.toFixed(1)} | ${r.runMediansMs.map(ms).join(', ')} |`,
    ),
  ];
}

function assignmentTable(report: TrackReport): string[] {
  const { results, forbidden } = report.assignment;
  const range = (values: number[]) => `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;
  const example =
    forbidden.example === undefined
      ? ''
      : ` (e.g. ${forbidden.example.cost}: best ${forbidden.example.best.count} pairs costing ${forbidden.example.best.total}, munkres ${forbidden.example.munkres.count} costing ${forbidden.example.munkres.total})`;
  return [
    '### Exact linear assignment: `linearSumAssignment` vs npm `munkres`',
    '',
    'Dense random costs uniform in [0, 1), and 1 − IoU between 100 tracks and the same objects moved by up to 3 px in a 1920×1080 frame ' +
      `(mostly 1: no overlap); the same matrices for both solvers, a new matrix each run; median (min–max) of ${report.options.runs} runs after one warm-up. ` +
      'Both find the same optimal total on every run (the suite stops otherwise).',
    '',
    '| Matrix | linearSumAssignment (ms) | munkres (ms) | time ours / munkres |',
    '| --- | ---: | ---: | ---: |',
    ...results.map((r) => `| ${r.label} | ${ms(r.oursMs)} (${range(r.oursAllMs)}) | ${ms(r.munkresMs)} (${range(r.munkresAllMs)}) | ${(r.oursMs / r.munkresMs).toFixed(2)}× |`),
    '',
    `Forbidden entries (+Infinity): ${forbidden.matrices} random matrices up to 5×5 with integer costs 0..9 and 30 % forbidden, against brute force ` +
      `(the most allowed pairs, then the least total): linearSumAssignment wrong on ${forbidden.oursWrong}, munkres on ${forbidden.munkresWrong}${example}.`,
  ];
}

function embedderTable(report: TrackReport): string[] {
  const { setup, columns, results } = report.embedder;
  const cells = columns.map((label) => {
    const m = results.find((r) => r.backend === label);
    if (m === undefined) return '–';
    if (m.error !== undefined) return `fails: ${m.error.replace(/\|/g, '\\|')}`;
    return `${ms(m.medianMs)} (${ms(Math.min(...m.samplesMs))}–${ms(Math.max(...m.samplesMs))})`;
  });
  return [
    "### DeepSort's embedder: one frame's crops",
    '',
    `\`CnnEmbedder\` on ${setup.network} with random weights: ${setup.cropsPerFrame} boxes of a ${setup.frame[0]}×${setup.frame[1]} frame cropped and resized ` +
      `(\`cropAndResize\`) to ${setup.crop[0]}×${setup.crop[1]}, the network, global pooling, L2 normalisation and the read-back, in one batch. ` +
      `ms per frame of crops: median (min–max) of ${report.options.runs} runs per backend, interleaved, after warm-up.`,
    '',
    `| Case | ${columns.join(' | ')} |`,
    `| --- |${columns.map(() => ' ---: ').join('|')}|`,
    `| ${setup.cropsPerFrame} crops at ${setup.crop[0]}×${setup.crop[1]} | ${cells.join(' | ')} |`,
  ];
}

function standInTable(report: TrackReport): string[] {
  const { setup, results } = report.standIn;
  return [
    '### Accuracy on synthetic videos, noisy ground truth as detections (a stand-in for a detector)',
    '',
    `${setup.sequences} \`videoGenerator\` sequences (seeds ${setup.seeds}, split '${setup.split}', ${setup.frames} frames, ${setup.objects} objects, 320 × 320; ` +
      `${setup.groundTruthRows} ground-truth boxes). Detections are the ground truth, perturbed: missed with probability 0.1 + 0.4 · (1 − visibility), ` +
      'box noise 5 % of the size, score 0.3 + 0.7 · visibility ± 0.1, Poisson(0.5) false positives a frame ' +
      `(${setup.detections} detections in all); DeepSort gets a ${setup.embeddingDimension}-D stand-in embedding per detection (the object's own unit vector ` +
      'plus noise of norm 0.2 + 0.8 · (1 − visibility)). Scored together by `evaluateTracking` (py-motmetrics\' CLEAR MOT and IDF1 at IoU 0.5, ' +
      "TrackEval's HOTA). Not a detector's output.",
    '',
    '| Tracker | MOTA | IDF1 | HOTA | DetA | AssA | ID switches | Frag | FP | FN |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.tracker} | ${pct(r.mota)} | ${pct(r.idf1)} | ${pct(r.hota)} | ${pct(r.deta)} | ${pct(r.assa)} | ${r.idSwitches} | ${r.fragmentations} | ${r.fp} | ${r.fn} |`,
    ),
  ];
}

export function markdownTrack(report: TrackReport): string {
  return [
    ...reportHeader(report, report.options.wallSeconds),
    ...perFrameTable(report),
    '',
    ...assignmentTable(report),
    '',
    ...embedderTable(report),
    '',
    ...standInTable(report),
    '',
  ].join('\n');
}

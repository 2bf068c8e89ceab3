// The track suite: @foveajs/track's costs and accuracy. Not a case-based Suite: its parts are
// trackers, solvers and a stand-in accuracy table rather than kernels on backends (only the
// embedder runs on the tfjs backends, as a case of the shared runner). The CLI runs it last.
import { SingleBar } from 'cli-progress';
import type { MachineDescription } from '../../machine.js';
import { benchCommand, writeResults } from '../../report.js';
import { type BackendEntry, measureCase } from '../../runner.js';
import { checkForbiddenEntries, measureAssignment } from './assignment.js';
import { EMBEDDER_SETUP, embedderCase } from './embedder.js';
import { measurePerFrame, PER_FRAME_SETUP } from './per_frame.js';
import { runStandIn } from './stand_in.js';
import { markdownTrack, type TrackReport } from './tables.js';

export const TRACK_SUITE = 'track';

export interface TrackCliOptions {
  runs: number;
  warmup: number;
  warmupMs: number;
  slowRunMs: number;
  results: string;
  /** A filter (--case, --backend) makes the run incomplete: its files go to results/tmp/. */
  complete: boolean;
}

export async function runTrackSuite(
  cli: TrackCliOptions,
  argv: string[],
  context: { machine: MachineDescription; entries: BackendEntry[]; backends: Record<string, unknown> },
): Promise<void> {
  const started = Date.now();
  const bar = new SingleBar({ format: ' {bar} {percentage}% | track {part} | {value}/{total}', stream: process.stderr, hideCursor: true });
  const steps = cli.runs + 4 + (context.entries.length + cli.runs) + 5;
  bar.start(steps, 0, { part: 'per frame' });
  const step = () => bar.increment();
  const perFrame = measurePerFrame(cli.runs, step);
  bar.update({ part: 'assignment' });
  const assignment = measureAssignment(cli.runs, step);
  const forbidden = checkForbiddenEntries();
  bar.update({ part: 'embedder' });
  const embedder = await measureCase(embedderCase, context.entries, {
    runs: cli.runs,
    warmupRuns: cli.warmup,
    warmupMs: cli.warmupMs,
    slowRunMs: cli.slowRunMs,
    onStep: step,
  });
  bar.update({ part: 'stand-in accuracy' });
  const standIn = await runStandIn(step);
  bar.stop();
  const report: TrackReport = {
    suite: 'track',
    title: 'Tracking: tracker cost per frame, assignment, embedder, accuracy on stand-in detections',
    command: benchCommand(argv),
    date: new Date().toISOString(),
    machine: context.machine,
    options: { runs: cli.runs, warmupRuns: cli.warmup, warmupMs: cli.warmupMs, wallSeconds: Math.round((Date.now() - started) / 1000) },
    backends: context.backends,
    perFrame: { setup: PER_FRAME_SETUP, results: perFrame },
    assignment: { results: assignment, forbidden },
    embedder: { setup: EMBEDDER_SETUP, columns: context.entries.map((e) => e.label), results: embedder },
    standIn,
  };
  await writeResults(cli.results, report, markdownTrack(report), cli.complete);
}

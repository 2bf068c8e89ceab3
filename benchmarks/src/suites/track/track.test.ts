import { describe, expect, it } from 'vitest';
import { chartSpec, renderSvg } from '../../charts.js';
import type { MachineDescription } from '../../machine.js';
import { checkForbiddenEntries, measureAssignment } from './assignment.js';
import { EMBEDDER_SETUP } from './embedder.js';
import { measurePerFrame, PER_FRAME_SETUP } from './per_frame.js';
import { markdownTrack, type TrackReport } from './tables.js';

const machine: MachineDescription = {
  cpuModel: 'Test CPU',
  cores: 2,
  ghz: 2.1,
  ghzSource: '/proc/cpuinfo (nominal)',
  node: 'v20.20.2',
  v8: '11.3.244.8-node.38',
  platform: 'linux 6.0 x64',
  wasm: { simd: true, relaxedSimd: false, threads: true, relaxedSimdFlag: 'needs --experimental-wasm-relaxed-simd' },
  foveaThreads: 2,
  loadAverage: [0.5, 0.5, 0.5],
  peakGflopsPerCore: 33.6,
  peakGflopsAllCores: 67.2,
};

describe('track suite', () => {
  it('measures every tracker on the same frames; the solver matches brute force with forbidden entries', () => {
    const perFrame = measurePerFrame(1);
    expect(perFrame.map((r) => r.tracker)).toEqual(['Sort', 'ByteTrack', 'DeepSort (embeddings given)']);
    for (const r of perFrame) {
      expect(r.medianMs).toBeGreaterThan(0);
      expect(r.runMediansMs).toHaveLength(1);
      // 100 objects plus a few tentative tracks from false positives.
      expect(r.liveTracks).toBeGreaterThan(90);
      expect(r.liveTracks).toBeLessThan(130);
    }
    const forbidden = checkForbiddenEntries(300);
    expect(forbidden.oursWrong).toBe(0);
    expect(forbidden.matrices).toBe(300);
  });

  it('writes every part into one Markdown report and charts the per-frame costs', async () => {
    const report: TrackReport = {
      suite: 'track',
      title: 'Tracking',
      command: 'npm run bench -- -- --suite track',
      date: '2026-12-08T00:00:00.000Z',
      machine,
      options: { runs: 1, warmupRuns: 1, warmupMs: 1, wallSeconds: 3 },
      backends: {},
      perFrame: { setup: PER_FRAME_SETUP, results: measurePerFrame(1) },
      assignment: { results: measureAssignment(1), forbidden: checkForbiddenEntries(50) },
      embedder: {
        setup: EMBEDDER_SETUP,
        columns: ['fovea-wasm SIMD128', 'tfjs cpu'],
        results: [
          { case: 'embedder', backend: 'fovea-wasm SIMD128', samplesMs: [10, 12, 11], medianMs: 11, gflops: { median: 0, min: 0, max: 0 } },
          { case: 'embedder', backend: 'tfjs cpu', samplesMs: [], medianMs: Number.NaN, gflops: { median: 0, min: 0, max: 0 }, error: 'no kernel | here' },
        ],
      },
      standIn: {
        setup: { sequences: 1, frames: 2, objects: 1, split: 'test', seeds: '1..1', groundTruthRows: 2, detections: 2, embeddingDimension: 128 },
        results: [{ tracker: 'Sort', mota: 0.5, idf1: 0.25, hota: 0.125, deta: 0.5, assa: 0.25, motp: 0.1, idSwitches: 1, fragmentations: 2, fp: 3, fn: 4, mostlyTracked: 0, mostlyLost: 1 }],
      },
    };
    const markdown = markdownTrack(report);
    for (const heading of ['Tracker cost per frame', 'Exact linear assignment', "DeepSort's embedder", 'Accuracy on synthetic videos']) {
      expect(markdown).toContain(heading);
    }
    expect(markdown).toContain('| random 300×300 |');
    // A failed backend's cell keeps the table's columns: its pipe is escaped.
    expect(markdown).toContain('fails: no kernel \\| here');
    expect(markdown).toContain('| Sort | 50.0 | 25.0 | 12.5 | 50.0 | 25.0 | 1 | 2 | 3 | 4 |');
    const svg = await renderSvg(chartSpec(report));
    expect(svg).toContain('ByteTrack');
    expect(svg).toContain('target ≤ 0.5 ms');
  });
});

// measureInterleaved: sessions take turns run by run, each stops by its own budget and run limits,
// a batch whose one run would exceed the budget is skipped, each run activates its session, and a
// short run follows an untimed one after a switch.
import { describe, expect, it } from 'vitest';
import { type Contender, measureInterleaved, type Session } from './session.js';

/** A session whose runs take `ms` (of a fake clock) per image; it logs activations and runs. */
function fakeSession(name: string, msPerImage: number, log: string[], clock: { now: number }): Session {
  return {
    async activate(threads) {
      log.push(`activate ${name}${threads === undefined ? '' : ` ${threads}`}`);
    },
    async infer(batch) {
      log.push(`run ${name} ${batch}`);
      clock.now += msPerImage * batch;
    },
    wasmHeapBytes: () => undefined,
    async dispose() {},
  };
}

/** Runs `body` with performance.now reading a fake clock that only the fake sessions advance. */
async function withFakeClock(body: (clock: { now: number }) => Promise<void>): Promise<void> {
  const clock = { now: 0 };
  const realNow = performance.now.bind(performance);
  performance.now = () => clock.now;
  try {
    await body(clock);
  } finally {
    performance.now = realNow;
  }
}

describe('measureInterleaved', () => {
  it('alternates the sessions run by run and stops each by its own budget', async () => {
    await withFakeClock(async (clock) => {
      const log: string[] = [];
      const contenders: Contender[] = [
        { session: fakeSession('fast', 10, log, clock), threads: 1 },
        { session: fakeSession('slow', 40, log, clock), threads: 2 },
      ];
      const runs: number[] = [];
      const results = await measureInterleaved(contenders, [1, 8], { warmupRuns: 1, warmupMs: 0, minRuns: 2, maxRuns: 6, budgetMs: 100 }, (i) => runs.push(i));
      // Batch 1: fast stops at maxRuns (6 × 10 ms < 100 ms), slow once 100 ms and 2 runs are spent (3 × 40).
      expect(results[0]![0]!.latency!.samplesMs).toEqual([10, 10, 10, 10, 10, 10]);
      expect(results[1]![0]!.latency!.samplesMs).toEqual([40, 40, 40]);
      // Timed runs alternate while both run: 0, 1, 0, 1, 0, 1, then fast alone.
      expect(runs.slice(0, 8)).toEqual([0, 1, 0, 1, 0, 1, 0, 0]);
      // Warm-up, then the rounds; runs under 100 ms get an untimed run after each switch.
      expect(log.slice(0, 12)).toEqual([
        ...['activate fast 1', 'run fast 1', 'run fast 1', 'activate slow 2', 'run slow 1', 'run slow 1'],
        ...['activate fast 1', 'run fast 1', 'run fast 1', 'activate slow 2', 'run slow 1', 'run slow 1'],
      ]);
      // Batch 8: slow's estimate (8 × 40 ms) is over the budget: skipped; fast runs 80 ms runs.
      expect(results[1]![1]!.skipped).toMatch(/^skipped: one run would take/);
      expect(results[0]![1]!.latency!.samplesMs).toEqual([80, 80]);
    });
  });

  it('warms each session up for warmupMs as well as warmupRuns, within a quarter of the budget', async () => {
    await withFakeClock(async (clock) => {
      const log: string[] = [];
      const contenders: Contender[] = [{ session: fakeSession('short', 2, log, clock) }, { session: fakeSession('long', 30, log, clock) }];
      await measureInterleaved(contenders, [1], { warmupRuns: 2, warmupMs: 11, minRuns: 1, maxRuns: 1, budgetMs: 100 });
      const runs = (name: string) => log.filter((l) => l === `run ${name} 1`).length;
      // Every run here (under 100 ms) is preceded by an untimed one. 'short' (2 ms) warms up past
      // its 2 runs until 6 timed warm-ups reach 11 ms: 12 runs, then 2 for its one timed run.
      expect(runs('short')).toBe(14);
      // 'long' (30 ms) stops after one warm-up, past a quarter of the budget: 2 runs, then 2.
      expect(runs('long')).toBe(4);
    });
  });
});

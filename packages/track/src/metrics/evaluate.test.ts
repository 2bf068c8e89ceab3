// The metrics on hand-worked sequences. Each expected value is derived in the comments from the
// rules of py-motmetrics (mot.py, metrics.py) and TrackEval (hota.py); boxes are 10 × 10 unless
// said otherwise, so IoUs are simple fractions.
import { describe, expect, it } from 'vitest';
import { evaluateTracking } from './evaluate.js';
import { HOTA_ALPHAS } from './hota.js';
import type { TrackingRow } from './input.js';

const row = (frame: number, id: number, x: number, y = 0, w = 10, h = 10): TrackingRow => ({ frame, id, bbox: [x, y, w, h] });

describe('evaluateTracking on a perfect tracker', () => {
  // Objects 1 and 2 over 3 frames; the tracker reports the same boxes as tracks 10 and 20.
  const gt = [1, 2, 3].flatMap((f) => [row(f, 1, 0), row(f, 2, 50)]);
  const hyp = [1, 2, 3].flatMap((f) => [row(f, 10, 0), row(f, 20, 50)]);
  const result = evaluateTracking(gt, hyp);

  it('scores 1 everywhere, MOTP 0', () => {
    expect(result.mota).toBe(1);
    expect(result.motp).toBe(0); // mean 1 − IoU
    expect(result.idf1).toBe(1);
    expect([result.idSwitches, result.fp, result.fn, result.fragmentations]).toEqual([0, 0, 0, 0]);
    expect([result.mostlyTracked, result.partiallyTracked, result.mostlyLost]).toEqual([2, 0, 0]);
    // Every pair matched at IoU 1 in all 3 frames: DetA = 6 / 6, AssA = 3 · 3/(3 + 3 − 3) · 2 / 6.
    expect(result.hota).toBe(1);
    expect(result.deta).toBe(1);
    expect(result.assa).toBe(1);
    expect(result.loca).toBe(1);
    expect(result.numFrames).toBe(3);
    expect(result.alphas).toBe(HOTA_ALPHAS);
  });
});

describe('evaluateTracking on a worked sequence with a switch, a miss, a false positive', () => {
  // Objects a = 1 (x = 0) and b = 2 (x = 20); tracker ids 1, 2, 3.
  //   frame 1: a–h1 (IoU 1), b–h2 (IoU 1)                                  MATCH, MATCH
  //   frame 2: h1 at x = 1 (IoU 90/110 with a), h2 gone, h3 on b           MATCH (kept), SWITCH b: h2 → h3 (ASCEND)
  //   frame 3: h1 at (30, 30), on nothing; h3 on b                          MISS a, MATCH b–h3 (kept), FP h1
  //   frame 4: h1 back on a, h3 on b                                       MATCH b–h3 (kept); a–h1 solved: MATCH (a's last hypothesis is h1)
  const gt = [1, 2, 3, 4].flatMap((f) => [row(f, 1, 0), row(f, 2, 20)]);
  const hyp = [row(1, 1, 0), row(1, 2, 20), row(2, 1, 1), row(2, 3, 20), row(3, 1, 30, 30), row(3, 3, 20), row(4, 1, 0), row(4, 3, 20)];
  const r = evaluateTracking(gt, hyp);

  it('counts CLEAR MOT events as py-motmetrics', () => {
    expect([r.matches, r.idSwitches, r.fn, r.fp]).toEqual([6, 1, 1, 1]);
    expect([r.numObjects, r.numPredictions, r.numUniqueObjects, r.numFrames]).toEqual([8, 8, 2, 4]);
    // MOTA = 1 − (1 + 1 + 1) / 8.
    expect(r.mota).toBe(0.625);
    // MOTP = (1 − 90/110) / 7 matches and switches: only frame 2's a–h1 is not at IoU 1.
    expect(r.motp).toBe((1 - 90 / 110) / 7); // 0.025974025974025965
    expect(r.precision).toBe(7 / 8);
    expect(r.recall).toBe(7 / 8);
    // a tracked in 3 of 4 frames (0.75: partially), b in 4 of 4; a's match breaks once (frame 3).
    expect([r.mostlyTracked, r.partiallyTracked, r.mostlyLost]).toEqual([1, 1, 0]);
    expect(r.fragmentations).toBe(1);
    expect([r.ascends, r.transfers, r.migrates]).toEqual([1, 0, 0]);
  });

  it('gives the identity measures of the global id matching', () => {
    // Frames within IoU 0.5: a–h1 in 1, 2, 4 (3); b–h2 in 1; b–h3 in 2, 3, 4 (3). Best: a–h1 + b–h3 = 6.
    // IDTP 6, IDFN 8 − 6, IDFP 8 − 6; IDF1 = 2 · 6 / (8 + 8).
    expect([r.idtp, r.idfn, r.idfp]).toEqual([6, 2, 2]);
    expect(r.idf1).toBe(0.75);
    expect(r.idp).toBe(0.75);
    expect(r.idr).toBe(0.75);
  });

  it('gives HOTA as TrackEval', () => {
    // Counts: a 4, b 4; h1 4, h2 1, h3 3. Every frame's similarities are one-to-one, so each
    // co-occurring pair adds 1 to its potential matches: a–h1 3 (frames 1, 2, 4), b–h2 1, b–h3 3.
    // Alignment: a–h1 3/(4 + 4 − 3) = 0.6, b–h2 1/(4 + 1 − 1), b–h3 3/(4 + 3 − 3).
    // Matching per frame follows those pairs; frame 3 pairs a with h1 at similarity 0: no match.
    // α ≤ 0.8 (frame 2's 90/110 = 0.818 counts): TP 7, FN 1, FP 1.
    //   AssA = (3·3/5 + 1·1/4 + 3·3/4) / 7 = 4.3 / 7; DetA = 7 / 9; LocA = (6 + 90/110) / 7.
    // α ∈ {0.85, 0.9, 0.95}: frame 2's a–h1 drops out: TP 6, FN 2, FP 2.
    //   AssA = (2·2/6 + 1/4 + 9/4) / 6; DetA = 6 / 10; LocA = 6 / 6.
    const low = Math.sqrt((7 / 9) * (4.3 / 7)); // 0.6912147117775906
    const high = Math.sqrt(0.6 * ((4 / 6 + 0.25 + 2.25) / 6)); // 0.5627314338711378
    const per = r.hotaPerAlpha;
    expect(per.tp).toEqual([...Array(16).fill(7), 6, 6, 6]);
    expect(per.fn).toEqual([...Array(16).fill(1), 2, 2, 2]);
    expect(per.fp).toEqual([...Array(16).fill(1), 2, 2, 2]);
    for (let a = 0; a < 16; a++) {
      expect(per.hota[a]).toBeCloseTo(low, 14);
      expect(per.assa[a]).toBeCloseTo(4.3 / 7, 14);
      expect(per.deta[a]).toBe(7 / 9);
      expect(per.loca[a]).toBeCloseTo((6 + 90 / 110) / 7, 14);
    }
    for (let a = 16; a < 19; a++) {
      expect(per.hota[a]).toBeCloseTo(high, 14);
      expect(per.deta[a]).toBe(0.6);
      expect(per.loca[a]).toBe(1);
    }
    // The summary is the mean over the 19 α: numpy gives 0.6709278784239402.
    expect(r.hota).toBeCloseTo((16 * low + 3 * high) / 19, 14);
    expect(r.hota0).toBeCloseTo(low, 14);
    expect(r.loca0).toBeCloseTo((6 + 90 / 110) / 7, 14);
    expect(r.hotaLocA0).toBeCloseTo(low * r.loca0, 14);
    // DetRe = TP / (TP + FN), DetPr = TP / (TP + FP), AssRe/AssPr normalise by gt / tracker counts.
    expect(per.detre[0]).toBe(7 / 8);
    expect(per.detpr[0]).toBe(7 / 8);
    expect(per.assre[0]).toBeCloseTo((3 * (3 / 4) + 1 * (1 / 4) + 3 * (3 / 4)) / 7, 14);
    expect(per.asspr[0]).toBeCloseTo((3 * (3 / 4) + 1 * (1 / 1) + 3 * (3 / 3)) / 7, 14);
    expect(per.owta[0]).toBeCloseTo(Math.sqrt((7 / 8) * (4.3 / 7)), 14);
  });
});

describe('evaluateTracking on the two classic identity errors', () => {
  it('a track split in two: one switch, IDF1 0.5, HOTA √0.5', () => {
    // One object for 10 frames; the tracker follows it perfectly as id 1 (frames 1–5), then id 2.
    const gt = Array.from({ length: 10 }, (_, k) => row(k + 1, 1, 0));
    const hyp = Array.from({ length: 10 }, (_, k) => row(k + 1, k < 5 ? 1 : 2, 0));
    const r = evaluateTracking(gt, hyp);
    // MOTA = 1 − 1 switch / 10; IDTP 5 (one id matched): IDF1 = 2 · 5 / 20.
    expect(r.idSwitches).toBe(1);
    expect(r.mota).toBe(0.9);
    expect(r.idf1).toBe(0.5);
    expect(r.ascends).toBe(1);
    // DetA 1; AssA = 2 · (5 · 5/(10 + 5 − 5)) / 10 = 0.5; HOTA = √(1 · 0.5) at every α.
    expect(r.deta).toBe(1);
    expect(r.assa).toBe(0.5);
    expect(r.hota).toBeCloseTo(Math.SQRT1_2, 15);
  });

  it('a track that moves to another object: a transfer (not a switch), IDF1 0.5', () => {
    // Object 1 in frames 1–5, object 2 (elsewhere) in 6–10; one tracker id covers both.
    const gt = Array.from({ length: 10 }, (_, k) => row(k + 1, k < 5 ? 1 : 2, k < 5 ? 0 : 100));
    const hyp = Array.from({ length: 10 }, (_, k) => row(k + 1, 7, k < 5 ? 0 : 100));
    const r = evaluateTracking(gt, hyp);
    expect(r.idSwitches).toBe(0);
    expect(r.mota).toBe(1);
    expect([r.transfers, r.migrates]).toEqual([1, 1]);
    expect(r.idf1).toBe(0.5);
    expect(r.hota).toBeCloseTo(Math.SQRT1_2, 15);
  });
});

describe("evaluateTracking keeps last frame's pairs, and only those", () => {
  it('keeps a pair still within the threshold even when another hypothesis is closer', () => {
    // Frame 1: a–X at IoU 0.6 (X at x = 2.5: 75/125). Frame 2: X stays, Y lands exactly on a.
    // The pair a–X carries over; Y is a false positive, though a–Y would cost less.
    const gt = [row(1, 1, 0), row(2, 1, 0)];
    const hyp = [row(1, 8, 2.5), row(2, 8, 2.5), row(2, 9, 0)];
    const r = evaluateTracking(gt, hyp);
    expect([r.matches, r.idSwitches, r.fp]).toEqual([2, 0, 1]);
    expect(r.motp).toBeCloseTo(1 - 75 / 125, 15); // both matches at IoU 0.6
  });

  it('does not keep a pair broken in the frame before (py-motmetrics issue #41)', () => {
    // Frame 1: a–X. Frame 2: X too far (IoU 0): MISS, FP. Frame 3: X back at IoU 0.6, Y exact.
    // a's last match is frame 1, not the last update (2), so frame 3 is solved afresh: a–Y, a switch.
    const gt = [row(1, 1, 0), row(2, 1, 0), row(3, 1, 0)];
    const hyp = [row(1, 8, 0), row(2, 8, 40), row(3, 8, 2.5), row(3, 9, 0)];
    const r = evaluateTracking(gt, hyp);
    expect([r.matches, r.idSwitches, r.fn, r.fp]).toEqual([1, 1, 1, 2]);
    expect(r.fragmentations).toBe(1);
  });

  it('counts a pair at IoU exactly 0.5 and not below, at any iouThreshold', () => {
    // [0, 0, 10, 10] against [0, 0, 10, 20]: IoU 100 / 200 = 0.5. Against [0, 0, 10, 21]: 100/210.
    const gt = [row(1, 1, 0), row(2, 1, 0)];
    const hyp = [row(1, 5, 0, 0, 10, 20), row(2, 5, 0, 0, 10, 21)];
    expect(evaluateTracking(gt, hyp).matches).toBe(1);
    expect(evaluateTracking(gt, hyp, { iouThreshold: 0.4 }).matches).toBe(2);
  });
});

describe('evaluateTracking on empty input', () => {
  const gt = [row(1, 1, 0), row(2, 1, 0)];

  it('without tracker output: MOTA 0, MOTP NaN, HOTA 0 with LocA 1 (TrackEval)', () => {
    const r = evaluateTracking(gt, []);
    expect([r.mota, r.fn, r.fp, r.idf1, r.hota, r.deta, r.assa, r.loca]).toEqual([0, 2, 0, 0, 0, 0, 0, 1]);
    expect(r.motp).toBeNaN();
    expect(r.mostlyLost).toBe(1);
    expect(r.hotaPerAlpha.fn).toEqual(Array(19).fill(2));
  });

  it('without ground truth: MOTA −Infinity (py-motmetrics divides by 0), HOTA 0', () => {
    const r = evaluateTracking([], gt);
    expect(r.mota).toBe(Number.NEGATIVE_INFINITY);
    expect([r.fp, r.hota, r.loca, r.idf1, r.idp]).toEqual([2, 0, 1, 0, 0]);
    expect(r.idr).toBeNaN();
  });
});

describe('evaluateTracking checks its input and names the row', () => {
  const ok = [row(1, 1, 0), row(2, 1, 0)];
  it.each([
    ['a negative size', [row(1, 1, 0), { frame: 2, id: 1, bbox: [0, 0, -1, 10] }], /gt\[1\] \(frame 2, id 1\)\.bbox is \[0, 0, -1, 10\]; expected width >= 0 and height >= 0/],
    ['a NaN coordinate', [row(1, 1, 0), { frame: 2, id: 1, bbox: [Number.NaN, 0, 1, 10] }], /gt\[1\] \(frame 2, id 1\)\.bbox\[0\] is NaN; expected a finite number/],
    ['a repeated id in a frame', [row(1, 1, 0), row(1, 1, 20)], /gt\[1\] \(frame 1, id 1\) repeats id 1 of gt\[0\] in frame 1/],
    ['frames out of order', [row(2, 1, 0), row(1, 1, 0)], /gt\[1\] has frame 1 after frame 2 \(gt\[0\]\); rows must be sorted by frame/],
    ['a frame 0', [{ frame: 0, id: 1, bbox: [0, 0, 1, 1] }], /gt\[0\]\.frame is 0; expected an integer >= 1/],
    ['a fractional id', [{ frame: 1, id: 1.5, bbox: [0, 0, 1, 1] }], /gt\[0\]\.id is 1\.5; expected an integer/],
    ['a short box', [{ frame: 1, id: 1, bbox: [0, 0, 1] }], /gt\[0\] \(frame 1, id 1\)\.bbox must be \[x, y, width, height\]/],
  ] as Array<[string, TrackingRow[], RegExp]>)('%s', (_name, bad, message) => {
    expect(() => evaluateTracking(bad, ok)).toThrow(message);
  });

  it('checks the tracker output the same way', () => {
    expect(() => evaluateTracking(ok, [row(1, 3, 0), row(1, 3, 5)])).toThrow(/hyp\[1\] \(frame 1, id 3\) repeats id 3 of hyp\[0\]/);
    expect(() => evaluateTracking(ok, ok, { iouThreshold: 1.5 })).toThrow(/iouThreshold is 1\.5; expected a number in \[0, 1\]/);
  });
});

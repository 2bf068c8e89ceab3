import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMotChallenge, formatSeqinfo, type MotRow, parseMotChallenge, parseSeqinfo } from './mot_format.js';

describe('MOTChallenge files', () => {
  it('reads MOT17 ground truth (9 columns) and results (10 columns)', () => {
    // Lines in MOT17-02's gt.txt layout: frame, id, left, top, width, height, consider, class, visibility.
    const gt = parseMotChallenge('1,1,912,484,97,109,0,7,1\n1,2,1338,418,167,379,1,1,0.86173\n', { source: 'gt.txt' });
    expect(gt).toEqual([
      { frame: 1, id: 1, bbox: [912, 484, 97, 109], conf: 0, x: 7, y: 1, z: -1 },
      { frame: 1, id: 2, bbox: [1338, 418, 167, 379], conf: 1, x: 1, y: 0.86173, z: -1 },
    ]);
    const results = parseMotChallenge('1, 3, 794.27, 247.59, 71.245, 174.88, -1, -1, -1, -1\r\n\r\n2 3 795 248 71 175 0.9 -1 -1 -1');
    expect(results.map((r) => [r.frame, r.id, ...r.bbox, r.conf])).toEqual([
      [1, 3, 794.27, 247.59, 71.245, 174.88, -1],
      [2, 3, 795, 248, 71, 175, 0.9],
    ]);
  });

  it('writes 10 columns that read back to the same numbers (round trip)', () => {
    const row = fc.record({
      frame: fc.integer({ min: 1, max: 100_000 }),
      id: fc.integer({ min: -1, max: 1_000_000 }),
      bbox: fc.tuple(
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
      ),
      conf: fc.double({ min: -1, max: 1, noNaN: true }),
      x: fc.double({ min: -1, max: 100, noNaN: true }),
      y: fc.double({ min: -1, max: 1, noNaN: true }),
      z: fc.constant(-1),
    });
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), (rows: MotRow[]) => {
        const text = formatMotChallenge(rows);
        expect(text.split('\n').filter(Boolean).every((l) => l.split(',').length === 10)).toBe(true);
        // −0 is written as "0"; everything else comes back bit for bit.
        const normalised = rows.map((r) => ({ ...r, bbox: r.bbox.map((v) => v + 0), conf: r.conf + 0, x: r.x + 0, y: r.y + 0 }));
        expect(parseMotChallenge(text)).toEqual(normalised);
      }),
      { numRuns: 100 },
    );
    expect(formatMotChallenge([{ frame: 3, id: 7, bbox: [1.5, 2, 10, 20] }])).toBe('3,7,1.5,2,10,20,1,-1,-1,-1\n');
    expect(formatMotChallenge([])).toBe('');
  });

  it('names the line and column of bad input', () => {
    expect(() => parseMotChallenge('1,1,0,0,10,10\n2,1,0,0,10', { source: 'gt.txt' })).toThrow(/gt\.txt line 2: 5 columns; expected 6 to 10/);
    expect(() => parseMotChallenge('1,1,0,0,10,10\n\n3,1,x,0,10,10')).toThrow(/line 3: left is "x"; expected a finite number/);
    expect(() => parseMotChallenge('0,1,0,0,10,10')).toThrow(/line 1: frame is 0; expected an integer >= 1/);
    expect(() => parseMotChallenge('1,1,0,0,-10,10')).toThrow(/line 1: width and height are -10 and 10; expected sizes >= 0/);
    expect(() => parseMotChallenge('1,1.5,0,0,10,10')).toThrow(/line 1: id is 1\.5; expected an integer/);
    expect(() => parseMotChallenge('1,1,NaN,0,10,10')).toThrow(/left is "NaN"/);
    expect(() => formatMotChallenge([{ frame: 1, id: 1, bbox: [0, 0, -1, 1] }])).toThrow(/rows\[0\]\.bbox is \[0, 0, -1, 1\]; expected width and height >= 0/);
    expect(() => formatMotChallenge([{ frame: 1, id: 1, bbox: [0, 0, 1, 1], conf: Number.NaN }])).toThrow(/rows\[0\]: conf is NaN/);
  });
});

describe('seqinfo.ini', () => {
  const text = '[Sequence]\nname=MOT17-02-FRCNN\nimDir=img1\nframeRate=30\nseqLength=600\nimWidth=1920\nimHeight=1080\nimExt=.jpg\n';

  it('reads and writes MOTChallenge seqinfo.ini', () => {
    const info = parseSeqinfo(text);
    expect(info).toEqual({ name: 'MOT17-02-FRCNN', imDir: 'img1', frameRate: 30, seqLength: 600, imWidth: 1920, imHeight: 1080, imExt: '.jpg' });
    expect(formatSeqinfo(info)).toBe(text);
    expect(formatSeqinfo({ name: 'synthetic-3', seqLength: 300, imWidth: 320, imHeight: 320 })).toBe(
      '[Sequence]\nname=synthetic-3\nimDir=img1\nframeRate=30\nseqLength=300\nimWidth=320\nimHeight=320\nimExt=.jpg\n',
    );
    // configparser ignores the keys' case.
    expect(parseSeqinfo('[Sequence]\nNAME = a\nseqlength = 5\n').seqLength).toBe(5);
  });

  it('names what is wrong', () => {
    expect(() => parseSeqinfo(text.replace('seqLength=600', 'seqLength=six hundred'))).toThrow(/seqinfo\.ini line 5: seqLength is "six hundred"; expected an integer > 0/);
    expect(() => parseSeqinfo('[Sequence]\nname=a\n')).toThrow(/\[Sequence\] has no seqLength/);
    expect(() => parseSeqinfo('name=a\n')).toThrow(/no \[Sequence\] section/);
    expect(() => parseSeqinfo('[Sequence]\nname\n')).toThrow(/line 2: expected "key=value"/);
    expect(() => formatSeqinfo({ name: 'a', seqLength: 0, imWidth: 1, imHeight: 1 })).toThrow(/seqLength is 0; expected an integer > 0/);
  });
});

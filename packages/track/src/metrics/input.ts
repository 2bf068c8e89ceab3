// Ground truth and tracker output for the metrics: checked row by row, then grouped by frame.

/** One box of one frame: ground truth, or a tracker's output (MOTChallenge's first six columns). */
export interface TrackingRow {
  /** Frame number, an integer >= 1 (MOTChallenge's frames are 1-based). */
  frame: number;
  /** Object or track id, an integer; unique within a frame. */
  id: number;
  /** [x, y, width, height], (x, y) the top-left corner, continuous coordinates (no +1 pixel). */
  bbox: readonly [number, number, number, number] | readonly number[];
}

/** One frame's boxes, in the order given. */
export interface FrameRows {
  ids: number[];
  boxes: Float64Array; // 4 per row
}

/** Frames of both sequences: the union of their frame numbers, ascending. */
export interface GroupedSequences {
  frames: number[];
  gt: Map<number, FrameRows>;
  hyp: Map<number, FrameRows>;
}

function checkRows(caller: string, name: string, rows: readonly TrackingRow[]): Map<number, FrameRows> {
  if (!Array.isArray(rows)) throw new TypeError(`${caller}: ${name} must be an array of { frame, id, bbox }, got ${String(rows)}`);
  const byFrame = new Map<number, { ids: number[]; boxes: number[]; firstRow: Map<number, number> }>();
  let previousFrame = Number.NEGATIVE_INFINITY;
  rows.forEach((row, index) => {
    const where = `${name}[${index}]`;
    if (row === null || typeof row !== 'object') throw new TypeError(`${caller}: ${where} must be { frame, id, bbox }, got ${String(row)}`);
    const { frame, id, bbox } = row;
    if (typeof frame !== 'number' || !Number.isInteger(frame) || frame < 1) {
      throw new RangeError(`${caller}: ${where}.frame is ${String(frame)}; expected an integer >= 1 (frames are 1-based)`);
    }
    if (frame < previousFrame) {
      throw new RangeError(`${caller}: ${where} has frame ${frame} after frame ${previousFrame} (${name}[${index - 1}]); rows must be sorted by frame`);
    }
    previousFrame = frame;
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new TypeError(`${caller}: ${where}.id is ${String(id)}; expected an integer`);
    const label = `${where} (frame ${frame}, id ${id})`;
    if (!Array.isArray(bbox) || bbox.length !== 4) throw new TypeError(`${caller}: ${label}.bbox must be [x, y, width, height], got ${JSON.stringify(bbox)}`);
    for (let k = 0; k < 4; k++) {
      if (typeof bbox[k] !== 'number' || !Number.isFinite(bbox[k])) {
        throw new TypeError(`${caller}: ${label}.bbox[${k}] is ${String(bbox[k])}; expected a finite number`);
      }
    }
    if (bbox[2]! < 0 || bbox[3]! < 0) {
      throw new RangeError(`${caller}: ${label}.bbox is [${bbox.join(', ')}]; expected width >= 0 and height >= 0`);
    }
    let group = byFrame.get(frame);
    if (group === undefined) {
      group = { ids: [], boxes: [], firstRow: new Map() };
      byFrame.set(frame, group);
    }
    const earlier = group.firstRow.get(id);
    if (earlier !== undefined) throw new RangeError(`${caller}: ${label} repeats id ${id} of ${name}[${earlier}] in frame ${frame}; ids must be unique within a frame`);
    group.firstRow.set(id, index);
    group.ids.push(id);
    group.boxes.push(bbox[0]!, bbox[1]!, bbox[2]!, bbox[3]!);
  });
  return new Map([...byFrame].map(([frame, g]) => [frame, { ids: g.ids, boxes: Float64Array.from(g.boxes) }]));
}

/** Check both sequences and group their rows by frame. */
export function groupSequences(caller: string, gt: readonly TrackingRow[], hyp: readonly TrackingRow[]): GroupedSequences {
  const gtFrames = checkRows(caller, 'gt', gt);
  const hypFrames = checkRows(caller, 'hyp', hyp);
  const frames = [...new Set([...gtFrames.keys(), ...hypFrames.keys()])].sort((a, b) => a - b);
  return { frames, gt: gtFrames, hyp: hypFrames };
}

export const EMPTY_FRAME: FrameRows = { ids: [], boxes: new Float64Array(0) };

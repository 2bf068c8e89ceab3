// MOTChallenge's text files: gt.txt / results (`frame,id,left,top,width,height,conf,x,y,z`, frames
// 1-based) and seqinfo.ini, read and written so that TrackEval and py-motmetrics can score results
// and read ground truth made here.

/**
 * One line of a MOTChallenge file. In results, `conf` is the score and x, y, z are −1 (world
 * coordinates in MOT15). In MOT16/17/20 ground truth `conf` is the "consider" flag (0 = ignore),
 * `x` the class and `y` the visibility.
 */
export interface MotRow {
  frame: number;
  id: number;
  bbox: [number, number, number, number];
  conf: number;
  x: number;
  y: number;
  z: number;
}

/** What `formatMotChallenge` writes: conf defaults to 1, x, y and z to −1. */
export interface MotRowInput {
  frame: number;
  id: number;
  bbox: readonly number[];
  conf?: number;
  x?: number;
  y?: number;
  z?: number;
}

export interface MotParseOptions {
  /** Named in errors, e.g. 'gt/gt.txt'; default 'MOTChallenge text'. */
  source?: string;
}

const COLUMNS = ['frame', 'id', 'left', 'top', 'width', 'height', 'conf', 'x', 'y', 'z'] as const;

/**
 * Read gt.txt or a results file: comma- (or whitespace-) separated lines of 6 to 10 numbers; missing
 * trailing columns read as −1 and blank lines are skipped. Errors name the line and the column.
 */
export function parseMotChallenge(text: string, options: MotParseOptions = {}): MotRow[] {
  const source = options.source ?? 'MOTChallenge text';
  if (typeof text !== 'string') throw new TypeError(`parseMotChallenge: text must be a string, got ${typeof text}`);
  const rows: MotRow[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const where = `${source} line ${index + 1}`;
    const fields = line.split(/\s*,\s*|\s+/);
    if (fields[fields.length - 1] === '') fields.pop(); // a trailing comma
    if (fields.length < 6 || fields.length > 10) {
      throw new RangeError(`${where}: ${fields.length} columns; expected 6 to 10 (${COLUMNS.join(',')}): "${line.slice(0, 120)}"`);
    }
    const values = fields.map((field, k) => {
      const value = field === '' ? Number.NaN : Number(field);
      if (!Number.isFinite(value)) throw new TypeError(`${where}: ${COLUMNS[k]} is "${field}"; expected a finite number`);
      return value;
    });
    while (values.length < 10) values.push(-1);
    const [frame, id, left, top, width, height, conf, x, y, z] = values as [number, number, number, number, number, number, number, number, number, number];
    if (!Number.isInteger(frame) || frame < 1) throw new RangeError(`${where}: frame is ${frame}; expected an integer >= 1 (MOTChallenge frames are 1-based)`);
    if (!Number.isSafeInteger(id)) throw new RangeError(`${where}: id is ${id}; expected an integer`);
    if (width < 0 || height < 0) throw new RangeError(`${where}: width and height are ${width} and ${height}; expected sizes >= 0`);
    rows.push({ frame, id, bbox: [left, top, width, height], conf, x, y, z });
  });
  return rows;
}

/** Write rows as a MOTChallenge file, 10 columns a line, numbers in their shortest exact form. */
export function formatMotChallenge(rows: readonly MotRowInput[]): string {
  if (!Array.isArray(rows)) throw new TypeError(`formatMotChallenge: rows must be an array, got ${String(rows)}`);
  const lines = rows.map((row, index) => {
    const where = `formatMotChallenge: rows[${index}]`;
    if (row === null || typeof row !== 'object') throw new TypeError(`${where} must be { frame, id, bbox }, got ${String(row)}`);
    const { frame, id, bbox } = row;
    if (typeof frame !== 'number' || !Number.isInteger(frame) || frame < 1) throw new RangeError(`${where}.frame is ${String(frame)}; expected an integer >= 1`);
    if (typeof id !== 'number' || !Number.isSafeInteger(id)) throw new RangeError(`${where}.id is ${String(id)}; expected an integer`);
    if (!Array.isArray(bbox) || bbox.length !== 4) throw new TypeError(`${where}.bbox must be [left, top, width, height], got ${JSON.stringify(bbox)}`);
    const values = [frame, id, ...bbox, row.conf ?? 1, row.x ?? -1, row.y ?? -1, row.z ?? -1];
    values.forEach((v, k) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${where}: ${COLUMNS[k]} is ${String(v)}; expected a finite number`);
    });
    if (bbox[2]! < 0 || bbox[3]! < 0) throw new RangeError(`${where}.bbox is [${bbox.join(', ')}]; expected width and height >= 0`);
    return values.map((v) => String(v)).join(',');
  });
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** seqinfo.ini's [Sequence] section. */
export interface SeqInfo {
  name: string;
  imDir: string;
  frameRate: number;
  /** Number of frames; TrackEval reads it to know the sequence length. */
  seqLength: number;
  imWidth: number;
  imHeight: number;
  imExt: string;
}

const SEQINFO_KEYS: Array<keyof SeqInfo> = ['name', 'imDir', 'frameRate', 'seqLength', 'imWidth', 'imHeight', 'imExt'];
const SEQINFO_NUMBERS = new Set<keyof SeqInfo>(['frameRate', 'seqLength', 'imWidth', 'imHeight']);

/**
 * Read seqinfo.ini: the [Sequence] section's keys (matched without regard to case, as Python's
 * configparser does); `name` and `seqLength` are required, the rest default to '' or 0.
 */
export function parseSeqinfo(text: string, options: MotParseOptions = {}): SeqInfo {
  const source = options.source ?? 'seqinfo.ini';
  if (typeof text !== 'string') throw new TypeError(`parseSeqinfo: text must be a string, got ${typeof text}`);
  const info: Partial<Record<keyof SeqInfo, string | number>> = {};
  let section: string | undefined;
  let sawSequence = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    const where = `${source} line ${index + 1}`;
    if (line === '' || line.startsWith(';') || line.startsWith('#')) return;
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      section = header[1]!.trim();
      if (section === 'Sequence') sawSequence = true;
      return;
    }
    const eq = line.search(/[=:]/);
    if (eq <= 0) throw new SyntaxError(`${where}: expected "key=value" or "[section]", got "${line.slice(0, 120)}"`);
    if (section !== 'Sequence') return;
    const key = line.slice(0, eq).trim().toLowerCase();
    const value = line.slice(eq + 1).trim();
    const field = SEQINFO_KEYS.find((k) => k.toLowerCase() === key);
    if (field === undefined) return;
    if (SEQINFO_NUMBERS.has(field)) {
      const number = Number(value);
      const integer = field !== 'frameRate';
      if (value === '' || !Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
        throw new RangeError(`${where}: ${field} is "${value}"; expected ${integer ? 'an integer' : 'a number'} > 0`);
      }
      info[field] = number;
    } else {
      info[field] = value;
    }
  });
  if (!sawSequence) throw new SyntaxError(`${source}: no [Sequence] section`);
  if (info.name === undefined) throw new SyntaxError(`${source}: [Sequence] has no name`);
  if (info.seqLength === undefined) throw new SyntaxError(`${source}: [Sequence] has no seqLength`);
  return {
    name: info.name as string,
    imDir: (info.imDir as string | undefined) ?? '',
    frameRate: (info.frameRate as number | undefined) ?? 0,
    seqLength: info.seqLength as number,
    imWidth: (info.imWidth as number | undefined) ?? 0,
    imHeight: (info.imHeight as number | undefined) ?? 0,
    imExt: (info.imExt as string | undefined) ?? '',
  };
}

/** Write seqinfo.ini as MOTChallenge lays it out. Defaults: imDir 'img1', frameRate 30, imExt '.jpg'. */
export function formatSeqinfo(info: Partial<SeqInfo> & Pick<SeqInfo, 'name' | 'seqLength' | 'imWidth' | 'imHeight'>): string {
  const full: SeqInfo = { imDir: 'img1', frameRate: 30, imExt: '.jpg', ...info };
  for (const key of SEQINFO_KEYS) {
    const value = full[key];
    if (SEQINFO_NUMBERS.has(key)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || (key !== 'frameRate' && !Number.isInteger(value))) {
        throw new RangeError(`formatSeqinfo: ${key} is ${String(value)}; expected ${key === 'frameRate' ? 'a number' : 'an integer'} > 0`);
      }
    } else if (typeof value !== 'string' || /[\r\n]/.test(value)) {
      throw new TypeError(`formatSeqinfo: ${key} is ${JSON.stringify(value)}; expected a one-line string`);
    }
  }
  return `[Sequence]\n${SEQINFO_KEYS.map((k) => `${k}=${full[k]}`).join('\n')}\n`;
}

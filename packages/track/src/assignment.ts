// The linear assignment problem, solved exactly by the shortest augmenting path method of Jonker and
// Volgenant in the rectangular form of Crouse (2016), the algorithm scipy's linear_sum_assignment
// runs. The search visits columns and breaks ties in scipy's order and adds in its order, so on a
// matrix without forbidden entries the pairs are scipy's, ties included: the metrics that copy
// py-motmetrics and TrackEval (both call scipy) depend on that. Hand-written because no npm package
// is exact on forbidden entries and breaks ties as scipy does (the benchmarks' track suite compares
// it with `munkres`, which is faster on dense finite matrices but neither).
//
// Forbidden entries (NaN, or +Infinity when minimising) are handled exactly rather than through a
// large finite stand-in: every cost is a pair (number of forbidden pairs, sum of allowed costs)
// compared lexicographically, so the solution has the most allowed pairs and, among those, the
// least cost, with no rounding from a big-M term.

/** A cost matrix: rows of numbers, or a flat row-major array with its shape. */
export type CostMatrix = ReadonlyArray<ArrayLike<number>> | { readonly rows: number; readonly cols: number; readonly data: ArrayLike<number> };

export interface AssignmentOptions {
  /** Maximise the total instead of minimising it (scipy's `maximize`); -Infinity is then forbidden. */
  maximize?: boolean;
}

/** The assigned pairs, ordered by row: row `rowIndices[k]` takes column `colIndices[k]`. */
export interface AssignmentResult {
  rowIndices: Int32Array;
  colIndices: Int32Array;
}

// Levels above this mark the "infinite" distance of a column not reached yet.
const UNREACHED = 0x3fffffff;

/**
 * Solve the rectangular linear assignment problem exactly: assign rows to distinct columns so that
 * the number of assigned pairs is as large as possible, min(rows, cols) when no entry is forbidden,
 * and the total cost is the least among those assignments. Forbidden entries are NaN and
 * +Infinity (-Infinity with `maximize`); they are never returned, so a row or column may stay
 * unassigned. On matrices without forbidden entries the result equals scipy's
 * `linear_sum_assignment`, including the choice among equally good assignments.
 */
export function linearSumAssignment(cost: CostMatrix, options: AssignmentOptions = {}): AssignmentResult {
  const { rows, cols, at } = readMatrix(cost);
  const maximize = options.maximize ?? false;
  if (typeof maximize !== 'boolean') throw new TypeError(`linearSumAssignment: maximize must be a boolean, got ${String(maximize)}`);
  if (rows === 0 || cols === 0) return { rowIndices: new Int32Array(0), colIndices: new Int32Array(0) };

  // Tall matrices are solved transposed, as scipy does: the search runs from the shorter side.
  const transpose = cols < rows;
  const nr = transpose ? cols : rows;
  const nc = transpose ? rows : cols;
  const values = new Float64Array(nr * nc);
  let forbidden: Uint8Array | null = null;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const raw = at(i, j);
      if (typeof raw !== 'number') throw new TypeError(`linearSumAssignment: cost[${i}][${j}] is ${String(raw)}; expected a number`);
      const value = maximize ? -raw : raw;
      const index = transpose ? j * nc + i : i * nc + j;
      if (value - value === 0) {
        values[index] = value;
      } else if (value === Number.NEGATIVE_INFINITY) {
        throw new RangeError(`linearSumAssignment: cost[${i}][${j}] is ${raw}; expected a finite number, NaN or ${maximize ? '-' : '+'}Infinity (forbidden)`);
      } else {
        forbidden ??= new Uint8Array(nr * nc);
        forbidden[index] = 1;
      }
    }
  }

  const col4row = solveShortestAugmentingPath(nr, nc, values, forbidden);

  // Pairs in row order, without forbidden ones.
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < nr; i++) {
    const j = col4row[i]!;
    if (forbidden !== null && forbidden[i * nc + j] === 1) continue;
    pairs.push(transpose ? [j, i] : [i, j]);
  }
  if (transpose) pairs.sort((a, b) => a[0] - b[0]);
  return { rowIndices: Int32Array.from(pairs, (p) => p[0]), colIndices: Int32Array.from(pairs, (p) => p[1]) };
}

function readMatrix(cost: CostMatrix): { rows: number; cols: number; at: (i: number, j: number) => unknown } {
  if (cost === null || typeof cost !== 'object') throw new TypeError(`linearSumAssignment: cost must be an array of rows or { rows, cols, data }, got ${String(cost)}`);
  if (!Array.isArray(cost) && 'data' in cost) {
    const { rows, cols, data } = cost as { rows: number; cols: number; data: ArrayLike<number> };
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new RangeError(`linearSumAssignment: rows and cols must be integers >= 0, got ${rows} and ${cols}`);
    }
    if (data === null || typeof data !== 'object' || data.length !== rows * cols) {
      throw new RangeError(`linearSumAssignment: data must hold rows * cols = ${rows * cols} numbers, got ${data?.length}`);
    }
    return { rows, cols, at: (i, j) => data[i * cols + j] };
  }
  const matrix = cost as ReadonlyArray<ArrayLike<number>>;
  const rows = matrix.length;
  const cols = rows === 0 ? 0 : (matrix[0]?.length ?? 0);
  for (let i = 0; i < rows; i++) {
    const row = matrix[i];
    if (row === null || typeof row !== 'object' || row.length !== cols) {
      throw new RangeError(`linearSumAssignment: cost[${i}] has ${row?.length} entries; expected ${cols}, as cost[0]`);
    }
  }
  return { rows, cols, at: (i, j) => matrix[i]![j] };
}

/**
 * Crouse's shortest augmenting path algorithm for nr <= nc: rows enter one at a time, each along
 * the shortest path (Dijkstra on reduced costs) to a free column, after which the dual variables
 * are updated. A cost is the pair (level, value); `forbidden` entries have level 1 and value 0.
 * Returns the column of each row.
 */
function solveShortestAugmentingPath(nr: number, nc: number, cost: Float64Array, forbidden: Uint8Array | null): Int32Array {
  return forbidden === null ? solveFinite(nr, nc, cost) : solveWithForbidden(nr, nc, cost, forbidden);
}

/**
 * The search without forbidden entries: every level is 0, so only values are compared. Columns are
 * scanned in index order (contiguous reads) instead of scipy's order of its `remaining` list, and
 * ties are resolved as that order would resolve them: `order[j]` is column j's place in the list.
 * Among equally near columns scipy keeps the first it meets unless a later one is free; so the
 * last free one in list order wins, or if none is free the first.
 */
function solveFinite(nr: number, nc: number, cost: Float64Array): Int32Array {
  const u = new Float64Array(nr);
  const v = new Float64Array(nc);
  const pathCost = new Float64Array(nc);
  const path = new Int32Array(nc).fill(-1);
  const col4row = new Int32Array(nr).fill(-1);
  const row4col = new Int32Array(nc).fill(-1);
  const visitedRows = new Int32Array(nr);
  const visitedCols = new Int32Array(nc);
  const visitedCol = new Uint8Array(nc);
  const remaining = new Int32Array(nc);
  const order = new Int32Array(nc);

  for (let curRow = 0; curRow < nr; curRow++) {
    let minValue = 0;
    let numRemaining = nc;
    for (let it = 0; it < nc; it++) {
      remaining[it] = nc - it - 1;
      order[nc - it - 1] = it;
    }
    visitedCol.fill(0);
    pathCost.fill(Number.POSITIVE_INFINITY);
    let numVisitedRows = 0;
    let numVisitedCols = 0;

    let i = curRow;
    let sink = -1;
    while (sink === -1) {
      let lowest = Number.POSITIVE_INFINITY;
      let first = -1; // the nearest column earliest in scipy's list
      let lastFree = -1; // the nearest free column latest in scipy's list
      visitedRows[numVisitedRows++] = i;
      const ui = u[i]!;
      const base = i * nc;
      for (let j = 0; j < nc; j++) {
        if (visitedCol[j] === 1) continue;
        const r = minValue + cost[base + j]! - ui - v[j]!;
        let c = pathCost[j]!;
        if (r < c) {
          path[j] = i;
          pathCost[j] = r;
          c = r;
        }
        if (c < lowest) {
          lowest = c;
          first = j;
          lastFree = row4col[j] === -1 ? j : -1;
        } else if (c === lowest) {
          if (order[j]! < order[first]!) first = j;
          if (row4col[j] === -1 && (lastFree === -1 || order[j]! > order[lastFree]!)) lastFree = j;
        }
      }
      minValue = lowest;
      const j = lastFree !== -1 ? lastFree : first;
      if (row4col[j] === -1) sink = j;
      else i = row4col[j]!;
      visitedCol[j] = 1;
      visitedCols[numVisitedCols++] = j;
      // scipy's removal from its list: the last entry moves into the freed place.
      const place = order[j]!;
      const moved = remaining[--numRemaining]!;
      remaining[place] = moved;
      order[moved] = place;
    }

    u[curRow] = u[curRow]! + minValue;
    for (let k = 1; k < numVisitedRows; k++) {
      const r = visitedRows[k]!;
      u[r] = u[r]! + (minValue - pathCost[col4row[r]!]!);
    }
    for (let k = 0; k < numVisitedCols; k++) {
      const j = visitedCols[k]!;
      v[j] = v[j]! - (minValue - pathCost[j]!);
    }

    let j = sink;
    for (;;) {
      const r = path[j]!;
      row4col[j] = r;
      const previous = col4row[r]!;
      col4row[r] = j;
      j = previous;
      if (r === curRow) break;
    }
  }
  return col4row;
}

/** The search with forbidden entries: costs are (level, value) pairs, compared level first. */
function solveWithForbidden(nr: number, nc: number, cost: Float64Array, forbidden: Uint8Array): Int32Array {
  const u = new Float64Array(nr);
  const uLevel = new Int32Array(nr);
  const v = new Float64Array(nc);
  const vLevel = new Int32Array(nc);
  const pathCost = new Float64Array(nc);
  const pathLevel = new Int32Array(nc);
  const path = new Int32Array(nc).fill(-1);
  const col4row = new Int32Array(nr).fill(-1);
  const row4col = new Int32Array(nc).fill(-1);
  const visitedRow = new Uint8Array(nr);
  const visitedCol = new Uint8Array(nc);
  const remaining = new Int32Array(nc);

  for (let curRow = 0; curRow < nr; curRow++) {
    // Shortest augmenting path from curRow.
    let minValue = 0;
    let minLevel = 0;
    let numRemaining = nc;
    // Reverse order, as scipy: the solution of a constant matrix is then the identity.
    for (let it = 0; it < nc; it++) remaining[it] = nc - it - 1;
    visitedRow.fill(0);
    visitedCol.fill(0);
    pathCost.fill(Number.POSITIVE_INFINITY);
    pathLevel.fill(UNREACHED);

    let i = curRow;
    let sink = -1;
    while (sink === -1) {
      let index = -1;
      let lowest = Number.POSITIVE_INFINITY;
      let lowestLevel = UNREACHED;
      visitedRow[i] = 1;
      const ui = u[i]!;
      const uiLevel = uLevel[i]!;
      const base = i * nc;
      for (let it = 0; it < numRemaining; it++) {
        const j = remaining[it]!;
        const isForbidden = forbidden[base + j] === 1;
        // The same additions, in the same order, as scipy's augmenting_path.
        const r = minValue + cost[base + j]! - ui - v[j]!;
        const rLevel = minLevel + (isForbidden ? 1 : 0) - uiLevel - vLevel[j]!;
        const pl = pathLevel[j]!;
        if (rLevel < pl || (rLevel === pl && r < pathCost[j]!)) {
          path[j] = i;
          pathCost[j] = r;
          pathLevel[j] = rLevel;
        }
        // Among equally short paths prefer one that ends at a free column.
        const cl = pathLevel[j]!;
        const c = pathCost[j]!;
        if (cl < lowestLevel || (cl === lowestLevel && (c < lowest || (c === lowest && row4col[j] === -1)))) {
          lowest = c;
          lowestLevel = cl;
          index = it;
        }
      }
      minValue = lowest;
      minLevel = lowestLevel;
      const j = remaining[index]!;
      if (row4col[j] === -1) sink = j;
      else i = row4col[j]!;
      visitedCol[j] = 1;
      remaining[index] = remaining[--numRemaining]!;
    }

    // Dual variables.
    u[curRow] = u[curRow]! + minValue;
    uLevel[curRow] = uLevel[curRow]! + minLevel;
    for (let r = 0; r < nr; r++) {
      if (visitedRow[r] === 1 && r !== curRow) {
        const j = col4row[r]!;
        u[r] = u[r]! + (minValue - pathCost[j]!);
        uLevel[r] = uLevel[r]! + (minLevel - pathLevel[j]!);
      }
    }
    for (let j = 0; j < nc; j++) {
      if (visitedCol[j] === 1) {
        v[j] = v[j]! - (minValue - pathCost[j]!);
        vLevel[j] = vLevel[j]! - (minLevel - pathLevel[j]!);
      }
    }

    // Augment along the path.
    let j = sink;
    for (;;) {
      const r = path[j]!;
      row4col[j] = r;
      const previous = col4row[r]!;
      col4row[r] = j;
      j = previous;
      if (r === curRow) break;
    }
  }
  return col4row;
}

/**
 * The matching of least total (cost − maxCost) among pairs with cost < maxCost, any row or column
 * free to stay unmatched: the problem `lap.lapjv(cost, extend_cost=True, cost_limit=maxCost)` solves
 * for ByteTrack and Ultralytics, and DeepSORT's gated `min_cost_matching` with maxCost = its
 * threshold + 1e-5. Pairs at or above maxCost (or NaN) never join one, so the problem splits into the
 * connected components of the allowed pairs, each solved exactly on its own; a tracker's matrix
 * falls apart into many small ones. Among equally good matchings the choice is the solver's.
 */
export function thresholdedAssignment(cost: CostMatrix, maxCost: number): AssignmentResult {
  if (typeof maxCost !== 'number' || Number.isNaN(maxCost)) throw new TypeError(`thresholdedAssignment: maxCost must be a number, got ${String(maxCost)}`);
  const { rows, cols, at } = readMatrix(cost);
  // Union-find over rows (0..rows-1) and columns (rows..rows+cols-1), joined by allowed pairs.
  const parent = new Int32Array(rows + cols);
  for (let k = 0; k < parent.length; k++) parent[k] = k;
  const find = (k: number): number => {
    while (parent[k] !== k) {
      parent[k] = parent[parent[k]!]!;
      k = parent[k]!;
    }
    return k;
  };
  const allowed = new Uint8Array(rows * cols);
  let edges = 0;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const c = at(i, j);
      if (typeof c !== 'number') throw new TypeError(`thresholdedAssignment: cost[${i}][${j}] is ${String(c)}; expected a number`);
      if (c < maxCost) {
        allowed[i * cols + j] = 1;
        edges++;
        const a = find(i);
        const b = find(rows + j);
        if (a !== b) parent[a] = b;
      }
    }
  }
  const pairs: Array<[number, number]> = [];
  if (edges > 0) {
    const members = new Map<number, { rows: number[]; cols: number[] }>();
    for (let i = 0; i < rows; i++) {
      const root = find(i);
      let group = members.get(root);
      if (group === undefined) {
        group = { rows: [], cols: [] };
        members.set(root, group);
      }
      group.rows.push(i);
    }
    for (let j = 0; j < cols; j++) members.get(find(rows + j))?.cols.push(j);
    for (const group of members.values()) {
      const { rows: r, cols: c } = group;
      if (c.length === 0) continue;
      if (r.length === 1 && c.length === 1) {
        pairs.push([r[0]!, c[0]!]);
        continue;
      }
      const data = new Float64Array(r.length * c.length);
      for (let a = 0; a < r.length; a++) {
        for (let b = 0; b < c.length; b++) {
          if (allowed[r[a]! * cols + c[b]!] === 1) data[a * c.length + b] = (at(r[a]!, c[b]!) as number) - maxCost;
        }
      }
      const solved = linearSumAssignment({ rows: r.length, cols: c.length, data });
      for (let k = 0; k < solved.rowIndices.length; k++) {
        const i = r[solved.rowIndices[k]!]!;
        const j = c[solved.colIndices[k]!]!;
        if (allowed[i * cols + j] === 1) pairs.push([i, j]);
      }
    }
  }
  pairs.sort((a, b) => a[0] - b[0]);
  return { rowIndices: Int32Array.from(pairs, (p) => p[0]), colIndices: Int32Array.from(pairs, (p) => p[1]) };
}

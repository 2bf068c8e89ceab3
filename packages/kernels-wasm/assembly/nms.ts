// Non-maximum suppression, as tfjs's nonMaxSuppressionImpl_ defines it (NonMaxSuppressionV3/V4/V5):
// greedy selection by score from a priority queue (ties to the lower box index), each candidate
// compared with the boxes selected since it was last looked at, newest first. Hard NMS drops a
// candidate whose IoU with a selected box reaches iouThreshold. Soft-NMS decays its score instead
// and puts it back in the queue: Gaussian (tfjs's V5) multiplies by exp(scale·IoU²), scale =
// −0.5 / sigma, and still drops it at IoU ≥ iouThreshold; linear (Bodla et al. 2017) multiplies by
// 1 − IoU where IoU ≥ iouThreshold and drops nothing outright. A candidate leaves the queue once
// its score is at or below scoreThreshold. Scores, boxes and IoUs are doubles, as in tfjs's
// JavaScript, so both select the same boxes.
//
// batchedNonMaxSuppression is class-aware: boxes of different classes never suppress each other.
// One queue holds every class's candidates; each candidate is compared only with the selections
// of its own class (a list per class), and a class stops taking boxes at maxPerClass. The greedy
// order is the same as in a run per class merged by score, and as in one run over all boxes with
// each class shifted apart (the offset trick), but without an IoU between classes, and the loop
// ends as soon as maxOutput boxes are selected in all.

const HARD: i32 = 0;
const GAUSSIAN: i32 = 1;
const LINEAR: i32 = 2;

/** Per box: ymin, xmin, ymax, xmax, area (f64). */
const BOX_BYTES: usize = 40;
/** A queue entry: f64 score, i32 box, i32 first selection not yet compared with (moved as one v128). */
const ENTRY_BYTES: usize = 16;

// @ts-ignore: decorator
@inline
function entry(queue: usize, i: i32): usize {
  return queue + <usize>i * ENTRY_BYTES;
}

/** True when (scoreA, boxA) comes before (scoreB, boxB): higher score, then lower index. */
// @ts-ignore: decorator
@inline
function before(scoreA: f64, boxA: i32, scoreB: f64, boxB: i32): bool {
  return scoreA > scoreB || (scoreA == scoreB && boxA < boxB);
}

function siftDown(queue: usize, size: i32, i: i32): void {
  const score = load<f64>(entry(queue, i));
  const box = load<i32>(entry(queue, i), 8);
  const begin = load<i32>(entry(queue, i), 12);
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size) {
      const l = entry(queue, child);
      const r = entry(queue, child + 1);
      if (before(load<f64>(r), load<i32>(r, 8), load<f64>(l), load<i32>(l, 8))) child++;
    }
    const c = entry(queue, child);
    if (!before(load<f64>(c), load<i32>(c, 8), score, box)) break;
    v128.store(entry(queue, i), v128.load(c));
    i = child;
  }
  const e = entry(queue, i);
  store<f64>(e, score);
  store<i32>(e, box, 8);
  store<i32>(e, begin, 12);
}

function siftUp(queue: usize, i: i32): void {
  const score = load<f64>(entry(queue, i));
  const box = load<i32>(entry(queue, i), 8);
  const begin = load<i32>(entry(queue, i), 12);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = entry(queue, parent);
    if (!before(score, box, load<f64>(p), load<i32>(p, 8))) break;
    v128.store(entry(queue, i), v128.load(p));
    i = parent;
  }
  const e = entry(queue, i);
  store<f64>(e, score);
  store<i32>(e, box, 8);
  store<i32>(e, begin, 12);
}

/** The corners of each box in order (either corner may come first) and its area, as doubles. */
function cacheBoxes(boxes: usize, n: i32, cache: usize): void {
  for (let i = 0; i < n; i++) {
    const b = boxes + (<usize>i << 4);
    const y1 = <f64>load<f32>(b);
    const x1 = <f64>load<f32>(b, 4);
    const y2 = <f64>load<f32>(b, 8);
    const x2 = <f64>load<f32>(b, 12);
    const c = cache + <usize>i * BOX_BYTES;
    const ymin = min(y1, y2);
    const xmin = min(x1, x2);
    const ymax = max(y1, y2);
    const xmax = max(x1, x2);
    store<f64>(c, ymin);
    store<f64>(c, xmin, 8);
    store<f64>(c, ymax, 16);
    store<f64>(c, xmax, 24);
    store<f64>(c, (ymax - ymin) * (xmax - xmin), 32);
  }
}

/** tfjs's intersectionOverUnion: 0 when either box is empty. */
// @ts-ignore: decorator
@inline
function iou(cache: usize, i: i32, j: i32): f64 {
  const a = cache + <usize>i * BOX_BYTES;
  const b = cache + <usize>j * BOX_BYTES;
  const areaA = load<f64>(a, 32);
  const areaB = load<f64>(b, 32);
  if (areaA <= 0 || areaB <= 0) return 0;
  const ymin = max(load<f64>(a), load<f64>(b));
  const xmin = max(load<f64>(a, 8), load<f64>(b, 8));
  const ymax = min(load<f64>(a, 16), load<f64>(b, 16));
  const xmax = min(load<f64>(a, 24), load<f64>(b, 24));
  const intersection = max(ymax - ymin, 0.0) * max(xmax - xmin, 0.0);
  return intersection / (areaA + areaB - intersection);
}

/**
 * Hard NMS's test of a candidate against the selections [begin, end), two at a time in f64x2
 * (the same double arithmetic as iou(), lane by lane): 1 when one reaches the threshold, 0 when
 * none does, -1 when an IoU is NaN (the caller then runs tfjs's loop, which decays the score by 0).
 * `picked` holds the selections' ymin, xmin, ymax, xmax and area as five arrays `column` bytes apart.
 */
function overlapsAny(cache: usize, box: i32, picked: usize, column: usize, begin: i32, end: i32, iouThreshold: f64): i32 {
  const c = cache + <usize>box * BOX_BYTES;
  const ymin = f64x2.splat(load<f64>(c));
  const xmin = f64x2.splat(load<f64>(c, 8));
  const ymax = f64x2.splat(load<f64>(c, 16));
  const xmax = f64x2.splat(load<f64>(c, 24));
  const area = f64x2.splat(load<f64>(c, 32));
  const zero = f64x2.splat(0);
  const threshold = f64x2.splat(iouThreshold);
  const areaEmpty = f64x2.le(area, zero);
  // A NaN area makes every IoU NaN (tfjs divides 0 by it too): tfjs's loop handles that.
  if (isNaN(load<f64>(c, 32))) return -1;
  // Above a threshold of 0, boxes that do not intersect (most pairs) need no division: IoU 0 is
  // below it. A NaN intersection or area still goes to tfjs's loop.
  const skipDisjoint = iouThreshold > 0;
  let j = begin;
  for (; j + 2 <= end; j += 2) {
    const at = picked + (<usize>j << 3);
    const iy1 = f64x2.max(ymin, v128.load(at));
    const ix1 = f64x2.max(xmin, v128.load(at + column));
    const iy2 = f64x2.min(ymax, v128.load(at + 2 * column));
    const ix2 = f64x2.min(xmax, v128.load(at + 3 * column));
    const other = v128.load(at + 4 * column);
    const intersection = f64x2.mul(f64x2.max(f64x2.sub(iy2, iy1), zero), f64x2.max(f64x2.sub(ix2, ix1), zero));
    if (v128.any_true(v128.or(f64x2.ne(intersection, intersection), f64x2.ne(other, other)))) return -1;
    if (skipDisjoint && !v128.any_true(f64x2.gt(intersection, zero))) continue;
    const ratio = f64x2.div(intersection, f64x2.sub(f64x2.add(area, other), intersection));
    const overlap = v128.andnot(ratio, v128.or(areaEmpty, f64x2.le(other, zero)));
    if (v128.any_true(f64x2.ne(overlap, overlap))) return -1;
    if (v128.any_true(f64x2.ge(overlap, threshold))) return 1;
  }
  for (; j < end; j++) {
    const at = picked + (<usize>j << 3);
    const other = load<f64>(at + 4 * column);
    let overlap = 0.0;
    if (!(load<f64>(c, 32) <= 0 || other <= 0)) {
      const intersection = max(min(load<f64>(c, 16), load<f64>(at + 2 * column)) - max(load<f64>(c), load<f64>(at)), 0.0) *
        max(min(load<f64>(c, 24), load<f64>(at + 3 * column)) - max(load<f64>(c, 8), load<f64>(at + column)), 0.0);
      overlap = intersection / (load<f64>(c, 32) + other - intersection);
    }
    if (overlap != overlap) return -1;
    if (overlap >= iouThreshold) return 1;
  }
  return 0;
}

/** Per class: selections so far, its first slot in the selection arrays, and its capacity (i32 each). */
const CLASS_BYTES: usize = 12;

/**
 * The greedy loop over `count` candidates (box indices, each scoring above scoreThreshold), each
 * compared with the selections of its class only (class classes[box], or 0 when classes is 0).
 * At most maxOutput selections in all, into selected (i32) and selectedScores (f64), by score;
 * a class's state (CLASS_BYTES each at classState) bounds its own. `picked` holds each selection's
 * corners and area (five f64 arrays, `capacity` long), `pickedBoxes` its box index, in the slots
 * of its class. Returns how many.
 */
function greedy(
  cache: usize, scores: usize, candidates: usize, count: i32, classes: usize, classState: usize, capacity: i32, maxOutput: i32,
  iouThreshold: f64, scoreThreshold: f64, method: i32, scale: f64, queue: usize, picked: usize, pickedBoxes: usize,
  selected: usize, selectedScores: usize,
): i32 {
  for (let i = 0; i < count; i++) {
    const box = load<i32>(candidates + (<usize>i << 2));
    const e = entry(queue, i);
    store<f64>(e, <f64>load<f32>(scores + (<usize>box << 2)));
    store<i32>(e, box, 8);
    store<i32>(e, 0, 12);
  }
  for (let i = (count >> 1) - 1; i >= 0; i--) siftDown(queue, count, i);
  const column = <usize>capacity << 3;
  let size = count;
  let total = 0;
  while (total < maxOutput && size > 0) {
    const top = entry(queue, 0);
    const original = load<f64>(top);
    const box = load<i32>(top, 8);
    const begin = load<i32>(top, 12);
    size--;
    if (size > 0) {
      v128.store(top, v128.load(entry(queue, size)));
      siftDown(queue, size, 0);
    }
    if (original < scoreThreshold) break;
    const state = classState + (classes == 0 ? 0 : <usize>load<i32>(classes + (<usize>box << 2)) * CLASS_BYTES);
    const chosen = load<i32>(state);
    const first = load<i32>(state, 4);
    // A class that has all it may take selects nothing more (its own run would have stopped).
    if (chosen >= load<i32>(state, 8)) continue;
    const slots = picked + (<usize>first << 3);
    let score = original;
    let drop = false;
    // Hard NMS drops a candidate on any overlap, whatever the order it is found in: test all the
    // selections at once, and fall back to tfjs's loop below only for a NaN IoU.
    const verdict = method == HARD ? overlapsAny(cache, box, slots, column, begin, chosen, iouThreshold) : -1;
    if (verdict == 1) continue;
    for (let j = verdict == 0 ? begin - 1 : chosen - 1; j >= begin; j--) {
      const overlap = iou(cache, box, load<i32>(pickedBoxes + (<usize>(first + j) << 2)));
      if (method == LINEAR) {
        if (overlap >= iouThreshold) score *= 1 - overlap;
      } else {
        if (overlap >= iouThreshold) {
          drop = true;
          break;
        }
        // tfjs's suppressWeight: exp(scale·IoU²) at or below the threshold (1 for hard NMS),
        // 0 above it (reached only by a NaN IoU here).
        const weight = overlap <= iouThreshold ? (method == GAUSSIAN ? Math.exp(scale * overlap * overlap) : 1.0) : 0.0;
        score *= weight;
      }
      if (score <= scoreThreshold) break;
    }
    if (drop) continue;
    if (score == original) {
      store<i32>(selected + (<usize>total << 2), box);
      store<f64>(selectedScores + (<usize>total << 3), score);
      total++;
      store<i32>(pickedBoxes + (<usize>(first + chosen) << 2), box);
      const c = cache + <usize>box * BOX_BYTES;
      const at = slots + (<usize>chosen << 3);
      for (let k = 0; k < 5; k++) store<f64>(at + <usize>k * column, load<f64>(c + (<usize>k << 3)));
      store<i32>(state, chosen + 1);
    } else if (score > scoreThreshold) {
      const e = entry(queue, size);
      store<f64>(e, score);
      store<i32>(e, box, 8);
      store<i32>(e, chosen, 12);
      siftUp(queue, size);
      size++;
    }
  }
  return total;
}

/**
 * Both exports: the boxes' cache, the candidates (scoring above scoreThreshold), each class's
 * slots (capacity min(maxPerClass, its candidates)), then the greedy loop; float32 scores out.
 */
function suppress(
  boxes: usize, scores: usize, classes: usize, n: i32, classCount: i32, maxOutput: i32, maxPerClass: i32, iouThreshold: f64,
  scoreThreshold: f64, method: i32, scale: f64, scratch: usize, selected: usize, selectedScores: usize,
): i32 {
  const cache = scratch;
  const candidates = cache + <usize>n * BOX_BYTES;
  const queue = candidates + (<usize>n << 2);
  const chosenScores = queue + <usize>n * ENTRY_BYTES;
  const picked = chosenScores + (<usize>n << 3);
  const pickedBoxes = picked + <usize>n * BOX_BYTES;
  const classState = pickedBoxes + (<usize>n << 2);
  cacheBoxes(boxes, n, cache);
  memory.fill(classState, 0, <usize>classCount * CLASS_BYTES);
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (<f64>load<f32>(scores + (<usize>i << 2)) > scoreThreshold) {
      store<i32>(candidates + (<usize>count << 2), i);
      count++;
      const state = classState + (classes == 0 ? 0 : <usize>load<i32>(classes + (<usize>i << 2)) * CLASS_BYTES);
      store<i32>(state, load<i32>(state, 8) + 1, 8);
    }
  }
  // Slots: each class gets min(maxPerClass, its candidates), one after another.
  let capacity = 0;
  for (let c = 0; c < classCount; c++) {
    const state = classState + <usize>c * CLASS_BYTES;
    const slots = min(maxPerClass, load<i32>(state, 8));
    store<i32>(state, capacity, 4);
    store<i32>(state, slots, 8);
    capacity += slots;
  }
  const chosen = greedy(
    cache, scores, candidates, count, classes, classState, max(capacity, 1), maxOutput, iouThreshold, scoreThreshold, method, scale,
    queue, picked, pickedBoxes, selected, chosenScores,
  );
  for (let i = 0; i < chosen; i++) store<f32>(selectedScores + (<usize>i << 2), <f32>load<f64>(chosenScores + (<usize>i << 3)));
  return chosen;
}

/**
 * boxes [n, 4] (y1, x1, y2, x2), scores [n] (float32) → up to maxOutput box indices into selected
 * and their (decayed, for soft-NMS) scores into selectedScores (float32). Returns how many.
 * method: 0 hard, 1 Gaussian (scale = −0.5 / sigma), 2 linear.
 */
export function nonMaxSuppression(
  boxes: usize, scores: usize, n: i32, maxOutput: i32, iouThreshold: f64, scoreThreshold: f64, method: i32, scale: f64,
  scratch: usize, selected: usize, selectedScores: usize,
): i32 {
  return suppress(boxes, scores, 0, n, 1, maxOutput, maxOutput, iouThreshold, scoreThreshold, method, scale, scratch, selected, selectedScores);
}

/**
 * batchedNonMaxSuppression: as nonMaxSuppression, with classes [n] (int32 in [0, classCount)) and
 * boxes of one class suppressing only each other; at most maxPerClass per class, maxOutput in all,
 * by score (then box index). Returns how many.
 */
export function batchedNonMaxSuppression(
  boxes: usize, scores: usize, classes: usize, n: i32, classCount: i32, maxOutput: i32, maxPerClass: i32,
  iouThreshold: f64, scoreThreshold: f64, method: i32, scale: f64, scratch: usize, selected: usize, selectedScores: usize,
): i32 {
  return suppress(boxes, scores, classes, n, classCount, maxOutput, maxPerClass, iouThreshold, scoreThreshold, method, scale, scratch, selected, selectedScores);
}

// Multinomial sampling as tfjs's cpu kernel does it, so a seed gives the cpu's samples: per batch
// row, probabilities (the logits' softmax by the cpu's steps — max, subtract, exp, f64 sum,
// divide — each rounded to float32, unless already normalised), their running sums in float32,
// and for each sample the first event whose running sum exceeds a draw of the Alea generator
// restarted from the seed's state (c, s0, s1, s2: seedrandom's alea, seeded by the caller).

/** Alea's next draw in [0, 1), advancing the state at `state` (f64 c, s0, s1, s2). */
// @ts-ignore: decorator
@inline
function aleaNext(state: usize): f64 {
  const c = load<f64>(state);
  const t = 2091639 * load<f64>(state, 8) + c * 2.3283064365386963e-10;
  store<f64>(state, load<f64>(state, 16), 8);
  store<f64>(state, load<f64>(state, 24), 16);
  const next = <f64>(<i32>t);
  store<f64>(state, next);
  const s2 = t - next;
  store<f64>(state, s2, 24);
  return s2;
}

/**
 * out[batch, samples] int32 from logits[batch, events]; seed: f64 [c, s0, s1, s2]; scratch: 4
 * f64 of state and `events` floats.
 */
export function multinomial(
  logits: usize, out: usize, batch: i32, events: i32, samples: i32, normalized: i32, seed: usize, scratch: usize,
): void {
  const state = scratch;
  const cdf = scratch + 32;
  for (let b = 0; b < batch; b++) {
    const row = logits + ((<usize>b * <usize>events) << 2);
    // Probabilities into cdf[0..events).
    if (normalized != 0) {
      memory.copy(cdf, row, <usize>events << 2);
    } else {
      let best = load<f32>(row);
      for (let e = 0; e < events; e++) {
        const v = load<f32>(row + (<usize>e << 2));
        if (v != v || v > best) best = v;
      }
      let sum: f64 = 0;
      for (let e = 0; e < events; e++) {
        const p = <f32>Math.exp(<f64>(load<f32>(row + (<usize>e << 2)) - best));
        store<f32>(cdf + (<usize>e << 2), p);
        sum += <f64>p;
      }
      const total = <f32>sum;
      for (let e = 0; e < events; e++) store<f32>(cdf + (<usize>e << 2), load<f32>(cdf + (<usize>e << 2)) / total);
    }
    // Running sums over the first events − 1 (the last event is implied).
    for (let e = 1; e < events - 1; e++) store<f32>(cdf + (<usize>e << 2), load<f32>(cdf + (<usize>(e - 1) << 2)) + load<f32>(cdf + (<usize>e << 2)));
    memory.copy(state, seed, 32);
    for (let s = 0; s < samples; s++) {
      const r = aleaNext(state);
      let event = events - 1;
      for (let e = 0; e < events - 1; e++) {
        if (r < <f64>load<f32>(cdf + (<usize>e << 2))) {
          event = e;
          break;
        }
      }
      store<i32>(out + ((<usize>b * <usize>samples + <usize>s) << 2), event);
    }
  }
}

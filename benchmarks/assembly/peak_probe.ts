// The machine's arithmetic peak as WASM sees it: twelve independent chains c = c·m + a, four f32
// lanes each, no memory traffic. Twelve chains cover the multiply + add latency, so the loop is
// bound by how many vector multiplies and adds the cores issue a cycle, which is what the kernels'
// GEMM and Winograd tiles are bound by. The plain build multiplies and adds (two instructions);
// the relaxed build fuses them (f32x4.relaxed_madd). The operands are parameters: with constants,
// binaryen would hoist the products out of the loop and leave only adds.

// @ts-ignore: decorator
@inline
function multiplyAdd(c: v128, m: v128, a: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(c, m, a);
  }
  return f32x4.add(f32x4.mul(c, m), a);
}

/**
 * Runs `iterations` steps of the twelve chains, chain j starting at j, and returns the sum of their
 * first lanes, so nothing is dead code and a test can check the work was done: with m = 1 and
 * a = 1 the result is 66 + 12·iterations (exact while below 2^24). 8 FLOP per chain per step.
 */
export function multiplyAddChains(iterations: i32, multiplier: f32, addend: f32): f32 {
  const m = f32x4.splat(multiplier);
  const a = f32x4.splat(addend);
  // Twelve named chains, unrolled by hand on purpose: an array or a loop over chains would put
  // them in memory, and the probe must keep every chain in a register.
  let c0 = f32x4.splat(0);
  let c1 = f32x4.splat(1);
  let c2 = f32x4.splat(2);
  let c3 = f32x4.splat(3);
  let c4 = f32x4.splat(4);
  let c5 = f32x4.splat(5);
  let c6 = f32x4.splat(6);
  let c7 = f32x4.splat(7);
  let c8 = f32x4.splat(8);
  let c9 = f32x4.splat(9);
  let c10 = f32x4.splat(10);
  let c11 = f32x4.splat(11);
  for (let i = 0; i < iterations; i++) {
    c0 = multiplyAdd(c0, m, a);
    c1 = multiplyAdd(c1, m, a);
    c2 = multiplyAdd(c2, m, a);
    c3 = multiplyAdd(c3, m, a);
    c4 = multiplyAdd(c4, m, a);
    c5 = multiplyAdd(c5, m, a);
    c6 = multiplyAdd(c6, m, a);
    c7 = multiplyAdd(c7, m, a);
    c8 = multiplyAdd(c8, m, a);
    c9 = multiplyAdd(c9, m, a);
    c10 = multiplyAdd(c10, m, a);
    c11 = multiplyAdd(c11, m, a);
  }
  const low = f32x4.add(f32x4.add(f32x4.add(c0, c1), f32x4.add(c2, c3)), f32x4.add(f32x4.add(c4, c5), f32x4.add(c6, c7)));
  const sum = f32x4.add(low, f32x4.add(f32x4.add(c8, c9), f32x4.add(c10, c11)));
  return f32x4.extract_lane(sum, 0);
}

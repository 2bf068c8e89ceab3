// FusedBatchNorm over [..., C]: y = (x - mean) * scale / sqrt(variance + eps) + offset, each
// parameter a scalar (length 1) or per channel (length C), as tfjs's batchNorm broadcasts them.

// @ts-ignore: decorator
@inline
function param(ptr: usize, length: i32, c: i32, fallback: f32): f32 {
  if (length == 0) return fallback;
  return load<f32>(ptr + (<usize>(length == 1 ? 0 : c) << 2));
}

/**
 * `scratch` holds 3·C floats for the per-channel mean, multiplier and offset. A parameter with
 * length 0 is absent (offset 0, scale 1).
 */
export function batchNorm(
  x: usize, out: usize, pixels: i32, channels: i32,
  mean: usize, meanLength: i32, variance: usize, varianceLength: i32,
  offset: usize, offsetLength: i32, scale: usize, scaleLength: i32,
  epsilon: f32, scratch: usize,
): void {
  const means = scratch;
  const multipliers = scratch + (<usize>channels << 2);
  const offsets = scratch + (<usize>channels << 3);
  for (let c = 0; c < channels; c++) {
    const at = <usize>c << 2;
    store<f32>(means + at, param(mean, meanLength, c, 0));
    const s = param(scale, scaleLength, c, 1);
    store<f32>(multipliers + at, s / Mathf.sqrt(param(variance, varianceLength, c, 1) + epsilon));
    store<f32>(offsets + at, param(offset, offsetLength, c, 0));
  }
  const rowBytes = <usize>channels << 2;
  for (let p = 0; p < pixels; p++) {
    const src = x + <usize>p * rowBytes;
    const dst = out + <usize>p * rowBytes;
    let c = 0;
    for (; c + 4 <= channels; c += 4) {
      const at = <usize>c << 2;
      const centred = f32x4.sub(v128.load(src + at), v128.load(means + at));
      v128.store(dst + at, f32x4.add(f32x4.mul(centred, v128.load(multipliers + at)), v128.load(offsets + at)));
    }
    for (; c < channels; c++) {
      const at = <usize>c << 2;
      store<f32>(dst + at, (load<f32>(src + at) - load<f32>(means + at)) * load<f32>(multipliers + at) + load<f32>(offsets + at));
    }
  }
}

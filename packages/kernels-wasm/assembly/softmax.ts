// Softmax over the last axis of [rows, n]: exp(x - max) / sum, as tfjs's cpu kernel computes it.
import { expApprox } from './simd';

export function softmax(x: usize, out: usize, rows: i32, n: i32): void {
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++) {
    const src = x + <usize>r * rowBytes;
    const dst = out + <usize>r * rowBytes;
    let i = 0;
    let rowMax: f32 = -Infinity;
    if (n >= 4) {
      let m = v128.load(src);
      for (i = 4; i + 4 <= n; i += 4) m = f32x4.max(m, v128.load(src + (<usize>i << 2)));
      rowMax = max<f32>(max<f32>(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)),
        max<f32>(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
    } else {
      i = 0;
    }
    for (; i < n; i++) rowMax = max<f32>(rowMax, load<f32>(src + (<usize>i << 2)));
    const maxV = f32x4.splat(rowMax);
    let sumV = f32x4.splat(0);
    let sum: f32 = 0;
    for (i = 0; i + 4 <= n; i += 4) {
      const at = <usize>i << 2;
      const e = expApprox(f32x4.sub(v128.load(src + at), maxV));
      v128.store(dst + at, e);
      sumV = f32x4.add(sumV, e);
    }
    for (; i < n; i++) {
      const at = <usize>i << 2;
      const e = Mathf.exp(load<f32>(src + at) - rowMax);
      store<f32>(dst + at, e);
      sum += e;
    }
    sum += (f32x4.extract_lane(sumV, 0) + f32x4.extract_lane(sumV, 1)) +
      (f32x4.extract_lane(sumV, 2) + f32x4.extract_lane(sumV, 3));
    const sumSplat = f32x4.splat(sum);
    for (i = 0; i + 4 <= n; i += 4) {
      const at = <usize>i << 2;
      v128.store(dst + at, f32x4.div(v128.load(dst + at), sumSplat));
    }
    for (; i < n; i++) {
      const at = <usize>i << 2;
      store<f32>(dst + at, load<f32>(dst + at) / sum);
    }
  }
}

// ScatterNd and TensorScatterUpdate: `count` rows of `inner` elements from `updates` land on the
// output rows `rows` names (flat indices, checked by the caller). ScatterNd adds (duplicates sum, in
// update order, as tfjs's cpu kernel does); TensorScatterUpdate overwrites (the last update wins).
// One thread: two updates may hit the same row.
import { copyBytes } from './simd';

/** SCATTER modes (src/scatter.ts): overwrite, or add as float32, int32 or uint8 (bool). */
const SET: i32 = 0;
const ADD_F32: i32 = 1;
const ADD_I32: i32 = 2;

export function scatter(out: usize, updates: usize, rows: usize, count: i32, inner: i32, elementBytes: i32, mode: i32): void {
  const rowBytes = <usize>inner * <usize>elementBytes;
  for (let u = 0; u < count; u++) {
    const dst = out + <usize>load<i32>(rows + (<usize>u << 2)) * rowBytes;
    const src = updates + <usize>u * rowBytes;
    if (mode == SET) {
      copyBytes(dst, src, rowBytes);
    } else if (mode == ADD_F32) {
      let k = 0;
      for (; k + 4 <= inner; k += 4) {
        const at = <usize>k << 2;
        v128.store(dst + at, f32x4.add(v128.load(dst + at), v128.load(src + at)));
      }
      for (; k < inner; k++) store<f32>(dst + (<usize>k << 2), load<f32>(dst + (<usize>k << 2)) + load<f32>(src + (<usize>k << 2)));
    } else if (mode == ADD_I32) {
      for (let k = 0; k < inner; k++) store<i32>(dst + (<usize>k << 2), load<i32>(dst + (<usize>k << 2)) + load<i32>(src + (<usize>k << 2)));
    } else {
      for (let k = 0; k < inner; k++) store<u8>(dst + <usize>k, load<u8>(dst + <usize>k) + load<u8>(src + <usize>k));
    }
  }
}

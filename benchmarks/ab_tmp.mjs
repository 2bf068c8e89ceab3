import { loadKernels, packConv2DFilter } from '@fovea/kernels-wasm';
const variant = process.argv[2] ?? 'simd';
const k = await loadKernels({ variant });
const e = k.exports, a = k.arena;
const shapes = [
  ['conv3x3', 56, 56, 64, 64, 3, 3, 1, 58, 58],
  ['conv1x1', 28, 28, 256, 256, 1, 1, 1, 28, 28],
  ['stem', 112, 112, 3, 64, 7, 7, 2, 229, 229],
  ['textbook', 150, 100, 3, 200, 5, 5, 1, 154, 104],
];
for (const [name, oh, ow, C, Cout, kh, kw, s, Hs, Ws] of shapes) {
  const g = { batchSize: 1, inHeight: Hs, inWidth: Ws, outHeight: oh, outWidth: ow, inChannels: C, outChannels: Cout, filterHeight: kh, filterWidth: kw, strideHeight: s, strideWidth: s, dilationHeight: 1, dilationWidth: 1, padInfo: { top: 0, left: 0 } };
  const p = packConv2DFilter(k, new Float32Array(kh*kw*C*Cout).map(() => Math.random()), g);
  a.reset(); const st = a.allocFrom(new Float32Array(Hs*Ws*C).map(() => Math.random())); const pk = a.allocFrom(p.panels); const ro = a.alloc(oh*ow); const ru = a.alloc(kh*kw); const sc = a.alloc(8); const out = a.alloc(oh*ow*Cout); const out2 = a.alloc(oh*ow*Cout);
  e.conv2d(st, 1, Hs, Ws, C, pk, 0, out, oh, ow, Cout, kh, kw, s, s, 1, 1, ro, ru, sc, 0, 0, 0, 1);
  const M = oh*ow, runs = kh, runLen = kw*C;
  const fns = { new: () => e.gemm(st, ro, M, ru, runs, runLen, pk, 0, out, Cout, sc), base: () => e.gemmBaseline(st, ro, M, ru, runs, runLen, pk, 0, out2, Cout, sc) };
  for (let i = 0; i < 15; i++) { fns.new(); fns.base(); }
  const t = { new: [], base: [] };
  for (let i = 0; i < 40; i++) for (const n of ['new', 'base']) { const t0 = performance.now(); fns[n](); t[n].push(performance.now() - t0); }
  const flops = 2*M*Cout*kh*kw*C;
  const f = (arr) => { arr.sort((x,y)=>x-y); return `med ${(flops/arr[20]/1e6).toFixed(1)} max ${(flops/arr[0]/1e6).toFixed(1)}`; };
  const v1 = a.f32(out, M*Cout), v2 = a.f32(out2, M*Cout); let diff = 0; for (let i = 0; i < v1.length; i++) diff = Math.max(diff, Math.abs(v1[i]-v2[i]));
  console.log(variant, name, 'new', f(t.new), '| base', f(t.base), '| maxdiff', diff.toExponential(1));
}

// Verify every builder at its default input size (batch 1): the forward pass on fovea-wasm must
// match tfjs's cpu backend with the same weights and input, and predict must not leak tensors.
// Not part of CI: the cpu passes at full size take minutes for the larger models.
// Usage: node scripts/verify_zoo.mjs [--models ResNet50,VGG16] [--json out.json] [--tolerance 1e-3]
//        [--seed 1] [--threads N (fovea-wasm's thread count; default: its own, every core)]
// Build first (`npm run build` at the root): this imports the packages' dist/.
//
// Per model:
// 1. On cpu, build the model once with `classifierActivation: null` (logits: a softmax would hide
//    differences in its near-uniform output), its weights drawn from a seeded generator (tfjs's
//    unseeded initializers draw their seed from Math.random, replaced while building), so reruns
//    build the same weights.
// 2. One random image in [0, 255], through the family's preprocessInput.
// 3. Forward once on cpu (where the weights live). Then switch to fovea-wasm, move the weights
//    there (timed apart; next to free, as fovea-wasm keeps tensor data in JS memory like the cpu
//    backend), forward twice: cold (first-call costs) and warm (the time reported). Both backends
//    run the very same weight tensors; a checksum of all weights before the cpu pass and after
//    the wasm passes proves nothing changed them.
// 4. Compare the cold wasm output with cpu's:
//    - maxRelDiff = max_i |w_i - c_i| / max_i |c_i|   (the zoo check's criterion, <= tolerance)
//    - elemRelDiff = max_i |w_i - c_i| / (|c_i| + eps), eps = 1e-3 * max_i |c_i|
//      (per element, the epsilon keeping logits near zero from dominating)
//    - top-5 of both backends, and whether the two wasm passes agree exactly.
// 5. Leak-free: tf.memory().numTensors is the same after predict + dispose as before, on both
//    backends, and after model.dispose() the same as before building.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as foveaWasm from '@foveajs/backend-wasm';
import { setBackend, tf } from '@foveajs/core';
// mulberry32, standing in for Math.random while a model is built.
import { seededRandom } from '@foveajs/datasets';
import { listModels } from '@foveajs/models';

const { values: args } = parseArgs({
  options: {
    models: { type: 'string' },
    json: { type: 'string' },
    tolerance: { type: 'string', default: '1e-3' },
    seed: { type: 'string', default: '1' },
    threads: { type: 'string' },
  },
});
const tolerance = Number(args.tolerance);
if (!(tolerance > 0)) throw new Error(`--tolerance: expected a positive number, got '${args.tolerance}'`);
const seed = Number(args.seed);
if (!Number.isInteger(seed)) throw new Error(`--seed: expected an integer, got '${args.seed}'`);
if (args.threads !== undefined) foveaWasm.setThreadsCount(Number(args.threads)); // throws naming a bad value

const all = listModels();
let selected = all;
if (args.models !== undefined) {
  const names = args.models.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !all.some((m) => m.name === n));
  if (unknown.length > 0) throw new Error(`--models: unknown ${unknown.join(', ')}; expected some of ${all.map((m) => m.name).join(', ')}`);
  selected = all.filter((m) => names.includes(m.name));
}

function buildSeeded(info, modelSeed) {
  const original = Math.random;
  Math.random = seededRandom(modelSeed);
  try {
    return info.build({ classifierActivation: null });
  } finally {
    Math.random = original;
  }
}

/** Sum and sum of |x| over every weight, in float64: equal before and after means unchanged. */
function checksum(model) {
  let sum = 0;
  let abs = 0;
  for (const w of model.weights) {
    const v = w.read().dataSync();
    for (let i = 0; i < v.length; i++) {
      sum += v[i];
      abs += Math.abs(v[i]);
    }
  }
  return { sum, abs };
}

/** Move every weight's data to the current backend (what the first kernel touching it would do). */
function moveWeightsToCurrentBackend(model) {
  const engine = tf.engine();
  const backend = tf.backend();
  for (const w of model.weights) {
    const { dataId } = w.read();
    if (engine.state.tensorInfo.get(dataId).backend !== backend) engine.moveData(backend, dataId);
  }
}

async function timedPredict(model, x) {
  const before = tf.memory().numTensors;
  const start = performance.now();
  const y = model.predict(x);
  const values = await y.data();
  const ms = performance.now() - start;
  y.dispose();
  return { values, ms, leaked: tf.memory().numTensors - before };
}

function compare(wasm, cpu) {
  let maxAbs = 0;
  let scale = 0;
  for (let i = 0; i < cpu.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(wasm[i] - cpu[i]));
    scale = Math.max(scale, Math.abs(cpu[i]));
  }
  const eps = 1e-3 * scale;
  let elemRel = 0;
  for (let i = 0; i < cpu.length; i++) elemRel = Math.max(elemRel, Math.abs(wasm[i] - cpu[i]) / (Math.abs(cpu[i]) + eps));
  return { maxAbsDiff: maxAbs, maxAbsCpu: scale, maxRelDiff: maxAbs / Math.max(scale, 1e-30), elemRelDiff: elemRel };
}

function topK(values, k) {
  return Array.from(values.keys())
    .sort((a, b) => values[b] - values[a])
    .slice(0, k);
}

const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const log = (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function verify(info, index) {
  const size = info.defaultSize;
  const inputShape = [1, size, size, info.channels];
  await setBackend('cpu');
  const tensorsAtStart = tf.memory().numTensors;
  let start = performance.now();
  const model = buildSeeded(info, seed * 1000 + index);
  const buildMs = performance.now() - start;
  const result = { model: info.name, inputShape, params: model.countParams(), buildMs };
  let x;
  try {
    x = tf.tidy(() => info.preprocessInput(tf.randomUniform(inputShape, 0, 255, 'float32', seed)));
    const before = checksum(model);
    log(`${info.name}: built (${result.params.toLocaleString('en-US')} params, ${fmtMs(buildMs)}); cpu forward at ${size}x${size}...`);

    const cpu = await timedPredict(model, x);
    log(`${info.name}: cpu ${fmtMs(cpu.ms)}; fovea-wasm...`);

    await setBackend('fovea-wasm');
    start = performance.now();
    moveWeightsToCurrentBackend(model);
    const moveMs = performance.now() - start;
    const cold = await timedPredict(model, x);
    const warm = await timedPredict(model, x);
    const after = checksum(model);

    const cmp = compare(cold.values, cpu.values);
    const cpuTop = topK(cpu.values, 5);
    const wasmTop = topK(cold.values, 5);
    Object.assign(result, {
      ...cmp,
      passes: cmp.maxRelDiff <= tolerance && Number.isFinite(cmp.maxRelDiff),
      cpuFinite: cpu.values.every(Number.isFinite),
      top5Cpu: cpuTop,
      top5Wasm: wasmTop,
      top1Agrees: cpuTop[0] === wasmTop[0],
      wasmRepeatable: cold.values.every((v, i) => v === warm.values[i]),
      cpuMs: cpu.ms,
      wasmWeightMoveMs: moveMs,
      wasmColdMs: cold.ms,
      wasmMs: warm.ms,
      leakedCpu: cpu.leaked,
      leakedWasm: Math.max(cold.leaked, warm.leaked),
      weightsUnchanged: before.sum === after.sum && before.abs === after.abs,
      weightsChecksum: before,
    });
  } finally {
    x?.dispose();
    model.dispose();
    await setBackend('cpu');
  }
  result.leakedAfterDispose = tf.memory().numTensors - tensorsAtStart;
  result.leakFree = result.leakedCpu === 0 && result.leakedWasm === 0 && result.leakedAfterDispose === 0;
  log(
    `${info.name}: maxRelDiff ${result.maxRelDiff.toExponential(2)} (elem ${result.elemRelDiff.toExponential(2)}) ` +
      `${result.passes ? 'OK' : `EXCEEDS ${tolerance}`}; cpu ${fmtMs(result.cpuMs)}, fovea-wasm ${fmtMs(result.wasmMs)} ` +
      `(cold ${fmtMs(result.wasmColdMs)} + weights ${fmtMs(result.wasmWeightMoveMs)}); ` +
      `leak-free ${result.leakFree ? 'yes' : `NO (cpu ${result.leakedCpu}, wasm ${result.leakedWasm}, dispose ${result.leakedAfterDispose})`}; ` +
      `top-1 ${result.top1Agrees ? 'agrees' : 'DIFFERS'}; weights ${result.weightsUnchanged ? 'unchanged' : 'CHANGED'}`,
  );
  return result;
}

const report = {
  date: new Date().toISOString(),
  command: `node scripts/verify_zoo.mjs ${process.argv.slice(2).join(' ')}`.trim(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg() },
  tolerance,
  seed,
  results: [],
};
// Start fovea-wasm (and its worker threads, where the build has them) before any timing.
await setBackend('fovea-wasm');
await foveaWasm.whenThreadsReady?.();
report.machine.foveaWasmThreads = foveaWasm.getThreadsCount?.() ?? 1;
const started = performance.now();
log(`fovea-wasm with ${report.machine.foveaWasmThreads} thread(s); tfjs cpu is single-threaded`);
log(`verifying ${selected.length} model(s) on cpu vs fovea-wasm, tolerance ${tolerance} (max|wasm-cpu| / max|cpu|)`);
for (const info of selected) {
  try {
    report.results.push(await verify(info, all.indexOf(info)));
  } catch (error) {
    log(`${info.name}: FAILED ${error?.stack ?? error}`);
    report.results.push({ model: info.name, error: String(error?.message ?? error) });
  }
  report.machine.loadavgEnd = os.loadavg();
  if (args.json) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`); // after each model: a crash keeps the rest
}

const row = (r) =>
  r.error
    ? `| ${r.model} | error: ${r.error} | | | |`
    : `| ${r.model} | ${r.inputShape.slice(1, 3).join('×')} | ${r.maxRelDiff.toExponential(1)} | ${r.elemRelDiff.toExponential(1)} | ${Math.round(r.cpuMs).toLocaleString('en-US')} | ${Math.round(r.wasmMs).toLocaleString('en-US')} | ${r.leakFree ? 'yes' : 'no'} |`;
console.log('\n| Model | Input | max rel diff | elem rel diff | cpu ms | fovea-wasm ms | leak-free |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
for (const r of report.results) console.log(row(r));
const failed = report.results.filter((r) => r.error || !r.passes || !r.leakFree);
log(`done in ${fmtMs(performance.now() - started)}: ${report.results.length - failed.length}/${report.results.length} pass`);
process.exitCode = failed.length > 0 ? 1 : 0;

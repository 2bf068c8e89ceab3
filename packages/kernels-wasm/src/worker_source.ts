import {
  ARGC,
  CHUNK,
  DONE,
  ERROR,
  FN,
  NEXT,
  SEQ,
  SLOT_END,
  SLOT_GATE,
  SLOT_JOB,
  SLOT_PART,
  SLOT_READY,
  SLOT_START,
  SPIN,
  spinWhileEqual,
  TOTAL,
} from './threads.js';

/**
 * The code of a kernel worker, as a string: Node runs it with `new Worker(source, { eval: true })`
 * and browsers from a Blob URL, so it needs no file next to the bundle that loads it.
 *
 * A worker compiles its own copy of the threads build (V8 kept workers that instantiated the main
 * thread's WebAssembly.Module on baseline code, at half speed: they never tiered up), instantiates
 * it over the shared memory, marks itself ready, then waits on the job counter: polling it for the
 * pool's spinMicroseconds, then asleep in Atomics.wait (an idle pool costs no CPU). For each job it is
 * assigned, it calls the named export with the job's arguments plus `start, end, part` — its range
 * (static jobs) or chunk after chunk claimed from the shared counter (dynamic jobs) — and counts
 * itself done. Waiting happens here in JS, not in WASM: Node 20's baseline compiler can
 * lose a local that is live across memory.atomic.wait32. The control block's layout is threads.ts's,
 * its slot numbers interpolated below.
 */
export const WORKER_SOURCE = `
'use strict';
const spinWhileEqual = ${spinWhileEqual.toString()};
function serve(init) {
  const { bytes, memory, control, args, names, slot } = init;
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
    env: {
      memory,
      abort(_message, _file, line, column) { throw new Error('Fovea kernel aborted at ' + line + ':' + column); },
    },
  });
  const functions = names.map((name) => instance.exports[name]);
  const ctrl = new Int32Array(control);
  const argv = new Float64Array(args);
  let seen = Atomics.load(ctrl, ${SEQ});
  Atomics.store(ctrl, slot + ${SLOT_READY}, 1);
  for (;;) {
    if (!spinWhileEqual(ctrl, ${SEQ}, seen, ctrl[${SPIN}])) Atomics.wait(ctrl, ${SEQ}, seen);
    const job = Atomics.load(ctrl, ${SEQ});
    if (job === seen) continue;
    seen = job;
    if (Atomics.load(ctrl, slot + ${SLOT_JOB}) !== job) continue;
    // Join through the gate; the calling thread may have closed it and taken the part.
    if (Atomics.compareExchange(ctrl, slot + ${SLOT_GATE}, job, 0) !== job) continue;
    try {
      const fn = functions[ctrl[${FN}]];
      const call = Array.prototype.slice.call(argv, 0, ctrl[${ARGC}]);
      const part = ctrl[slot + ${SLOT_PART}];
      const chunk = ctrl[${CHUNK}];
      if (chunk === 0) {
        fn.apply(null, call.concat([ctrl[slot + ${SLOT_START}], ctrl[slot + ${SLOT_END}], part]));
      } else {
        const total = ctrl[${TOTAL}];
        for (let start = Atomics.add(ctrl, ${NEXT}, chunk); start < total; start = Atomics.add(ctrl, ${NEXT}, chunk)) {
          fn.apply(null, call.concat([start, Math.min(total, start + chunk), part]));
        }
      }
    } catch (error) {
      Atomics.store(ctrl, ${ERROR}, 1);
      Atomics.store(ctrl, ${NEXT}, ctrl[${TOTAL}]);
    }
    Atomics.add(ctrl, ${DONE}, 1);
    Atomics.notify(ctrl, ${DONE});
  }
}
if (typeof require === 'function' && typeof self === 'undefined') {
  serve(require('node:worker_threads').workerData);
} else {
  self.onmessage = (event) => serve(event.data);
}
`;

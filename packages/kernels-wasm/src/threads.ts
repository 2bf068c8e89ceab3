import { type KernelExports, PARALLEL_EXPORTS, type ParallelExport } from './exports.js';

/** Most workers a pool runs (plus the calling thread). */
export const MAX_WORKERS = 31;
/**
 * Below this much work (multiply-adds, or elements touched) a kernel runs on the calling thread:
 * waking a sleeping worker costs tens of microseconds, about what 1M multiply-adds take.
 */
export const MIN_PARALLEL_WORK = 1 << 20;

// Control block (Int32Array over a SharedArrayBuffer), shared with worker_source.ts.
export const SEQ = 0; // job counter; workers Atomics.wait on it
export const DONE = 1; // workers finished with the current job
export const FN = 2; // index into PARALLEL_EXPORTS
export const ARGC = 3;
export const ERROR = 4; // set by a worker whose call threw
export const NEXT = 5; // dynamic jobs: the next unclaimed index
export const TOTAL = 6; // dynamic jobs: the end of the range
export const CHUNK = 7; // dynamic jobs: indices per claim; 0 for a static job (ranges in the slots)
export const SPIN = 8; // microseconds a thread polls for the next job (or for the workers) before it sleeps
// Worker w's slot starts at SLOTS + w·SLOT_INTS: the job it is assigned, its static range and part
// index, whether it is ready, and its gate. The gate holds the job while its part is open; the
// worker joins, or the calling thread takes the part back, by swapping it to 0 (compareExchange:
// exactly one of them wins).
const SLOTS = 9;
const SLOT_INTS = 8;
export const SLOT_JOB = 0;
export const SLOT_START = 1;
export const SLOT_END = 2;
export const SLOT_PART = 3;
export const SLOT_READY = 4;
export const SLOT_GATE = 5;
const MAX_ARGS = 64;

/** What a worker receives (structured-cloned: the shared memory and control blocks are shared, not copied). */
export interface WorkerInit {
  /** The module's bytes: each worker compiles its own copy (see worker_source.ts). */
  bytes: ArrayBuffer;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  args: SharedArrayBuffer;
  names: readonly string[];
  slot: number;
}

export interface WorkerHandle {
  terminate(): unknown;
}

/** Starts one worker running WORKER_SOURCE with `init` (Node: worker_threads; browsers: Worker). */
export type SpawnWorker = (init: WorkerInit) => WorkerHandle;

function mainThreadCanBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false; // a browser's main thread: wait by spinning instead
  }
}

/** Chunks per thread of a dynamic job: enough that a thread the OS delays holds up little. */
const CHUNKS_PER_THREAD = 4;

/**
 * Default spin before sleeping, in microseconds. A model runs its parallel kernels back to back,
 * tens of microseconds apart, and each sleep in Atomics.wait costs a wake-up on both sides: polling
 * a few times that gap keeps both sides awake from one kernel to the next.
 */
export const DEFAULT_SPIN_MICROSECONDS = 200;

/**
 * Poll `cell` until it differs from `value` or `micros` have passed; true when it changed. Reads
 * the clock every 64 polls only: a poll is a few nanoseconds, performance.now() far more.
 */
export function spinWhileEqual(cell: Int32Array, index: number, value: number, micros: number): boolean {
  if (micros <= 0) return Atomics.load(cell, index) !== value;
  const deadline = performance.now() + micros / 1000;
  for (;;) {
    for (let i = 0; i < 64; i++) {
      if (Atomics.load(cell, index) !== value) return true;
    }
    if (performance.now() > deadline) return Atomics.load(cell, index) !== value;
  }
}

/**
 * Workers sharing the kernel module's memory. The calling thread takes part 0 of every job, so
 * `threads` = workers + 1. Workers start asynchronously; a job only goes to workers that have
 * reported ready, so the pool is usable (single-threaded) from the first call.
 */
export class ThreadPool {
  private readonly control = new Int32Array(new SharedArrayBuffer((SLOTS + MAX_WORKERS * SLOT_INTS) * 4));
  private readonly args = new Float64Array(new SharedArrayBuffer(MAX_ARGS * 8));
  private readonly workers: Array<WorkerHandle | undefined> = [];
  private readonly canBlock = mainThreadCanBlock();
  private count = 1;

  constructor(
    private readonly bytes: ArrayBuffer,
    private readonly memory: WebAssembly.Memory,
    private readonly exports: KernelExports,
    private readonly spawn: SpawnWorker,
    threads: number,
  ) {
    this.control[SPIN] = DEFAULT_SPIN_MICROSECONDS;
    this.setThreads(threads);
  }

  /**
   * Microseconds a thread keeps polling for work before it sleeps: workers after a job (waiting
   * for the next), the calling thread at the end of one (waiting for the workers). Polling keeps
   * a core busy that long after each job; 0 makes every wait a sleep (the least CPU, the slowest
   * hand-over between back-to-back kernels).
   */
  get spinMicroseconds(): number {
    return Atomics.load(this.control, SPIN);
  }

  set spinMicroseconds(micros: number) {
    if (!Number.isInteger(micros) || micros < 0 || micros > 1_000_000) {
      throw new RangeError(`spinMicroseconds: got ${micros}, expected an integer from 0 to 1000000`);
    }
    Atomics.store(this.control, SPIN, micros);
  }

  /** Threads a kernel may use, the calling one included. */
  get threads(): number {
    return this.count;
  }

  /** Workers that have instantiated the module and wait for jobs. */
  get readyWorkers(): number {
    return this.readySlots().length;
  }

  /**
   * Use `threads` threads from the next job on. More threads than ever before start new workers;
   * fewer leave the extra workers asleep (not terminated), so switching back is free.
   */
  setThreads(threads: number): void {
    if (!Number.isInteger(threads) || threads < 1 || threads > MAX_WORKERS + 1) {
      throw new RangeError(`threads: got ${threads}, expected an integer from 1 to ${MAX_WORKERS + 1}`);
    }
    for (let w = this.workers.length; w < threads - 1; w++) {
      this.workers[w] = this.spawn({
        bytes: this.bytes,
        memory: this.memory,
        control: this.control.buffer as SharedArrayBuffer,
        args: this.args.buffer as SharedArrayBuffer,
        names: PARALLEL_EXPORTS,
        slot: SLOTS + w * SLOT_INTS,
      });
    }
    this.count = threads;
  }

  /** Resolves once every worker in use is ready (or after `timeoutMs`), for benchmarks and tests. */
  async whenReady(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.readyWorkers < this.count - 1) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return true;
  }

  /**
   * Run `name(...args, start, end, part)` over [0, total) split into whole multiples of `grain`;
   * `work` (multiply-adds or elements) below MIN_PARALLEL_WORK, or a single grain, stays on this
   * thread. Dynamic (the default): threads claim chunks of about total / (4·threads) from a shared
   * counter until none is left, so a thread the OS delays (a busy machine) costs little; each
   * participant may call `name` several times. Static: one range per participant, one call each
   * (for kernels that keep per-part state, such as a per-thread sum). A worker still asleep when
   * the calling thread is through loses its part to the calling thread. Returns once every part is
   * done, with the number of parts (each with its own `part` index, whoever ran it).
   */
  run(name: ParallelExport, args: number[], total: number, grain: number, work: number, split: 'dynamic' | 'static' = 'dynamic'): number {
    const fn = this.exports[name] as unknown as (...values: number[]) => void;
    const units = Math.ceil(total / grain);
    const slots = work < MIN_PARALLEL_WORK ? [] : this.readySlots();
    const wanted = Math.min(this.count, slots.length + 1, units);
    if (wanted <= 1) {
      fn(...args, 0, total, 0);
      return 1;
    }
    const span = Math.ceil(units / wanted) * grain;
    const parts = Math.ceil(total / span);
    const c = this.control;
    const job = (Atomics.load(c, SEQ) + 1) | 0 || 1;
    c[FN] = PARALLEL_EXPORTS.indexOf(name);
    c[ARGC] = args.length;
    c[ERROR] = 0;
    this.args.set(args);
    const chunk = split === 'static' ? 0 : Math.ceil(units / (parts * CHUNKS_PER_THREAD)) * grain;
    c[CHUNK] = chunk;
    c[TOTAL] = total;
    Atomics.store(c, NEXT, 0);
    Atomics.store(c, DONE, 0);
    for (let p = 1; p < parts; p++) {
      const slot = slots[p - 1]!;
      c[slot + SLOT_START] = p * span;
      c[slot + SLOT_END] = Math.min(total, (p + 1) * span);
      c[slot + SLOT_PART] = p;
      Atomics.store(c, slot + SLOT_GATE, job);
      Atomics.store(c, slot + SLOT_JOB, job);
    }
    Atomics.store(c, SEQ, job);
    Atomics.notify(c, SEQ);
    let failure: unknown;
    try {
      if (chunk === 0) {
        fn(...args, 0, span, 0);
      } else {
        for (let start = Atomics.add(c, NEXT, chunk); start < total; start = Atomics.add(c, NEXT, chunk)) {
          fn(...args, start, Math.min(total, start + chunk), 0);
        }
      }
    } catch (error) {
      failure = error;
      // Let the workers run out of chunks rather than wait for ours.
      Atomics.store(c, NEXT, total);
    }
    // A worker that has not woken up yet loses its part: closing its gate means it will not join,
    // so nobody waits for its wake-up (a sleeping worker can take hundreds of microseconds). A
    // static part is then run here; a dynamic job's chunks are all claimed by now.
    let joined = 0;
    for (let p = 1; p < parts; p++) {
      const slot = slots[p - 1]!;
      if (Atomics.compareExchange(c, slot + SLOT_GATE, job, 0) !== job) {
        joined++;
      } else if (chunk === 0 && failure === undefined) {
        try {
          fn(...args, c[slot + SLOT_START]!, c[slot + SLOT_END]!, p);
        } catch (error) {
          failure = error;
        }
      }
    }
    // Workers that joined write the same memory: never return (or throw) before they are done.
    const spin = c[SPIN]!;
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done >= joined) break;
      if (this.canBlock && !spinWhileEqual(c, DONE, done, spin)) Atomics.wait(c, DONE, done);
    }
    if (failure !== undefined) throw failure;
    if (c[ERROR] !== 0) throw new Error(`Fovea kernel '${name}' failed on a worker thread`);
    return parts;
  }

  /** Stop every worker (the pool then runs everything on the calling thread). */
  terminate(): void {
    for (let w = 0; w < this.workers.length; w++) {
      Atomics.store(this.control, SLOTS + w * SLOT_INTS + SLOT_READY, 0);
      this.workers[w]?.terminate();
    }
    this.workers.length = 0;
    this.count = 1;
  }

  /** Slots of the workers in use (the first threads − 1) that are ready. */
  private readySlots(): number[] {
    const slots: number[] = [];
    for (let w = 0; w < Math.min(this.workers.length, this.count - 1); w++) {
      const slot = SLOTS + w * SLOT_INTS;
      if (Atomics.load(this.control, slot + SLOT_READY) === 1) slots.push(slot);
    }
    return slots;
  }
}

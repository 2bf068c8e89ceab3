// The backend switch every panel shows: one choice for the whole page (fovea-wasm on all threads or
// one, tfjs-wasm, webgpu where there is an adapter, cpu), runs serialised so that no panel changes
// the backend under another's feet, and each run timed.
import { getThreadsCount, setThreadsCount, whenThreadsReady } from '@foveajs/backend-wasm';
import { type BackendName, type Features, getBackend, setBackend } from '@foveajs/core';

export type ChoiceId = 'fovea-wasm' | 'fovea-wasm-1' | 'tfjs-wasm' | 'webgpu' | 'cpu';

export interface BackendChoice {
  id: ChoiceId;
  backend: BackendName;
  /** fovea-wasm's thread count for this choice. */
  threads?: number;
  label: string;
  available: boolean;
  /** Why it is not available here. */
  reason?: string;
}

/** One timed run: what it ran on and how long it took (compute and reading the result back). */
export interface RunReport {
  choice: ChoiceId;
  /** The backend tfjs actually ran, by Fovea's name. */
  ran: string;
  threads?: number;
  ms: number;
}

/** fovea-wasm's thread count on this page: one per core where threads work (cross-origin isolation). */
export function pageThreads(features: Features): number {
  return features.wasmThreads ? Math.max(1, navigator.hardwareConcurrency || 1) : 1;
}

export function backendChoices(features: Features): BackendChoice[] {
  const threads = pageThreads(features);
  const simd = features.wasmSimd;
  const noSimd = 'this browser lacks WebAssembly SIMD';
  return [
    {
      id: 'fovea-wasm',
      backend: 'fovea-wasm',
      threads,
      label: `fovea-wasm, ${threads} thread${threads === 1 ? '' : 's'}`,
      available: simd,
      ...(simd ? {} : { reason: noSimd }),
    },
    { id: 'fovea-wasm-1', backend: 'fovea-wasm', threads: 1, label: 'fovea-wasm, 1 thread', available: simd, ...(simd ? {} : { reason: noSimd }) },
    { id: 'tfjs-wasm', backend: 'tfjs-wasm', label: 'tfjs-wasm (XNNPACK, 1 thread)', available: true },
    {
      id: 'webgpu',
      backend: 'webgpu',
      label: features.webgpuAdapter ? `webgpu (${features.webgpuAdapter.description})` : 'webgpu',
      available: features.webgpuAdapter !== null,
      ...(features.webgpuAdapter ? {} : { reason: features.webgpuReason ?? 'no WebGPU adapter' }),
    },
    { id: 'cpu', backend: 'cpu', label: 'cpu (plain JavaScript)', available: true },
  ];
}

export function describeRun(run: RunReport): string {
  const threads = run.ran === 'fovea-wasm' && run.threads !== undefined ? `, ${run.threads} thread${run.threads === 1 ? '' : 's'}` : '';
  return `${run.ms < 10 ? run.ms.toFixed(1) : run.ms.toFixed(0)} ms on ${run.ran}${threads}`;
}

/** Show a run in a panel's latency line; the data attributes are for the browser test. */
export function showRun(element: HTMLElement, run: RunReport, what = 'last run'): void {
  element.textContent = `${what}: ${describeRun(run)}`;
  element.dataset['backend'] = run.ran;
  element.dataset['choice'] = run.choice;
  element.dataset['ms'] = run.ms.toFixed(2);
}

export class BackendSwitch {
  readonly choices: BackendChoice[];
  private current: ChoiceId;
  private readonly listeners = new Set<(choice: BackendChoice) => void>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(features: Features) {
    this.choices = backendChoices(features);
    this.current = this.choices.find((choice) => choice.available)?.id ?? 'cpu';
  }

  get choice(): BackendChoice {
    return this.choices.find((choice) => choice.id === this.current)!;
  }

  /** Choose another backend for the whole page; listeners (the panels) re-run on it. */
  select(id: ChoiceId): void {
    const choice = this.choices.find((c) => c.id === id);
    if (choice === undefined || !choice.available) throw new Error(`backend switch: '${id}' is not available here${choice?.reason ? ` (${choice.reason})` : ''}`);
    if (id === this.current) return;
    this.current = id;
    for (const listener of this.listeners) listener(choice);
  }

  onChange(listener: (choice: BackendChoice) => void): void {
    this.listeners.add(listener);
  }

  /**
   * Run `work` alone (runs are queued) on `choice` (default: the page's), timed from its start to
   * its end; `work` should read its results back (await data()) so the time covers the compute.
   */
  run<T>(work: () => Promise<T> | T, choice: BackendChoice = this.choice): Promise<{ value: T; run: RunReport }> {
    const next = this.queue.then(async () => {
      await activate(choice);
      const started = performance.now();
      const value = await work();
      const ms = performance.now() - started;
      const ran = getBackend();
      return { value, run: { choice: choice.id, ran, ms, ...(ran === 'fovea-wasm' ? { threads: getThreadsCount() } : {}) } };
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Run `work` alone on whatever backend is active, untimed (building models, loading weights). */
  exclusive<T>(work: () => Promise<T> | T): Promise<T> {
    const next = this.queue.then(async () => {
      await activate(this.choice);
      return work();
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A <select> bound to the page's choice, for a panel's header. */
  control(): HTMLElement {
    const label = document.createElement('label');
    label.className = 'backend-switch';
    label.append('Backend ');
    const select = document.createElement('select');
    select.name = 'backend';
    for (const choice of this.choices) {
      const option = new Option(choice.available ? choice.label : `${choice.label} — ${choice.reason}`, choice.id, false, choice.id === this.current);
      option.disabled = !choice.available;
      select.append(option);
    }
    select.addEventListener('change', () => this.select(select.value as ChoiceId));
    this.onChange((choice) => {
      select.value = choice.id;
    });
    label.append(select);
    return label;
  }
}

/** Make `choice` the engine's backend, with its thread count, workers up before any timing starts. */
async function activate(choice: BackendChoice): Promise<void> {
  await setBackend(choice.backend);
  if (choice.backend === 'fovea-wasm' && choice.threads !== undefined) {
    if (getThreadsCount() !== choice.threads) setThreadsCount(choice.threads);
    await whenThreadsReady(10_000);
  }
}

import { getThreadsCount, setThreadsCount, whenThreadsReady } from '@foveajs/backend-wasm';
import { type BackendName, detectFeatures, setBackend, tf } from '@foveajs/core';
import type { BackendSwitch } from '../lib/backend_switch.js';
import { type BackendRun, runOnBackends } from '../lib/run_on_backends.js';
import { smallConvNet } from '../lib/small_conv_net.js';
import type { Panel } from './panel.js';

/** What the panel found; the browser test reads it from `window.foveaBackends`. */
export interface BackendsReport {
  adapter: { description: string; software: boolean } | null;
  webgpuReason?: string;
  runs: BackendRun[];
  /** fovea-wasm's threads on this page (more than one needs cross-origin isolation). */
  threads: ThreadsReport;
  /** Tensors the comparison left alive (other panels' tensors not counted): 0 when it freed all it made. */
  leakedTensors: number;
}

export interface ThreadsReport {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  threads: number;
  workersReady: boolean;
  /** A conv big enough to be split: max |Δ| between all threads and one thread (0: identical). */
  maxDiffVsOneThread: number | null;
  error?: string;
}

declare global {
  interface Window {
    foveaBackends?: BackendsReport;
  }
}

const BACKENDS: BackendName[] = ['cpu', 'fovea-wasm', 'tfjs-wasm', 'webgpu'];
const INPUT_SHAPE: [number, number, number] = [16, 16, 3];

function maxAbsDiff(a: number[] | null, b: number[] | null): string {
  if (!a || !b || a.length !== b.length) return '–';
  return Math.max(...a.map((value, i) => Math.abs(value - b[i]!))).toExponential(2);
}

function render(root: HTMLElement, report: BackendsReport, chosen: BackendName): void {
  const reference = report.runs.find((run) => run.backend === 'cpu')?.values ?? null;
  const rows = report.runs
    .map(
      (run) =>
        `<tr data-backend="${run.backend}"${run.backend === chosen ? ' class="chosen"' : ''}><td>${run.backend}</td><td>${run.ran}</td><td>${run.ms.toFixed(0)} ms</td>` +
        `<td>${run.values ? run.values.slice(0, 4).map((v) => v.toFixed(5)).join(', ') + ', …' : `error: ${run.error}`}</td>` +
        `<td>${maxAbsDiff(run.values, reference)}</td></tr>`,
    )
    .join('');
  const adapter = report.adapter
    ? `${report.adapter.description}${report.adapter.software ? ' (software)' : ''}`
    : `none: ${report.webgpuReason ?? 'unknown'}`;
  root.innerHTML =
    `<p>WebGPU adapter: <span id="adapter">${adapter}</span></p>` +
    `<p>A small conv net (input ${INPUT_SHAPE.join('×')}, seeded weights) predicts the same input on each backend; ` +
    'the switch above picks the backend the other panels run on (its row is marked).</p>' +
    `<table><thead><tr><th>asked</th><th>ran on</th><th>time</th><th>softmax output</th><th>max |Δ| vs cpu</th></tr></thead><tbody>${rows}</tbody></table>` +
    `<p id="threads">fovea-wasm threads: ${report.threads.threads} (cross-origin isolated: ${report.threads.crossOriginIsolated}, ` +
    `cores: ${report.threads.hardwareConcurrency}); a split conv vs one thread: max |Δ| ${report.threads.maxDiffVsOneThread ?? report.threads.error}</p>`;
}

/** A conv that fovea-wasm splits across its threads, run with all threads and with one. */
async function checkThreads(): Promise<ThreadsReport> {
  const report: ThreadsReport = {
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hardwareConcurrency: navigator.hardwareConcurrency,
    threads: 1,
    workersReady: false,
    maxDiffVsOneThread: null,
  };
  try {
    await setBackend('fovea-wasm');
    report.threads = getThreadsCount();
    report.workersReady = await whenThreadsReady(10_000);
    const x = tf.randomUniform([1, 40, 40, 32], -1, 1, 'float32', 3) as tf.Tensor4D;
    const filter = tf.randomUniform([3, 3, 32, 32], -1, 1, 'float32', 4) as tf.Tensor4D;
    const all = tf.conv2d(x, filter, 1, 'same');
    setThreadsCount(1);
    const one = tf.conv2d(x, filter, 1, 'same');
    setThreadsCount(report.threads);
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(all, one))));
    report.maxDiffVsOneThread = (await diff.data())[0]!;
    tf.dispose([x, filter, all, one, diff]);
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
  }
  return report;
}

/** Run the same model on cpu, fovea-wasm, tfjs-wasm and webgpu, show the outputs side by side. */
async function compareBackends(root: HTMLElement, backends: BackendSwitch): Promise<BackendsReport> {
  root.textContent = 'Running…';
  // One queued job: the comparison switches backends itself, so no other panel runs meanwhile.
  const report = await backends.exclusive(async (): Promise<BackendsReport> => {
    const before = tf.memory().numTensors;
    const features = await detectFeatures();
    await setBackend('cpu');
    const model = smallConvNet(INPUT_SHAPE);
    const input = tf.randomUniform([1, ...INPUT_SHAPE], 0, 1, 'float32', 7);
    let runs: BackendRun[];
    try {
      runs = await runOnBackends(model, input, BACKENDS);
    } finally {
      model.dispose();
      input.dispose();
    }
    const threads = await checkThreads();
    return { adapter: features.webgpuAdapter, webgpuReason: features.webgpuReason, runs, threads, leakedTensors: tf.memory().numTensors - before };
  });
  render(root, report, backends.choice.backend);
  window.foveaBackends = report;
  return report;
}

export const backendsPanel: Panel = {
  id: 'backends',
  title: 'Backends',
  async create(root, context) {
    const heading = document.createElement('h2');
    heading.textContent = 'Backends';
    const controls = document.createElement('div');
    controls.className = 'panel-controls';
    controls.append(context.backends.control());
    const body = document.createElement('div');
    body.id = 'backends-table';
    root.append(heading, controls, body);
    await compareBackends(body, context.backends);
    return {
      async rerun() {
        await compareBackends(body, context.backends);
      },
    };
  },
};

// Model explorer: a zoo architecture's summary (@foveajs/layers' summary(): output shapes,
// parameters, MACs, activation memory, receptive fields) and its training and inference memory
// against batch size, charted with vega-lite; one inference timed on the chosen backend.
import { tf } from '@foveajs/core';
import { formatBytes, formatCount, type LayerSummary, type ModelSummary, summary } from '@foveajs/layers';
import { getModelInfo, listModels } from '@foveajs/models';
import type * as tfl from '@tensorflow/tfjs-layers';
import vegaEmbed from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';
import { type RunReport, showRun } from '../lib/backend_switch.js';
import type { Panel, PanelContext } from './panel.js';

const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256];
const DEFAULT_MODEL = 'MobileNetV2';

export interface ExplorerReport {
  model: string;
  params: number;
  rows: number;
  memory: Array<{ batchSize: number; trainingBytes: number; inferenceBytes: number }>;
  inference?: RunReport;
}

declare global {
  interface Window {
    foveaExplorer?: ExplorerReport;
  }
}

function shape(layer: LayerSummary): string {
  const one = (s: ReadonlyArray<number | null>) => `${s.slice(1).map((d) => d ?? '?').join('×')}`;
  const output = layer.outputShape as unknown;
  return Array.isArray((output as unknown[])[0]) ? (output as number[][]).map(one).join(', ') : one(output as number[]);
}

function field(layer: LayerSummary): string {
  const rf = layer.receptiveField;
  if (rf === null) return '–';
  return `${rf.size.map((v) => (v === null ? '?' : Number(v.toFixed(1)))).join('×')} / ${rf.jump.map((v) => Number(v.toFixed(2))).join('×')}`;
}

/** The summary as an HTML table, nested layers indented. */
function summaryTable(result: ModelSummary): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'summary-table';
  table.id = 'explorer-table';
  const rows: string[] = [];
  const add = (layers: LayerSummary[], depth: number) => {
    for (const layer of layers) {
      rows.push(
        `<tr><td style="padding-left:${0.5 + depth}rem">${layer.name}</td><td>${layer.className}</td><td>${shape(layer)}</td>` +
          `<td class="num">${layer.params.toLocaleString('en-US')}</td><td class="num">${formatCount(layer.macs)}</td>` +
          `<td class="num">${formatBytes(layer.activationBytesPerInstance)}</td><td>${field(layer)}</td></tr>`,
      );
      if (layer.children) add(layer.children, depth + 1);
    }
  };
  add(result.layers, 0);
  table.innerHTML =
    '<thead><tr><th>layer</th><th>type</th><th>output</th><th>params</th><th>MACs</th><th>activations (1 image)</th><th>receptive field (size / jump)</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody>`;
  return table;
}

function memorySpec(name: string, memory: ExplorerReport['memory']): TopLevelSpec {
  const values = memory.flatMap((m) => [
    { batch: m.batchSize, kind: 'training (Adam)', megabytes: m.trainingBytes / 1e6 },
    { batch: m.batchSize, kind: 'inference', megabytes: m.inferenceBytes / 1e6 },
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `${name}: memory against batch size (float32)`,
    width: 520,
    height: 280,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'batch', type: 'quantitative', title: 'batch size', scale: { type: 'log', base: 2 }, axis: { values: BATCH_SIZES } },
      y: { field: 'megabytes', type: 'quantitative', title: 'memory (MB)', scale: { type: 'log' } },
      color: { field: 'kind', type: 'nominal', title: null },
      tooltip: [
        { field: 'kind', type: 'nominal' },
        { field: 'batch', type: 'quantitative' },
        { field: 'megabytes', type: 'quantitative', format: ',.1f', title: 'MB' },
      ],
    },
  };
}

export const explorerPanel: Panel = {
  id: 'explorer',
  title: 'Model explorer',
  async create(root: HTMLElement, context: PanelContext) {
    root.innerHTML = `
      <h2>Model explorer</h2>
      <p>Pick an architecture of the zoo: its layers with output shapes, parameters, multiply-accumulates, activation
      memory and receptive fields (<code>summary()</code> of <code>@foveajs/layers</code>), and the memory training
      (weights, gradients, Adam's two moments and every activation kept for backprop) and inference need as the batch grows.</p>`;
    const controls = document.createElement('div');
    controls.className = 'panel-controls';
    const select = document.createElement('select');
    select.id = 'explorer-model';
    for (const info of listModels()) select.append(new Option(`${info.name} (${info.defaultSize}×${info.defaultSize})`, info.name, false, info.name === DEFAULT_MODEL));
    const time = document.createElement('button');
    time.type = 'button';
    time.id = 'explorer-time';
    time.textContent = 'Time one inference (batch 1)';
    const latency = document.createElement('output');
    latency.className = 'latency';
    latency.id = 'explorer-latency';
    const modelLabel = document.createElement('label');
    modelLabel.append('Architecture ', select);
    controls.append(modelLabel, context.backends.control(), time, latency);
    const totals = document.createElement('p');
    totals.id = 'explorer-totals';
    const chart = document.createElement('div');
    chart.id = 'explorer-chart';
    const tableBox = document.createElement('div');
    tableBox.className = 'table-scroll';
    root.append(controls, totals, chart, tableBox);

    let model: tfl.LayersModel | undefined;
    let report: ExplorerReport | undefined;

    async function show(name: string): Promise<void> {
      latency.textContent = '';
      const info = getModelInfo(name);
      model?.dispose();
      model = undefined;
      model = await context.backends.exclusive(() => info.build());
      const built = model;
      const result = summary(built);
      const memory = BATCH_SIZES.map((batchSize) => {
        const { totals } = batchSize === 1 ? result : summary(built, { batchSize });
        return { batchSize, trainingBytes: totals.trainingBytes, inferenceBytes: totals.inferenceBytes };
      });
      const t = result.totals;
      totals.textContent =
        `${name}: ${t.params.toLocaleString('en-US')} parameters (${formatBytes(t.weightBytes)}), ${formatCount(t.macs)} MACs per image; ` +
        `training at batch 32 needs ${formatBytes(memory[5]!.trainingBytes)}, inference at batch 1 ${formatBytes(memory[0]!.inferenceBytes)}.`;
      tableBox.replaceChildren(summaryTable(result));
      await vegaEmbed(chart, memorySpec(name, memory), { renderer: 'svg', actions: false });
      report = { model: name, params: t.params, rows: tableBox.querySelectorAll('tbody tr').length, memory };
      window.foveaExplorer = report;
    }

    async function timeInference(): Promise<void> {
      const built = model;
      if (built === undefined || report === undefined) return;
      const [, height, width, channels] = built.inputs[0]!.shape as number[];
      const { run } = await context.backends.run(async () => {
        const x = tf.randomUniform([1, height ?? 224, width ?? 224, channels ?? 3]);
        const y = built.predict(x) as tf.Tensor;
        await y.data();
        tf.dispose([x, y]);
      });
      showRun(latency, run, `one ${report.model} inference`);
      report.inference = run;
    }

    select.addEventListener('change', () => void context.track(() => show(select.value)));
    time.addEventListener('click', () => void context.track(timeInference));
    await show(select.value);
    // A new backend: time the inference again if it was timed on the previous one.
    return { rerun: async () => (report?.inference ? timeInference() : undefined) };
  },
};

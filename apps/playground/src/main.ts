// The playground page: a header with what the browser gives, a tab per panel (src/panels/index.ts),
// and one backend switch shared by the panels. A panel is built the first time its tab opens.
import './lib/wasm_paths.js';
import { detectFeatures, setBackend } from '@foveajs/core';
import { BackendSwitch } from './lib/backend_switch.js';
import { foveaWasmState, renderHeader } from './lib/page_header.js';
import { PANELS } from './panels/index.js';
import type { Panel, PanelContext, PanelInstance } from './panels/panel.js';

const features = await detectFeatures();
// Initialise fovea-wasm (and its workers) up front, so the header can say which build and threads it got.
if (features.wasmSimd) await setBackend('fovea-wasm');
const page = { features, crossOriginIsolated: globalThis.crossOriginIsolated === true, foveaWasm: features.wasmSimd ? foveaWasmState() : null };
window.foveaPage = page;
renderHeader(document.querySelector<HTMLElement>('#capabilities')!, page);

const backends = new BackendSwitch(features);
const nav = document.querySelector<HTMLElement>('#tabs')!;
const app = document.querySelector<HTMLElement>('#app')!;

interface Mounted {
  panel: Panel;
  section: HTMLElement;
  tab: HTMLButtonElement;
  instance?: Promise<PanelInstance | undefined>;
  /** The backend changed while the panel was hidden: re-run it when shown. */
  stale: boolean;
}

/** Run a panel's work with its section's data-state showing it (the browser test waits on it). */
async function track<T>(section: HTMLElement, work: () => Promise<T>): Promise<T | undefined> {
  section.dataset['state'] = 'running';
  section.querySelector('.panel-error')?.remove();
  try {
    const value = await work();
    section.dataset['state'] = 'done';
    return value;
  } catch (error) {
    section.dataset['state'] = 'error';
    const message = document.createElement('pre');
    message.className = 'panel-error';
    message.textContent = error instanceof Error ? (error.stack ?? error.message) : String(error);
    section.append(message);
    console.error(error);
    return undefined;
  }
}

const mounted: Mounted[] = PANELS.map((panel) => {
  const section = document.createElement('section');
  section.id = `panel-${panel.id}`;
  section.className = 'panel';
  section.hidden = true;
  app.append(section);
  const tab = document.createElement('button');
  tab.type = 'button';
  tab.id = `tab-${panel.id}`;
  tab.textContent = panel.title;
  tab.addEventListener('click', () => {
    location.hash = panel.id;
  });
  nav.append(tab);
  return { panel, section, tab, stale: false };
});

function open(id: string): void {
  const target = mounted.find((m) => m.panel.id === id) ?? mounted[0]!;
  for (const m of mounted) {
    m.section.hidden = m !== target;
    m.tab.classList.toggle('active', m === target);
  }
  if (target.instance === undefined) {
    const context: PanelContext = { backends, track: (work) => track(target.section, work) };
    target.instance = track(target.section, () => target.panel.create(target.section, context));
  } else if (target.stale) {
    target.stale = false;
    void target.instance.then((instance) => instance && track(target.section, () => instance.rerun()));
  }
}

backends.onChange(() => {
  for (const m of mounted) {
    if (m.instance === undefined) continue;
    if (m.section.hidden) m.stale = true;
    else void m.instance.then((instance) => instance && track(m.section, () => instance.rerun()));
  }
});

window.addEventListener('hashchange', () => open(location.hash.slice(1)));
open(location.hash.slice(1));

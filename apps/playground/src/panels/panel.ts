// What a playground panel is. A panel is one file in src/panels/ exporting a Panel, listed in
// src/panels/index.ts; main.ts gives it a tab, a section and the page's backend switch.
import type { BackendSwitch } from '../lib/backend_switch.js';

export interface PanelContext {
  /** The page's backend choice: `backends.control()` is the switch to show, `backends.run(work)` a timed run on it. */
  backends: BackendSwitch;
  /**
   * Marks the panel busy while `work` runs ('running', then 'done' or 'error' in its section's
   * data-state, which the browser test waits on) and shows an error in the panel if it throws.
   */
  track<T>(work: () => Promise<T>): Promise<T | undefined>;
}

export interface PanelInstance {
  /** Runs the panel's computation again, on the backend just chosen. */
  rerun(): Promise<void>;
}

export interface Panel {
  /** The section's id (panel-<id>) and the URL hash that opens it (#<id>). */
  id: string;
  /** The tab's label. */
  title: string;
  /** Builds the panel in `root` the first time it is opened and runs it once. */
  create(root: HTMLElement, context: PanelContext): Promise<PanelInstance>;
}

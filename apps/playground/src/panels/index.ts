// The playground's panels, in tab order. Adding one: write src/panels/<name>.ts exporting a Panel
// (see panel.ts: an id, a tab title, and create(root, context) that builds it, shows
// context.backends.control() and times its work with context.backends.run), add it to this list,
// and give the browser test (test/browser.test.ts) a step that opens it and checks its result.
import { backendsPanel } from './backends.js';
import { classifyPanel } from './classify.js';
import { explorerPanel } from './explorer.js';
import { filtersPanel } from './filters.js';
import type { Panel } from './panel.js';

export const PANELS: readonly Panel[] = [filtersPanel, classifyPanel, explorerPanel, backendsPanel];

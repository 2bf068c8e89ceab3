// The playground page: one panel per feature; the backend check is the first, the demo UI grows
// beside it.
import './wasm_paths.js';
import { mountBackendsPanel } from './panels/backends.js';

const app = document.querySelector<HTMLElement>('#app')!;
const backends = document.createElement('section');
backends.id = 'backends';
app.append(backends);

mountBackendsPanel(backends).catch((error: unknown) => {
  backends.dataset['state'] = 'error';
  backends.textContent = `Backend check failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`;
});

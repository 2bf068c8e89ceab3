// The package's folders, found from this module: src/ (where the tests run it) and dist/ (where
// the CLI runs it) both sit one level below the package root.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The build: the CLI, the models suite's child script, the peak probe's .wasm files. */
export const distDir = join(packageRoot, 'dist');
/** The committed results of complete runs (filtered runs write to its tmp/). */
export const resultsDir = join(packageRoot, 'results');

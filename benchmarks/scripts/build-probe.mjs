// Compiles the peak probe (assembly/peak_probe.ts) twice, plain SIMD128 and relaxed SIMD, into
// dist/ beside the runner that loads it (src/peak_probe.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
mkdirSync(join(root, 'dist'), { recursive: true });
const common = ['assembly/peak_probe.ts', '-O3', '--noAssert', '--runtime', 'stub', '--initialMemory', '1', '--enable', 'simd'];
for (const [file, flags] of [
  ['dist/peak-probe-simd.wasm', []],
  ['dist/peak-probe-relaxed-simd.wasm', ['--enable', 'relaxed-simd']],
]) {
  execFileSync(process.execPath, [asc, ...common, ...flags, '--outFile', file], { cwd: root, stdio: 'inherit' });
}

// Compiles assembly/index.ts twice: plain SIMD128, and relaxed SIMD (fused multiply-add).
// The loader (src/loader.ts) picks one at run time with WebAssembly.validate on a probe.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
mkdirSync(join(root, 'build'), { recursive: true });

const common = [
  'assembly/index.ts',
  '-O3',
  '--noAssert',
  '--runtime', 'stub',
  '--initialMemory', '16',
  '--enable', 'simd',
];
const variants = [
  { file: 'build/fovea-simd.wasm', flags: [] },
  { file: 'build/fovea-relaxed-simd.wasm', flags: ['--enable', 'relaxed-simd'] },
];
for (const { file, flags } of variants) {
  execFileSync(process.execPath, [asc, ...common, ...flags, '--outFile', file], { cwd: root, stdio: 'inherit' });
  console.log(`built ${file}`);
}

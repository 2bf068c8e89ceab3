// Compiles assembly/index.ts four times: plain SIMD128 and relaxed SIMD (fused multiply-add), each
// with its own memory and with an imported shared memory for threads (workers instantiate the same
// module over one memory). The loader (src/loader.ts) picks one at run time.
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
// 65536 pages = 4 GiB, all a 32-bit memory can address; a shared memory must declare its maximum.
const shared = ['--importMemory', '--sharedMemory', '--maximumMemory', '65536', '--enable', 'threads'];
const relaxed = ['--enable', 'relaxed-simd'];
const variants = [
  { file: 'build/fovea-simd.wasm', flags: [] },
  { file: 'build/fovea-relaxed-simd.wasm', flags: relaxed },
  { file: 'build/fovea-simd-threads.wasm', flags: shared },
  { file: 'build/fovea-relaxed-simd-threads.wasm', flags: [...relaxed, ...shared] },
];
for (const { file, flags } of variants) {
  execFileSync(process.execPath, [asc, ...common, ...flags, '--outFile', file], { cwd: root, stdio: 'inherit' });
  console.log(`built ${file}`);
}

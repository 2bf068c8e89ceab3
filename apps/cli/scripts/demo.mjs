// `npm run demo` at the repository root (after turbo has built the command): the toolkit on the data
// that ships with it, offline, through the `fovea` command as a user runs it. Each task is one step
// of STEPS, writing into demo-output/<step>/; the detect, track and segment steps join the list when
// their packages land (e.g. `fovea detect <scenes> --out <dir>`).
// Usage: node apps/cli/scripts/demo.mjs [--out demo-output]
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const fovea = fileURLToPath(new URL('../bin/fovea.js', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string', default: join(repo, 'demo-output') } } });
const out = resolve(values.out);

/**
 * Run `fovea ...args`: its output shown as it comes (when `show`) and returned; a non-zero exit
 * stops the demo.
 */
function runFovea(args, { show = true } = {}) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [fovea, ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (show) process.stdout.write(chunk);
    });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? done(stdout) : fail(new Error(`fovea ${args.join(' ')} exited with ${code}`))));
  });
}

/** One task each: `run(dir)` writes into its own folder and returns the files it wrote. */
const STEPS = [
  {
    name: 'classify',
    title: 'Classify the ten held-out sample digits with the shipped LeNet-5 (fovea classify)',
    async run(dir) {
      const text = await runFovea(['classify', '--backend', 'fovea-wasm']);
      const json = await runFovea(['classify', '--backend', 'fovea-wasm', '--top', '3', '--json'], { show: false });
      await writeFile(join(dir, 'digits.txt'), text);
      await writeFile(join(dir, 'digits.json'), json);
      return ['digits.txt', 'digits.json'];
    },
  },
];

await rm(out, { recursive: true, force: true });
const written = [];
const started = performance.now();
for (const [i, step] of STEPS.entries()) {
  console.log(`\n[${i + 1}/${STEPS.length}] ${step.title}\n`);
  const dir = join(out, step.name);
  await mkdir(dir, { recursive: true });
  for (const file of await step.run(dir)) written.push(join(dir, file));
}
const shown = relative(process.cwd(), out) || '.';
console.log(`\nDemo done in ${((performance.now() - started) / 1000).toFixed(1)} s. Outputs in ${shown}/ (${out}):`);
for (const file of written) console.log(`  ${relative(out, file)}`);

// tfjs-core's own op test suite against fovea-wasm, run as a child process (it needs jasmine and
// its own bundle; see run.mjs). Fails on any failing spec and prints the counts.
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const script = join(dirname(fileURLToPath(import.meta.url)), 'run.mjs');

it('passes tfjs-core’s op test suite with zero failures', async () => {
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, [script], { maxBuffer: 64 * 1024 * 1024 }));
  } catch (error) {
    const { stdout: out = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    const failures = out.split('\n').filter((line) => line.startsWith('FAILED') || line.includes('conformance on'));
    throw new Error(`conformance run failed:\n${failures.slice(-60).join('\n')}\n${stderr.slice(-2000)}`);
  }
  const summary = stdout.split('\n').find((line) => line.includes('conformance on'));
  console.log(summary);
  const match = /(\d+) specs run, (\d+) passed, (\d+) failed/.exec(summary ?? '');
  expect(match, 'summary line').not.toBeNull();
  const [, total, passed, failed] = match!.map(Number);
  expect(failed).toBe(0);
  expect(passed).toBe(total);
  // The suite has ~4,200 specs for a cpu-like backend; a collapse means tests stopped registering.
  expect(total).toBeGreaterThan(4000);
}, 300_000);

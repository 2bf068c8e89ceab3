// A fresh Node process that hands back JSON: the CLI's relaxed-SIMD run and the models suite's
// process per engine. The child gets the path of a temporary file as its last argument and writes
// its result there, so that its stdout and stderr stay free for progress and errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NodeChildRun<T> {
  /** What the child wrote; undefined when it wrote nothing readable. */
  output?: T;
  status: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines of its stderr, where it was piped here (`stderr: 'pipe'`). */
  stderrTail: string;
}

export interface NodeChildOptions {
  /** Node's own flags (e.g. relaxedSimdNodeFlags()). */
  nodeFlags: string[];
  stdout: 'inherit' | 'ignore';
  stderr: 'inherit' | 'pipe';
}

/** Run `node <nodeFlags> <script> <args> <result file>` to its end and read back the JSON it wrote. */
export function runNodeChild<T>(script: string, args: string[], options: NodeChildOptions): NodeChildRun<T> {
  const dir = mkdtempSync(join(tmpdir(), 'fovea-bench-'));
  const file = join(dir, 'result.json');
  try {
    const child = spawnSync(process.execPath, [...options.nodeFlags, script, ...args, file], {
      stdio: ['ignore', options.stdout, options.stderr],
      encoding: 'utf8',
    });
    let output: T | undefined;
    try {
      output = JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      output = undefined;
    }
    const stderrTail = (child.stderr ?? '').trim().split('\n').slice(-3).join(' ');
    return { ...(output === undefined ? {} : { output }), status: child.status, signal: child.signal, stderrTail };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

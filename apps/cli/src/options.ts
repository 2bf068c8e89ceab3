// The options every computing command shares (--backend, --threads, --json), the parsers that
// validate numeric options, and the backend set-up they lead to.
import { type BackendName, BACKEND_NAMES, getThreadsCount, setBackend, setThreadsCount, whenThreadsReady } from '@foveajs/core';
import { type Command, InvalidArgumentError, Option } from 'commander';

/**
 * Parsers for numeric options. Commander reports a thrown InvalidArgumentError as
 * "option '--batch-size <n>' argument '2.5' is invalid. expected a whole number >= 1": the option, the
 * value and what was expected. Values are checked whole, so '10abc' and '2.5' are refused, not cut.
 */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number >= ${min}`);
    return n;
  };
}

export const positiveInteger = integerAtLeast(1);

export function positiveNumber(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a number > 0');
  return n;
}

/** Numbers between 0 and 1 (confidence and IoU thresholds). */
export function fraction(value: string): number {
  const n = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number from 0 to 1');
  return n;
}

export interface BackendOptions {
  backend: BackendName | 'auto';
  threads?: number;
}

export interface JsonOption {
  json?: boolean;
}

/** --backend and --threads, for a command that computes. */
export function addBackendOptions(command: Command): Command {
  return command
    .addOption(new Option('-b, --backend <name>', 'backend to run on').choices(['auto', ...BACKEND_NAMES]).default('fovea-wasm'))
    .addOption(new Option('-t, --threads <n>', "fovea-wasm's threads (default: one per core)").argParser(positiveInteger));
}

/** --json, for a command whose output is data. */
export function addJsonOption(command: Command, what: string): Command {
  return command.option('--json', `print ${what} as JSON on stdout (messages go to stderr)`);
}

/** What a run used, for reports: 'fovea-wasm (2 threads)', 'cpu'. */
export interface BackendInUse {
  backend: BackendName;
  threads?: number;
  label: string;
}

/**
 * Make the asked backend the active one (an unavailable one throws BackendUnavailableError, whose
 * message says why and how to install it). fovea-wasm waits for its workers, so no timing starts
 * with fewer threads than it reports.
 */
export async function useBackend(options: BackendOptions): Promise<BackendInUse> {
  if (options.threads !== undefined) {
    if (options.backend !== 'fovea-wasm' && options.backend !== 'auto') {
      throw new Error(`--threads sets fovea-wasm's threads; it does not apply to --backend ${options.backend}`);
    }
    setThreadsCount(options.threads);
  }
  const backend = await setBackend(options.backend);
  if (backend !== 'fovea-wasm') return { backend, label: backend };
  await whenThreadsReady();
  const threads = getThreadsCount();
  return { backend, threads, label: `fovea-wasm (${threads} thread${threads === 1 ? '' : 's'})` };
}

/** "1 image", "2 images". */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Where a command's human-readable lines go: stdout normally; stderr under --json, so that stdout
 * holds the JSON alone.
 */
export function reporter(options: JsonOption): (line: string) => void {
  return options.json ? (line) => console.error(line) : (line) => console.log(line);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

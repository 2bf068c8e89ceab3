// Progress of long runs: a cli-progress bar on stderr when it is a terminal, nothing when piped
// (logs and CI keep the one line per step the command prints anyway).
import cliProgress from 'cli-progress';

export interface Progress {
  update(value: number, payload?: Record<string, string>): void;
  stop(): void;
}

const SILENT: Progress = { update() {}, stop() {} };

/** A bar of `total` steps; `format` is cli-progress's, with {bar}, {value}, {total}, {eta_formatted} and the payload's keys. */
export function progressBar(total: number, format: string, payload: Record<string, string> = {}): Progress {
  if (!process.stderr.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    { format, hideCursor: true, stream: process.stderr, clearOnComplete: true, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, payload);
  return bar;
}

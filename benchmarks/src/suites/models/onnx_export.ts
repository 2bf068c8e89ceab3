// The onnxruntime peers' ONNX files: only the small ones are committed (onnx/); the others are
// exported here, on first use, by scripts/export_onnx.py, which needs a Python with torch,
// torchvision and onnx.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { packageRoot } from '../../paths.js';
import { hasOnnx, type ModelSpec, onnxDir } from './zoo.js';

/** The environment variable naming the Python to export with, instead of a search of PATH. */
export const PYTHON_ENV = 'FOVEA_PYTHON';

const MODULES = ['torch', 'torchvision', 'onnx'];
const INSTALL =
  "install Debian's python3-torch, python3-torchvision and python3-onnx (or the pip packages torch, torchvision " +
  `and onnx), or set ${PYTHON_ENV} to a Python that has them`;

/** Why `python` cannot run the export (a module it cannot import, or itself failing), or undefined when it can. */
function cannotExport(python: string): string | undefined {
  const script = `import sys\nfor m in ${JSON.stringify(MODULES)}:\n  try: __import__(m)\n  except Exception: print(m); sys.exit(1)`;
  const probe = spawnSync(python, ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  if (probe.error !== undefined) return `${python} does not run (${probe.error.message})`;
  if (probe.status === 0) return undefined;
  const module = probe.stdout.trim();
  return module === '' ? `${python} exited ${probe.status ?? probe.signal}` : `${python} has no ${module}`;
}

/**
 * The Pythons to try: $FOVEA_PYTHON alone where it is set; else every python3 on PATH, in order
 * and once each, not only the first: a pyenv or venv python3 often comes before the system one
 * that Debian's python3-torch installs into.
 */
function pythonCandidates(): string[] {
  const named = process.env[PYTHON_ENV];
  if (named !== undefined && named !== '') return [named];
  const seen = new Set<string>();
  const found: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const python = join(dir, 'python3');
    if (dir === '' || !existsSync(python)) continue;
    const real = realpathSync(python);
    if (seen.has(real)) continue;
    seen.add(real);
    found.push(python);
  }
  return found;
}

/** A Python that can run scripts/export_onnx.py, or why there is none (what each candidate lacked, and how to fix it). */
export function findExportPython(): { python: string } | { error: string } {
  const candidates = pythonCandidates();
  if (candidates.length === 0) return { error: `no python3 on PATH: ${INSTALL}` };
  const reasons: string[] = [];
  for (const python of candidates) {
    const reason = cannotExport(python);
    if (reason === undefined) return { python };
    reasons.push(reason);
  }
  const named = process.env[PYTHON_ENV];
  const who = named ? `${PYTHON_ENV}=${named} cannot run` : 'no python3 on PATH can run';
  return { error: `${who} scripts/export_onnx.py (${reasons.join('; ')}): ${INSTALL}` };
}

/** Export the missing ONNX files where a Python can. Returns, per model id, why its ONNX file is still missing. */
export function ensureOnnx(models: ModelSpec[]): Map<string, string> {
  const reasons = new Map<string, string>();
  for (const m of models) if (m.noOnnx !== undefined) reasons.set(m.id, m.noOnnx);
  const missing = models.filter((m) => m.noOnnx === undefined && !hasOnnx(m));
  if (missing.length === 0) return reasons;
  const found = findExportPython();
  if ('error' in found) {
    console.error(`ONNX export: ${found.error}`);
    for (const m of missing) reasons.set(m.id, `onnx/${m.id}.onnx is absent and no Python with torch, torchvision and onnx was found to export it (${PYTHON_ENV}; scripts/export_onnx.py)`);
    return reasons;
  }
  console.error(`Exporting ONNX files (${missing.map((m) => m.id).join(', ')}) with ${found.python} scripts/export_onnx.py ...`);
  const script = join(packageRoot, 'scripts', 'export_onnx.py');
  spawnSync(found.python, [script, '--out-dir', onnxDir, ...missing.map((m) => m.id)], { stdio: ['ignore', 'inherit', 'inherit'] });
  for (const m of missing) if (!hasOnnx(m)) reasons.set(m.id, `export of onnx/${m.id}.onnx failed (see the output above)`);
  return reasons;
}

#!/usr/bin/env node
// The `fovea` command's entry, committed so npm can link it at install time, before a workspace
// build has made dist/: it loads the compiled command, or says how to build it.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(compiled)) {
  console.error('fovea: the command is not built yet (dist/cli.js is missing); run `npm run build` at the repository root first');
  process.exit(1);
}
await import(compiled.href);

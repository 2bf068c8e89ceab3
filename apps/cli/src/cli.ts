// The `fovea` command: the commands of commands/, with the same conventions for all of them.
import { Command } from 'commander';
import { COMMANDS } from './commands/index.js';
import { packageVersion } from './version.js';

/** An error as one line (the first of its message); FOVEA_DEBUG=1 prints the stack as well. */
function oneLine(error: unknown): string {
  if (process.env['FOVEA_DEBUG'] && error instanceof Error && error.stack) console.error(error.stack);
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}

const program = new Command()
  .name('fovea')
  .description('Convolutional computer vision on WebAssembly SIMD and GPU backends')
  .version(packageVersion(), '-V, --version', "print fovea's version")
  // Commander's own errors (an unknown option, a bad number) in the same form as ours: "fovea: …".
  .configureOutput({ outputError: (text, write) => write(`fovea: ${text.replace(/^error: /, '')}`) });

for (const register of COMMANDS) register(program);
// Every command answers --version too, not only `fovea` itself.
for (const command of program.commands) command.version(packageVersion(), '-V, --version', "print fovea's version");

program.parseAsync().catch((error: unknown) => {
  console.error(`fovea: ${oneLine(error)}`);
  process.exitCode = 1;
});

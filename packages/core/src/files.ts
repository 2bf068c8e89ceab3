// Reading files that come from anywhere (model files, images): only regular files, never a FIFO,
// a device or a directory that would block or never end; only up to a size the caller sets; only
// as many bytes as the file held when it was opened. Node only (imported on first use).

/** What a path is, for an error: 'a directory', 'a FIFO', 'a character device', … */
function kindOf(stats: import('node:fs').Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Read a whole regular file of at most `maxBytes`, or throw `error(message)` saying why not. The
 * file is opened non-blocking, so a FIFO is refused at once instead of waiting for a writer; a
 * device (/dev/zero behind a symlink) or directory is refused by what fstat says it is.
 */
export async function readRegularFile(path: string, maxBytes: number, error: (message: string) => Error): Promise<Uint8Array> {
  const { open } = await import('node:fs/promises');
  const { constants } = await import('node:fs');
  let handle: import('node:fs/promises').FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw error('it is a directory, not a regular file');
    throw error(`it could not be opened: ${(cause as Error).message}`);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw error(`it is ${kindOf(stats)}, not a regular file`);
    if (stats.size > maxBytes) throw error(`it holds ${stats.size} bytes, more than the ${maxBytes} accepted`);
    const bytes = new Uint8Array(stats.size);
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesRead } = await handle.read(bytes, offset, bytes.length - offset, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
    }
    return offset === bytes.length ? bytes : bytes.subarray(0, offset);
  } finally {
    await handle.close();
  }
}

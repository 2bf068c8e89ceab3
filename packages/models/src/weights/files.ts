// Reading model files that come from anywhere: only regular files (@foveajs/core's
// readRegularFile: not a FIFO, a device or a directory), up to a size the caller sets, and shards
// only inside the model's folder.
export { readRegularFile } from '@foveajs/core';

/** h5wasm's in-memory file system lives in 32-bit WASM: a model file over 2 GiB cannot be opened anyway. */
export const MAX_MODEL_FILE_BYTES = 2 ** 31 - 1;
/** A model.json, topology JSON or config.json larger than this is not a real one. */
export const MAX_JSON_BYTES = 256 * 2 ** 20;

/**
 * `relative` (a manifest's shard path, already checked to be a plain relative name) resolved inside
 * `folder` with every symlink followed; throws `error(message)` when it leads outside the folder.
 */
export async function pathInside(folder: string, relative: string, error: (message: string) => Error): Promise<string> {
  const { realpath } = await import('node:fs/promises');
  const { join, relative: relativePath, isAbsolute } = await import('node:path');
  let root: string;
  let target: string;
  try {
    root = await realpath(folder);
    target = await realpath(join(folder, relative));
  } catch (cause) {
    throw error(`it could not be opened: ${(cause as Error).message}`);
  }
  const inside = relativePath(root, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw error(`it resolves to ${target}, outside the model's folder ${root} (a symlink?): only files inside the folder are read`);
  }
  return target;
}

/** Parse JSON bytes, or throw `error(message)`. */
export function parseJson(bytes: Uint8Array, error: (message: string) => Error): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw error(`it is not valid JSON: ${(cause as Error).message}`);
  }
}

/** True when the bytes start (after whitespace and a BOM) with '{': a JSON object, i.e. a tfjs model.json or a topology. */
export function looksLikeJsonObject(bytes: Uint8Array): boolean {
  for (let i = 0; i < Math.min(bytes.length, 64); i++) {
    const byte = bytes[i]!;
    if (byte === 0x7b) return true;
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09 && byte !== 0xef && byte !== 0xbb && byte !== 0xbf) return false;
  }
  return false;
}

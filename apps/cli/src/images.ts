// Image files a user names on the command line: files, folders (their images, in name order) and
// globs, every one untrusted: only regular files are read, and only up to a size an image can have.
import { readdir, stat } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import { decodeImage, type tf } from '@foveajs/core';
import { readRegularFile } from '@foveajs/models';
import { glob, isDynamicPattern } from 'tinyglobby';

export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.png', '.jpg', '.jpeg']);

/** A PNG or JPEG larger than this is not a photo or a frame we can work on. */
export const MAX_IMAGE_BYTES = 256 * 2 ** 20;

/** Name order with digit runs compared as numbers, so frame2.png comes before frame10.png. */
export function compareFileNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true }) || (a < b ? -1 : a > b ? 1 : 0);
}

function isImageName(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
}

/** The PNG and JPEG files directly inside `dir`, in name order. */
export async function imagesInDirectory(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && isImageName(entry.name))
    .map((entry) => entry.name)
    .sort(compareFileNames)
    .map((name) => join(dir, name));
}

/**
 * The image files the arguments name, in the order given: a file as it is, a folder as its PNG and
 * JPEG files (name order, not recursive), a glob (`scenes/*.png`, quoted so the shell leaves it) as
 * its matches in name order. A path that does not exist or a glob that matches nothing throws.
 */
export async function expandImageArguments(args: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const arg of args) {
    const stats = await stat(arg).catch(() => undefined);
    if (stats?.isDirectory()) {
      const images = await imagesInDirectory(arg);
      if (images.length === 0) throw new Error(`${arg}: the folder holds no PNG or JPEG files`);
      files.push(...images);
    } else if (stats !== undefined) {
      files.push(arg);
    } else if (isDynamicPattern(arg)) {
      // Matches come back in the pattern's own form: absolute for an absolute pattern, else relative to the working folder.
      const matches = (await glob(arg, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(arg) })).filter(isImageName).sort(compareFileNames);
      if (matches.length === 0) throw new Error(`${arg}: no PNG or JPEG file matches`);
      files.push(...matches);
    } else {
      throw new Error(`${arg}: no such file or folder`);
    }
  }
  return files;
}

/** A file's bytes, read as untrusted input; errors name the file. */
export function readImageBytes(file: string): Promise<Uint8Array> {
  return readRegularFile(file, MAX_IMAGE_BYTES, (message) => new Error(`${file}: ${message}`));
}

/** A file decoded to an RGB int32 tensor [height, width, 3] (the caller disposes it); errors name the file. */
export async function readImageFile(file: string): Promise<tf.Tensor3D> {
  const bytes = await readImageBytes(file);
  try {
    return await decodeImage(bytes);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

import { lstat, mkdir, readdir, realpath, rm, rmdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { ConflictError } from '@etl/kit';
import { isFileKey } from '../file-keys.js';

// Staged files this old belong to a process that died mid-write, whichever instance it was.
const STALE_STAGED_MS = 24 * 60 * 60 * 1000;
// A concurrent delete may remove a folder a put has just made; a put tries again this often.
const PLACE_ATTEMPTS = 3;

/*
 * The local store keeps each of its trees (content, metadata) as folders named by the key's
 * segments. These are the walks over such a tree; `tree` is always a real path (no symlink in it).
 */

/**
 * The real path of `key` in `tree`, or null when there is none. Symbolic links are resolved
 * and one that leads out of the tree is refused: the store never reads outside its root.
 */
export async function existingPath(tree: string, key: string): Promise<string | null> {
  let path: string;
  try {
    path = await realpath(join(tree, ...key.split('/')));
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  if (!isInside(tree, path)) throw new Error(`Refusing a file store path that leads outside ${tree}`);
  return path;
}

/**
 * Makes the folders of `key` in `tree` and runs `action` on its path, which it returns; again if
 * a concurrent delete removed one of those folders meanwhile.
 */
export async function placeInTree(
  tree: string,
  key: string,
  action: (target: string) => Promise<void>,
): Promise<string> {
  const segments = key.split('/');
  const name = segments.pop() ?? key;
  for (let attempt = 1; ; attempt += 1) {
    const target = join(await makeFolders(tree, key, segments), name);
    try {
      await action(target);
      return target;
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || attempt === PLACE_ATTEMPTS) throw error;
    }
  }
}

/** Creates each folder in turn, refusing symbolic links, so that a new path never leaves the tree. */
async function makeFolders(tree: string, key: string, segments: string[]): Promise<string> {
  let folder = tree;
  for (const [index, segment] of segments.entries()) {
    folder = join(folder, segment);
    try {
      await mkdir(folder);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      const existing = await lstat(folder);
      if (existing.isSymbolicLink()) throw new Error(`Refusing to write through a symbolic link in ${tree}`);
      if (!existing.isDirectory()) throw keyTaken(segments.slice(0, index + 1).join('/'), key);
    }
  }
  return folder;
}

/** The key (or, for `wanted`, a folder of it) is a file already, or a folder of other keys. */
export function keyTaken(taken: string, wanted = taken): ConflictError {
  return wanted === taken
    ? new ConflictError(`A file or folder with the key ${JSON.stringify(taken)} already exists`)
    : new ConflictError(`Cannot store ${JSON.stringify(wanted)}: ${JSON.stringify(taken)} is a file`);
}

/**
 * Appends to `keys` the keys under `folder` whose name there starts with `start`, in the order
 * S3 lists them (by UTF-8 bytes), until there are `limit`. A folder sorts as its name plus `/`,
 * which puts `a-b` before `a/c` as in a flat listing. Only folders the prefix can match are read,
 * and symbolic links are skipped.
 */
export async function collectKeys(
  folder: string,
  folderKey: string,
  start: string,
  keys: string[],
  limit: number,
  /** A folder's key (ending in `/`) whose files are left out. */
  exclude?: string,
): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  const candidates = entries
    .filter((entry) => entry.name.startsWith(start) && (entry.isFile() || entry.isDirectory()))
    .map((entry) => ({ name: entry.name, isFolder: entry.isDirectory() }))
    .map((entry) => ({ ...entry, order: Buffer.from(entry.isFolder ? `${entry.name}/` : entry.name) }))
    .sort((a, b) => Buffer.compare(a.order, b.order));
  for (const entry of candidates) {
    if (keys.length >= limit) return;
    const key = `${folderKey}${entry.name}`;
    if (entry.isFolder) {
      if (`${key}/` !== exclude) await collectKeys(join(folder, entry.name), `${key}/`, '', keys, limit, exclude);
    } else if (isFileKey(key) && !(exclude && key.startsWith(exclude))) keys.push(key);
  }
}

/** Removes the key's folders that are now empty, deepest first, stopping at the first that is not. */
export async function removeEmptyFolders(tree: string, key: string): Promise<void> {
  const segments = key.split('/').slice(0, -1);
  for (let depth = segments.length; depth > 0; depth -= 1) {
    try {
      await rmdir(join(tree, ...segments.slice(0, depth)));
    } catch {
      return;
    }
  }
}

export async function removeStaleStagedFiles(staging: string): Promise<void> {
  const cutoff = Date.now() - STALE_STAGED_MS;
  for (const name of await readdir(staging)) {
    const path = join(staging, name);
    const info = await stat(path).catch(() => null);
    if (info && info.mtimeMs < cutoff) await rm(path, { force: true });
  }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel.split(sep)[0] !== '..' && !isAbsolute(rel);
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** No such file, a path through a file, or a folder where a file was expected. */
export function isMissing(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR';
}

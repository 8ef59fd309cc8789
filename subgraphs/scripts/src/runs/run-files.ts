import { constants } from 'node:fs';
import { lstat, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFoundError } from '@etl/kit';
import { assertFileKey, contentTypeFor, fileBaseName } from '../files/file-keys.js';
import type { FileStore, StoredFileInfo } from '../files/store/file-store.js';

/** Files listed at a time under one run's folder (a run stores at most SCRIPT_MAX_OUTPUT_FILES). */
const FILES_PER_LISTING = 1000;

/** Sub-folders of `out/` a run may nest files in; deeper ones are reported, not stored. */
const MAX_OUTPUT_DEPTH = 16;

/** Copies each stored file into the run folder as `in/<name>`; the keys were checked for clashes. */
export async function placeInputFiles(store: FileStore, keys: readonly string[], inDir: string): Promise<void> {
  for (const key of keys) {
    const found = await store.copyToFile(key, join(inDir, fileBaseName(key)));
    if (!found) throw new NotFoundError(`No stored file ${JSON.stringify(key)}`);
  }
}

export interface CollectedOutputs {
  files: StoredFileInfo[];
  /** Why some files were not stored; empty when all were. */
  problems: string[];
}

export interface OutputLimits {
  maxFiles: number;
  maxFileBytes: number;
}

/**
 * Stores the regular files a run left under `out/` as `runs/<runId>/out/<relative path>`. The
 * script's processes are dead by now; symbolic links and anything that is not a regular file are
 * skipped (a link could point at the service's own files), and files are opened with O_NOFOLLOW.
 */
export async function collectOutputFiles(
  store: FileStore,
  runId: string,
  outDir: string,
  limits: OutputLimits,
): Promise<CollectedOutputs> {
  const collected: CollectedOutputs = { files: [], problems: [] };
  // The script may have replaced out/ itself with a link (to / on the host, say): not followed.
  const outStats = await lstat(outDir).catch(() => null);
  if (!outStats?.isDirectory()) {
    collected.problems.push('out: not a folder (a link or a file is not followed)');
    return collected;
  }
  const walk = async (dir: string, relative: string[]): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = [...relative, entry.name];
      const shown = `out/${path.join('/')}`;
      if (entry.isDirectory()) {
        if (path.length > MAX_OUTPUT_DEPTH) collected.problems.push(`${shown}: nested deeper than ${MAX_OUTPUT_DEPTH}`);
        else await walk(join(dir, entry.name), path);
      } else if (!entry.isFile()) {
        collected.problems.push(`${shown}: not a regular file (links and devices are not stored)`);
      } else if (collected.files.length >= limits.maxFiles) {
        collected.problems.push(`${shown}: more than ${limits.maxFiles} output files`);
      } else {
        const problem = await storeOne(store, `runs/${runId}/out/${path.join('/')}`, join(dir, entry.name), limits);
        if (typeof problem === 'string') collected.problems.push(`${shown}: ${problem}`);
        else collected.files.push(problem);
      }
    }
  };
  await walk(outDir, []);
  return collected;
}

async function storeOne(
  store: FileStore,
  key: string,
  path: string,
  limits: OutputLimits,
): Promise<StoredFileInfo | string> {
  try {
    assertFileKey(key);
  } catch (error) {
    return (error as Error).message;
  }
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) return 'not a regular file';
    if (stats.size > limits.maxFileBytes) return `${stats.size} bytes; the limit is ${limits.maxFileBytes}`;
    return await store.put(
      key,
      handle.createReadStream({ autoClose: false }),
      contentTypeFor(fileBaseName(key)),
      stats.size,
    );
  } finally {
    await handle.close();
  }
}

/** Deletes every file stored under the run's folder `runs/<runId>/`; answers how many. */
export async function deleteRunFiles(store: FileStore, runId: string): Promise<number> {
  let deleted = 0;
  for (;;) {
    const files = await store.list(`runs/${runId}/`, FILES_PER_LISTING);
    for (const file of files) if (await store.delete(file.key)) deleted += 1;
    if (files.length < FILES_PER_LISTING) return deleted;
  }
}

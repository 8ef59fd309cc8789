import { chmod, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** A run's private folder: its working directory and HOME, with `in/`, `out/` and `tmp/` inside. */
export interface RunFolder {
  path: string;
  inDir: string;
  outDir: string;
  tmpDir: string;
}

export async function makeRunFolder(parent: string): Promise<RunFolder> {
  // mkdtemp creates it with mode 0700: other users of the machine cannot look in.
  const path = await mkdtemp(join(parent, 'etl-run-'));
  const folder = { path, inDir: join(path, 'in'), outDir: join(path, 'out'), tmpDir: join(path, 'tmp') };
  try {
    await Promise.all([folder.inDir, folder.outDir, folder.tmpDir].map((dir) => mkdir(dir, { mode: 0o700 })));
  } catch (error) {
    await removeRunFolder(path);
    throw error;
  }
  return folder;
}

/**
 * Removes a run folder and everything the script left in it. A script may have taken the write or
 * search permission off its own folders (which stops rm for a user other than root): those are
 * given back and the removal tried once more. Errors past that are ignored: it is a temp folder.
 */
export async function removeRunFolder(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
  } catch {
    await restorePermissions(path);
    await rm(path, { recursive: true, force: true }).catch(() => undefined);
  }
}

async function restorePermissions(dir: string): Promise<void> {
  await chmod(dir, 0o700).catch(() => undefined);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (entry.isDirectory()) await restorePermissions(join(dir, entry.name));
  }
}

import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { readStackSettings } from './stack-settings.js';

/** The repository's root folder (this file is tools/stack/{src,dist}/paths.*). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the local stack keeps its database, keys and logs (`ETL_DATA_DIR`). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(repoRoot, readStackSettings(env).ETL_DATA_DIR);
}

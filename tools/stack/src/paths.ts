import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository's root folder (this file is tools/stack/{src,dist}/paths.*). */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Where the local stack keeps its database, keys and logs (`ETL_DATA_DIR`, default `.data/`). */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(repoRoot, env.ETL_DATA_DIR || '.data');
}

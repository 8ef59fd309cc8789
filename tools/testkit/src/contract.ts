import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** The shared contract beside the repository (`ETL_CONTRACT_DIR` to point elsewhere). */
export const contractDir = resolve(process.env.ETL_CONTRACT_DIR || resolve(repoRoot, '../shared/contract'));

export const schemaDir = resolve(repoRoot, 'schema');

export type ContractDocument = 'users' | 'scripts' | 'runs' | 'logs' | 'types';

/** A contract document's text, sent whole with an `operationName` so the exact text is tested. */
export function contractDocument(name: ContractDocument): string {
  return readFileSync(resolve(contractDir, `${name}.graphql`), 'utf8');
}
